using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Verification;

/// <summary>
/// The one table of hash and signature algorithm identifiers the verifiers accept (RFC 5754 §2, RFC 5758 §3.2,
/// RFC 4055 §5), and signature checks over raw DER with a certificate's public key.
/// </summary>
public static class SignatureAlgorithms
{
    /// <summary>The hash a digest algorithm OID names; null for one we do not accept.</summary>
    public static HashAlgorithmName? DigestAlgorithm(string? oid) => oid switch
    {
        PkiOids.Sha256 => HashAlgorithmName.SHA256,
        PkiOids.Sha384 => HashAlgorithmName.SHA384,
        PkiOids.Sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>Whether <paramref name="signer"/>'s key made <paramref name="signature"/> over <paramref name="data"/> with the algorithm <paramref name="algorithmOid"/>.</summary>
    public static bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> data, string algorithmOid, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(signature);
        var (hash, ec) = algorithmOid switch
        {
            PkiOids.EcdsaWithSha256 => (HashAlgorithmName.SHA256, true),
            PkiOids.EcdsaWithSha384 => (HashAlgorithmName.SHA384, true),
            PkiOids.EcdsaWithSha512 => (HashAlgorithmName.SHA512, true),
            PkiOids.Sha256WithRsa => (HashAlgorithmName.SHA256, false),
            PkiOids.Sha384WithRsa => (HashAlgorithmName.SHA384, false),
            PkiOids.Sha512WithRsa => (HashAlgorithmName.SHA512, false),
            _ => (default, false),
        };
        if (hash == default)
        {
            return false;
        }

        try
        {
            if (ec)
            {
                using var ecdsa = signer.GetECDsaPublicKey();
                return ecdsa is not null && ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
            }

            using var rsa = signer.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="issuer"/> issued <paramref name="certificate"/>: its subject is the certificate's issuer name
    /// and its key verifies the certificate's signature over tbsCertificate (RFC 5280 §4.1.1.3, §6.1.3).
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        if (!issuer.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
        {
            return false;
        }

        try
        {
            var cert = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = cert.ReadEncodedValue();
            var algorithm = cert.ReadSequence().ReadObjectIdentifier();
            var signature = cert.ReadBitString(out _);
            return Verify(issuer, tbs.Span, algorithm, signature);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
