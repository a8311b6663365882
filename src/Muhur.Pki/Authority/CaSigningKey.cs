using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Muhur.Pki.Authority;

/// <summary>
/// A handle to a CA private key held by an <see cref="ICaKeyStore"/>: it can sign, from any number of threads at
/// once, but never exposes key material, so a PKCS#11 store can hand out the same type backed by HSM sessions.
/// </summary>
public sealed class CaSigningKey
{
    private readonly Func<byte[], byte[]> _hashSigner;
    private byte[]? _signatureAlgorithmIdentifier;

    /// <param name="name">The key's name in its store.</param>
    /// <param name="algorithm">The key's algorithm.</param>
    /// <param name="publicKey">The public half.</param>
    /// <param name="signatureGenerator">Signs data (certificates); must allow concurrent calls.</param>
    /// <param name="hashSigner">
    /// Signs a digest already computed with <see cref="HashAlgorithm"/>, in the same X.509 format as
    /// <paramref name="signatureGenerator"/>: large documents (a CRL of a million entries) are hashed piece by piece
    /// and never held whole. An HSM signs digests natively (CKM_ECDSA, CKM_RSA_PKCS with a DigestInfo). Must allow
    /// concurrent calls.
    /// </param>
    public CaSigningKey(
        string name, CaKeyAlgorithm algorithm, PublicKey publicKey, X509SignatureGenerator signatureGenerator, Func<byte[], byte[]> hashSigner)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signatureGenerator);
        ArgumentNullException.ThrowIfNull(hashSigner);
        Name = name;
        Algorithm = algorithm;
        PublicKey = publicKey;
        SignatureGenerator = signatureGenerator;
        _hashSigner = hashSigner;
    }

    public string Name { get; }

    public CaKeyAlgorithm Algorithm { get; }

    public PublicKey PublicKey { get; }

    /// <summary>The generator to pass to <c>CertificateRequest.Create</c>.</summary>
    public X509SignatureGenerator SignatureGenerator { get; }

    public HashAlgorithmName HashAlgorithm => Algorithm.GetHashAlgorithm();

    /// <summary>DER AlgorithmIdentifier of the signatures this key produces (RFC 5280 §4.1.1.2).</summary>
    public ReadOnlyMemory<byte> SignatureAlgorithmIdentifier =>
        _signatureAlgorithmIdentifier ??= SignatureGenerator.GetSignatureAlgorithmIdentifier(HashAlgorithm);

    /// <summary>Signs <paramref name="data"/> in the X.509 signature format of the key (DER ECDSA-Sig-Value or PKCS#1 v1.5).</summary>
    public byte[] Sign(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SignatureGenerator.SignData(data, HashAlgorithm);
    }

    /// <summary>Signs a digest made with <see cref="HashAlgorithm"/>; same output format as <see cref="Sign"/>.</summary>
    public byte[] SignHash(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return _hashSigner(hash);
    }
}
