using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.SmartCard;

namespace Muhur.Server.Features.Cards;

/// <summary>What the centre officer gives to produce a card: the token and a person registered at an institution.</summary>
internal sealed record ProduceCardRequest(
    string ModulePath,
    string CardSerial,
    Guid PersonId,
    Guid InstitutionId,
    ulong? Slot = null,
    bool Rsa = false);

internal enum ProduceCardOutcome
{
    Produced,
    InvalidCardSerial,
    CardSerialInUse,
    NotRegistered,
    InvalidIdentifier,
    RenewalTooEarly,
    NoBlankToken,

    /// <summary>See <see cref="IssueOutcome.NameNotConforming"/>; refused before the card is touched.</summary>
    NameNotConforming,
}

internal sealed record ProduceCardResult(ProduceCardOutcome Outcome, Card? Card, IssuedCertificate? Certificate, DateTimeOffset? RenewalOpensAt = null);

/// <summary>
/// R-CARD-1: initialises a blank token with the card serial as its label and a random PUK (the security
/// officer PIN), sets a random 6-digit PIN, generates the key pair on the card (private key sensitive and
/// not extractable), has the CA issue the qualified certificate for that public key, writes the
/// certificate to the card next to its key (same CKA_ID), and records the card with its PIN and PUK
/// sealed (<see cref="CardSecrets"/>). The PIN and PUK are never logged, printed or returned.
/// </summary>
internal sealed partial class ProduceCard(
    MuhurDbContext db,
    ActiveCertificateAuthority authority,
    IssueCertificate issueCertificate,
    CardSecrets secrets,
    AuditLog audit,
    TimeProvider time)
{
    public async Task<ProduceCardResult> RunAsync(ProduceCardRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!CardSerialPattern().IsMatch(request.CardSerial))
        {
            return new ProduceCardResult(ProduceCardOutcome.InvalidCardSerial, null, null);
        }

        var holder = await db.People.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == request.PersonId && p.InstitutionId == request.InstitutionId, cancellationToken);
        if (holder is null)
        {
            return new ProduceCardResult(ProduceCardOutcome.NotRegistered, null, null);
        }

        try
        {
            _ = holder.Identifier;
        }
        catch (FormatException)
        {
            return new ProduceCardResult(ProduceCardOutcome.InvalidIdentifier, null, null);
        }

        var institutionName = await db.Institutions.Where(i => i.Id == request.InstitutionId).Select(i => i.Name).SingleAsync(cancellationToken);
        if (!IssueCertificate.HolderNamesConform(holder.GivenName, holder.Surname, institutionName))
        {
            return new ProduceCardResult(ProduceCardOutcome.NameNotConforming, null, null);
        }

        if (await db.Cards.AnyAsync(c => c.Serial == request.CardSerial, cancellationToken))
        {
            return new ProduceCardResult(ProduceCardOutcome.CardSerialInUse, null, null);
        }

        if (await issueCertificate.RenewalOpensLaterAsync(request.PersonId, request.InstitutionId, cancellationToken) is { } opensAt)
        {
            return new ProduceCardResult(ProduceCardOutcome.RenewalTooEarly, null, null, opensAt);
        }

        // Everything that can refuse is checked before the card is touched: the CA must be ready too.
        await authority.GetAsync(cancellationToken);

        var pin = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var puk = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        var keyId = RandomNumberGenerator.GetBytes(16);

        using var module = Pkcs11Module.Load(request.ModulePath);
        if (module.GetSlots(tokenPresent: true).Any(s => module.GetTokenInfo(s.SlotId).Label == request.CardSerial))
        {
            // A card already carries this serial (an earlier production that stopped half-way, say).
            return new ProduceCardResult(ProduceCardOutcome.CardSerialInUse, null, null);
        }

        var blank = request.Slot ?? module.GetSlots(tokenPresent: true)
            .Where(s => !module.GetTokenInfo(s.SlotId).Flags.HasFlag(TokenState.TokenInitialized))
            .Select(s => (ulong?)s.SlotId)
            .FirstOrDefault();
        if (blank is null)
        {
            return new ProduceCardResult(ProduceCardOutcome.NoBlankToken, null, null);
        }

        // PKCS#11 v2.40 §5.5 C_InitToken: the SO PIN given here becomes the card's PUK. Some tokens
        // (SoftHSM) move an initialised token to another slot, so the slot is found again by label.
        module.InitToken(blank.Value, puk, request.CardSerial);
        var slot = module.GetSlots(tokenPresent: true).Single(s => module.GetTokenInfo(s.SlotId).Label == request.CardSerial).SlotId;
        var token = module.GetTokenInfo(slot);

        using var session = module.OpenSession(slot, readWrite: true);
        session.Login(UserType.SecurityOfficer, puk);
        session.InitPin(pin);
        session.Logout();
        session.Login(UserType.User, pin);
        var keyPair = request.Rsa
            ? session.GenerateRsaKeyPair(2048, request.CardSerial, keyId)
            : session.GenerateEcP256KeyPair(request.CardSerial, keyId);

        var issued = await issueCertificate.RunAsync(
            new IssueCertificateRequest(keyPair.PublicKey, request.PersonId, request.InstitutionId),
            actor,
            cancellationToken);
        switch (issued.Outcome)
        {
            // All checked above; only a concurrent issuance or change of the registration gets here.
            case IssueOutcome.RenewalTooEarly:
                return new ProduceCardResult(ProduceCardOutcome.RenewalTooEarly, null, null, issued.RenewalOpensAt);
            case IssueOutcome.NotRegistered:
                return new ProduceCardResult(ProduceCardOutcome.NotRegistered, null, null);
            case IssueOutcome.InvalidIdentifier:
                return new ProduceCardResult(ProduceCardOutcome.InvalidIdentifier, null, null);
            case IssueOutcome.NameNotConforming:
                return new ProduceCardResult(ProduceCardOutcome.NameNotConforming, null, null);
        }

        session.CreateCertificateObject(issued.Certificate!.Der, request.CardSerial, keyId);
        session.Logout();

        var card = Card.Create(
            request.CardSerial, token.Manufacturer, token.Model, issued.Certificate.Serial, request.PersonId, request.InstitutionId,
            secrets.Seal(request.CardSerial, pin, puk), actor, time.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Cards.Add(card);
        await audit.AppendAsync(
            db, actor, AuditActions.CardProduced, $"card:{card.Serial}",
            new { Certificate = issued.Certificate.SerialHex, card.TokenModel, Key = request.Rsa ? "RSA-2048" : "EC-P256" },
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ProduceCardResult(ProduceCardOutcome.Produced, card, issued.Certificate);
    }

    // The token label (PKCS#11 CK_TOKEN_INFO.label) has 32 characters.
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z0-9-]{4,32}$")]
    private static partial System.Text.RegularExpressions.Regex CardSerialPattern();
}
