using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.SmartCard;

namespace Muhur.Server.Features.Cards;

/// <summary>The token's answer when the serial it was to carry is on a token this server cannot take (not a blank, not one of its leftovers).</summary>
internal sealed class CardSerialOnTokenException : Exception
{
    public CardSerialOnTokenException()
    {
    }

    public CardSerialOnTokenException(string message)
        : base(message)
    {
    }

    public CardSerialOnTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A card made on a PKCS#11 token (R-CARD-1). The token taken is a blank (uninitialised) one, or one a failed production
/// left behind: initialised with a label no card record has, whose security officer PIN is still the transport PUK
/// (<see cref="CardSecrets.TransportPuk"/>), so C_InitToken with it makes the token blank again (PKCS#11 v2.40 §5.5).
/// Leftovers are taken first, so a failed production never strands a token. The key pair is generated on the card
/// (sensitive, not extractable); the card's random PUK replaces the transport PUK only in <see cref="Complete"/>.
/// </summary>
internal sealed class TokenCardMedium : ICardMedium
{
    private readonly Pkcs11Module _module;
    private readonly IReadOnlyList<TokenSlot> _tokens;
    private readonly Func<string, string> _transportPuk;
    private readonly byte[] _keyId = RandomNumberGenerator.GetBytes(16);
    private List<TokenSlot> _candidates = [];
    private Pkcs11Session? _session;
    private CardCredentials? _credentials;
    private ulong _slot;
    private bool _completed;

    private TokenCardMedium(Pkcs11Module module, Func<string, string> transportPuk)
    {
        _module = module;
        _transportPuk = transportPuk;
        _tokens = module.GetSlots(tokenPresent: true)
            .Select(s => (s.SlotId, Info: module.GetTokenInfo(s.SlotId)))
            .Select(t => new TokenSlot(t.SlotId, t.Info.Label.Trim(), t.Info.Flags.HasFlag(TokenState.TokenInitialized)))
            .ToList();
    }

    public string Manufacturer { get; private set; } = string.Empty;

    public string Model { get; private set; } = string.Empty;

    /// <summary>The labels of the initialised tokens present, to be checked against the card records.</summary>
    public IReadOnlyList<string> InitialisedLabels => [.. _tokens.Where(t => t.Initialised).Select(t => t.Label)];

