using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Profiles;

/// <summary>Extracts and vets the certificate holder's public key.</summary>
public static class HolderPublicKey
{
    private const int MinimumRsaBits = 2048;

    /// <summary>
    /// Reads a DER PKCS#10 request (RFC 2986) and checks its self-signature, the holder's proof of possession
    /// of the private key; a request that fails is rejected with <see cref="InvalidCertificationRequestException"/>.
    /// </summary>
    public static PublicKey FromCertificationRequest(ReadOnlySpan<byte> pkcs10Der)
    {
        CertificateRequest request;
        try
        {
            // The hash argument only matters for re-signing, which never happens here; the signature check is on.
            request = CertificateRequest.LoadSigningRequest(
                pkcs10Der, HashAlgorithmName.SHA256, out int read, CertificateRequestLoadOptions.Default);
            if (read != pkcs10Der.Length)
            {
                throw new InvalidCertificationRequestException("The certification request has trailing data.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new InvalidCertificationRequestException(
                "The certification request is malformed or its signature does not verify with the enclosed key.", ex);
        }

        return Vet(request.PublicKey);
    }

    /// <summary>Reads a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), for keys whose proof of possession came another way.</summary>
    public static PublicKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> spkiDer)
    {
        PublicKey key;
        try
        {
            key = PublicKey.CreateFromSubjectPublicKeyInfo(spkiDer, out int read);
            if (read != spkiDer.Length)
            {
                throw new InvalidCertificationRequestException("The SubjectPublicKeyInfo has trailing data.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new InvalidCertificationRequestException("The SubjectPublicKeyInfo is malformed.", ex);
        }

        return Vet(key);
    }

    // ETSI TS 119 312 §6/§7: RSA moduli below 2048 bits and non-approved curves are not fit for qualified signatures.
    private static PublicKey Vet(PublicKey key)
    {
        try
        {
            using RSA? rsa = key.GetRSAPublicKey();
            if (rsa is not null)
            {
                return rsa.KeySize >= MinimumRsaBits
                    ? key
                    : throw new InvalidCertificationRequestException($"RSA keys must have at least {MinimumRsaBits} bits.");
            }

            using ECDsa? ecdsa = key.GetECDsaPublicKey();
            if (ecdsa is not null)
            {
                string? curve = ecdsa.ExportParameters(false).Curve.Oid.Value;
                return curve is PkiOids.NistP256 or PkiOids.NistP384 or PkiOids.NistP521
                    ? key
                    : throw new InvalidCertificationRequestException("EC keys must be on P-256, P-384 or P-521.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new InvalidCertificationRequestException("The public key cannot be decoded.", ex);
        }

        throw new InvalidCertificationRequestException("Only RSA and ECDSA holder keys are supported.");
    }
}
