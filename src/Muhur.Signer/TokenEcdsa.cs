using System.Security.Cryptography;
using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>
/// An <see cref="ECDsa"/> whose private key stays on the token: <see cref="SignHash(byte[])"/> sends the hash to the
/// card with CKM_ECDSA (PKCS#11 v2.40 Mechanisms §2.3.1), which returns r||s, the IEEE P1363 form .NET expects from
/// SignHash (the base class converts it to DER where CMS needs that).
/// </summary>
public sealed class TokenEcdsa : ECDsa
{
    private readonly Pkcs11Session _session;
    private readonly ObjectHandle _privateKey;
    private readonly ECParameters _publicParameters;

    /// <param name="session">A session logged in as the user; it must outlive this object.</param>
    /// <param name="privateKey">The CKO_PRIVATE_KEY handle.</param>
    /// <param name="publicKey">The matching public key, e.g. from the certificate.</param>
    public TokenEcdsa(Pkcs11Session session, ObjectHandle privateKey, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(publicKey);
        _session = session;
        _privateKey = privateKey;
        _publicParameters = publicKey.ExportParameters(includePrivateParameters: false);
        KeySizeValue = publicKey.KeySize;
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    public override byte[] SignHash(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return _session.Sign(_privateKey, MechanismType.Ecdsa, hash);
    }

    public override bool VerifyHash(byte[] hash, byte[] signature)
    {
        using var verifier = Create(_publicParameters);
        return verifier.VerifyHash(hash, signature);
    }

    public override ECParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters
            ? throw new CryptographicException("Özel anahtar kartın dışına çıkarılamaz.")
            : _publicParameters;

    public override ECParameters ExportExplicitParameters(bool includePrivateParameters) =>
        throw new NotSupportedException();

    public override void ImportParameters(ECParameters parameters) => throw new NotSupportedException();

    public override void GenerateKey(ECCurve curve) => throw new NotSupportedException();
}
