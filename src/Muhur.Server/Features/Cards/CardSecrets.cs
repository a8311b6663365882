using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Muhur.Server.Features.Cards;

/// <summary>The <c>Muhur:Cards</c> configuration section.</summary>
internal sealed class CardOptions
{
    public const string Section = "Muhur:Cards";

    /// <summary>Base64 of 32 random bytes: wraps every card's data key. From a secret store, never from a file in the repository.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Names the master key in each envelope, so a new one can be introduced beside the old.</summary>
    public string MasterKeyId { get; set; } = "1";

    /// <summary>
    /// The PKCS#11 module (driver) of the centre's card writer, used by the production page <c>/merkez/uretim</c>
    /// (<c>Muhur__Cards__ModulePath</c>). In Development SoftHSM2's is used when this is empty and SoftHSM2 is installed.
    /// </summary>
    public string? ModulePath { get; set; }
}

/// <summary>A card's PIN and PUK, sealed: what the database stores.</summary>
internal sealed record SealedCardSecrets(string MasterKeyId, byte[] WrappedDataKey, byte[] PinEnvelope, byte[] PukEnvelope);

/// <summary>
/// Envelope encryption of PIN and PUK (R-CARD-2, R-X-3): each card gets a random 256-bit data key; the
/// PIN and the PUK are each sealed with AES-256-GCM under it, and the data key is sealed under the master
/// key. The card serial and the field name are the associated data, so an envelope cannot be moved to
/// another card or swapped between PIN and PUK without failing authentication.
/// </summary>
internal sealed class CardSecrets(IOptions<CardOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public SealedCardSecrets Seal(string cardSerial, string pin, string puk)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            return new SealedCardSecrets(
                options.Value.MasterKeyId,
                Seal(MasterKey(), dataKey, Context(cardSerial, "data-key")),
                Seal(dataKey, Encoding.UTF8.GetBytes(pin), Context(cardSerial, "pin")),
                Seal(dataKey, Encoding.UTF8.GetBytes(puk), Context(cardSerial, "puk")));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Opens the PIN and PUK for the holder's PIN/PUK screen; throws if anything was altered.</summary>
    public (string Pin, string Puk) Open(string cardSerial, SealedCardSecrets sealedSecrets)
    {
        ArgumentNullException.ThrowIfNull(sealedSecrets);
        if (sealedSecrets.MasterKeyId != options.Value.MasterKeyId)
        {
            throw new CryptographicException($"The card's secrets are sealed with master key '{sealedSecrets.MasterKeyId}', which is not configured.");
        }

        var dataKey = Open(MasterKey(), sealedSecrets.WrappedDataKey, Context(cardSerial, "data-key"));
        try
        {
            return (
                Encoding.UTF8.GetString(Open(dataKey, sealedSecrets.PinEnvelope, Context(cardSerial, "pin"))),
                Encoding.UTF8.GetString(Open(dataKey, sealedSecrets.PukEnvelope, Context(cardSerial, "puk"))));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// The security officer PIN a token carries while it is being produced: derived from the master key and the token's
    /// label, so that a production that stops half-way (key generation refused, the certificate not written) leaves a
    /// token the server can initialise again (PKCS#11 v2.40 §5.5 C_InitToken asks an initialised token's SO PIN), while
    /// nobody without the master key can. The card's own random PUK replaces it only once the card is complete.
    /// </summary>
    public string TransportPuk(string tokenLabel)
    {
        var key = MasterKey();
        try
        {
            var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"muhur-card-transport|{tokenLabel}"));
            return Convert.ToHexString(mac, 0, 8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private byte[] MasterKey()
    {
        var configured = options.Value.MasterKey;
        byte[] key;
        try
        {
            key = string.IsNullOrEmpty(configured) ? [] : Convert.FromBase64String(configured);
        }
        catch (FormatException)
        {
            key = [];
        }

        return key.Length == 32
            ? key
            : throw new InvalidOperationException(
                "Kart anahtarı yapılandırılmamış: Muhur__Cards__MasterKey 32 baytın base64'ü olmalı. / " +
                "The card master key is not configured: Muhur__Cards__MasterKey must be the base64 of 32 bytes.");
    }

    private static byte[] Context(string cardSerial, string field) => Encoding.UTF8.GetBytes($"muhur-card|{cardSerial}|{field}");

    // nonce (12) || ciphertext || tag (16), NIST SP 800-38D.
    private static byte[] Seal(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        using var aes = new AesGcm(key, TagSize);
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    private static byte[] Open(byte[] key, byte[] envelope, byte[] associatedData)
    {
        if (envelope.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The envelope is too short.");
        }

        using var aes = new AesGcm(key, TagSize);
        var plaintext = new byte[envelope.Length - NonceSize - TagSize];
        aes.Decrypt(envelope.AsSpan(0, NonceSize), envelope.AsSpan(NonceSize, plaintext.Length), envelope.AsSpan(envelope.Length - TagSize), plaintext, associatedData);
        return plaintext;
    }
}