    /// <summary>Loads the module and lists its tokens; throws <see cref="Pkcs11ModuleException"/> when it cannot be loaded.</summary>
    public static TokenCardMedium Open(string modulePath, Func<string, string> transportPuk)
    {
        var module = Pkcs11Module.Load(modulePath);
        try
        {
            return new TokenCardMedium(module, transportPuk);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Chooses the tokens this card may be made on, best first; false when there is none. A token already labelled with
    /// the serial is the only one considered: no second token may get the same label.
    /// </summary>
    public bool Choose(string serial, ulong? slot, IReadOnlySet<string> recordedSerials)
    {
        ArgumentNullException.ThrowIfNull(recordedSerials);
        bool IsLeftover(TokenSlot t) =>
            t.Initialised && !recordedSerials.Contains(t.Label) && (t.Label == serial || CardSerials.IsGenerated(t.Label));

        var sameLabel = _tokens.Where(t => t.Initialised && t.Label == serial).ToList();
        IEnumerable<TokenSlot> candidates = sameLabel.Count > 0
            ? sameLabel.Where(IsLeftover)
            : _tokens.Where(IsLeftover).Concat(_tokens.Where(t => !t.Initialised));
        if (slot is { } wanted)
        {
            candidates = candidates.Where(t => t.SlotId == wanted);
        }

        _candidates = [.. candidates];
        return _candidates.Count > 0;
    }

    /// <summary>How many tokens a production could take now: blank ones and leftovers of failed productions.</summary>
    public int UsableCount(IReadOnlySet<string> recordedSerials)
    {
        ArgumentNullException.ThrowIfNull(recordedSerials);
        return _tokens.Count(t => !t.Initialised || (!recordedSerials.Contains(t.Label) && CardSerials.IsGenerated(t.Label)));
    }

    public PublicKey GenerateKey(CardCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
        var soPin = Initialise(credentials);

        // SoftHSM moves an initialised token to another slot, so the slot is found again by its new label.
        _slot = _module.GetSlots(tokenPresent: true).Single(s => _module.GetTokenInfo(s.SlotId).Label.Trim() == credentials.Serial).SlotId;
        var token = _module.GetTokenInfo(_slot);
        Manufacturer = token.Manufacturer;
        Model = token.Model;

        _session = _module.OpenSession(_slot, readWrite: true);
        _session.Login(UserType.SecurityOfficer, soPin);
        if (soPin != credentials.TransportPuk)
        {
            // A reused token keeps the SO PIN it had (C_InitToken does not change it): it becomes this label's transport PUK.
            _session.SetPin(soPin, credentials.TransportPuk);
        }

        _session.InitPin(credentials.Pin);
        _session.Logout();
        _session.Login(UserType.User, credentials.Pin);
        var keyPair = credentials.Rsa
            ? _session.GenerateRsaKeyPair(2048, credentials.Serial, _keyId)
            : _session.GenerateEcP256KeyPair(credentials.Serial, _keyId);
        return keyPair.PublicKey;
    }

    public void WriteCertificate(byte[] der)
    {
        var session = _session ?? throw new InvalidOperationException("No key was generated.");
        session.CreateCertificateObject(der, _credentials!.Serial, _keyId);
    }

    public void Complete()
    {
        var session = _session ?? throw new InvalidOperationException("No key was generated.");
        session.Logout();
        session.Login(UserType.SecurityOfficer, _credentials!.TransportPuk);
        session.SetPin(_credentials.TransportPuk, _credentials.Puk);
        session.Logout();
        _completed = true;
    }

    public void Abandon()
    {
        if (!_completed || _credentials is null)
        {
            // Before Complete the SO PIN is still the transport PUK: the token is a leftover a later production takes.
            return;
        }

        try
        {
            _session?.Dispose();
            _session = _module.OpenSession(_slot, readWrite: true);
            _session.Login(UserType.SecurityOfficer, _credentials.Puk);
            _session.SetPin(_credentials.Puk, _credentials.TransportPuk);
            _session.Logout();
            _completed = false;
        }
        catch (Pkcs11Exception)
        {
            // The card is gone or refuses: it cannot be taken again automatically, and no record says it exists.
        }
    }

    public void Dispose()
    {
        _session?.Dispose();
        _module.Dispose();
    }

    /// <summary>Initialises the first candidate that takes it; the SO PIN it now has.</summary>
    private string Initialise(CardCredentials credentials)
    {
        // PKCS#11 v2.40 §5.5: a token lists the mechanisms it performs (C_GetMechanismList). One that cannot generate the
        // key pair is refused before it is initialised, so it is left exactly as it was.
        var mechanism = credentials.Rsa ? MechanismType.RsaPkcsKeyPairGen : MechanismType.EcKeyPairGen;
        var able = _candidates.Where(c => _module.GetMechanisms(c.SlotId).Contains(mechanism)).ToList();
        if (able.Count == 0)
        {
            throw new Pkcs11Exception(ReturnValues.MechanismInvalid, "C_GetMechanismList");
        }

        foreach (var candidate in able)
        {
            var soPin = candidate.Initialised ? _transportPuk(candidate.Label) : credentials.TransportPuk;
            try
            {
                _module.InitToken(candidate.SlotId, soPin, credentials.Serial);
                return soPin;
            }
            catch (Pkcs11Exception ex) when (candidate.Initialised && ex.Code is ReturnValues.PinIncorrect or ReturnValues.PinLocked)
            {
                // Not a token this server initialised: left alone.
                if (candidate.Label == credentials.Serial)
                {
                    throw new CardSerialOnTokenException($"A token labelled {credentials.Serial} is not one this server can initialise.", ex);
                }
            }
        }

        throw new CardSerialOnTokenException("No token could be initialised.");
    }

    private sealed record TokenSlot(ulong SlotId, string Label, bool Initialised);
}

/// <summary>Card serials: given by the officer, or generated (R-CARD-1).</summary>
internal static partial class CardSerials
{
    public const string GeneratedPrefix = "MHR-";

    /// <summary>The token label (PKCS#11 CK_TOKEN_INFO.label) has 32 characters.</summary>
    public static bool IsValid(string serial) => Pattern().IsMatch(serial);

    public static bool IsGenerated(string serial) => GeneratedPattern().IsMatch(serial);

    /// <summary>"MHR-" and ten random digits: no sequence to share between nodes; a collision is refused by the card table's key.</summary>
    public static string Generate() =>
        GeneratedPrefix + RandomNumberGenerator.GetInt32(0, 100_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetInt32(0, 100_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z0-9-]{4,32}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    [System.Text.RegularExpressions.GeneratedRegex("^MHR-[0-9]{10}$")]
    private static partial System.Text.RegularExpressions.Regex GeneratedPattern();
}
