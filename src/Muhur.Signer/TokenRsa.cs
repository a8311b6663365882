using System.Security.Cryptography;
using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>
/// An <see cref="RSA"/> whose private key stays on the token. Only PKCS#1 v1.5 signing is supported: the hash is
/// wrapped in a DigestInfo (RFC 8017 §9.2) and signed with CKM_RSA_PKCS (PKCS#11 v2.40 Mechanisms §2.1.6).
/// </summary>
public sealed class TokenRsa : RSA
{
    private readonly Pkcs11Session _session;
    private readonly ObjectHandle _privateKey;
    private readonly RSAParameters _publicParameters;

    public TokenRsa(Pkcs11Session session, ObjectHandle privateKey, RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(publicKey);
        _session = session;
        _privateKey = privateKey;
        _publicParameters = publicKey.ExportParameters(includePrivateParameters: false);
        KeySizeValue = publicKey.KeySize;
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(padding);
        if (padding != RSASignaturePadding.Pkcs1)
        {
            throw new CryptographicException("Kart yalnızca PKCS#1 v1.5 RSA imzası atar.");
        }
        return _session.Sign(_privateKey, MechanismType.RsaPkcs, [.. DigestInfoPrefix(hashAlgorithm, hash.Length), .. hash]);
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        using var verifier = Create(_publicParameters);
        return verifier.VerifyHash(hash, signature, hashAlgorithm, padding);
    }

    public override RSAParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters
            ? throw new CryptographicException("Özel anahtar kartın dışına çıkarılamaz.")
            : _publicParameters;

    public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException();

    /// <summary>The DER DigestInfo header before the hash value (RFC 8017 §9.2 note 1).</summary>
    private static byte[] DigestInfoPrefix(HashAlgorithmName hashAlgorithm, int hashLength)
    {
        byte[] prefix = hashAlgorithm.Name switch
        {
            "SHA256" => [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
            "SHA384" => [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30],
            "SHA512" => [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40],
            _ => throw new CryptographicException($"Desteklenmeyen özet algoritması: {hashAlgorithm.Name}"),
        };
        if (prefix[^1] != hashLength)
        {
            throw new CryptographicException("Özet uzunluğu algoritmayla uyuşmuyor.");
        }
        return prefix;
    }
}
