using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Muhur.Pki.Authority;

namespace Muhur.Signer;

/// <summary>
/// CAdES-BES (ETSI EN 319 122-1) CMS SignedData: attached over a verification code (R-APP-8, R-EONAY-1), or
/// detached over a file's bytes (R-CARD-5).
/// </summary>
public static class CadesSignature
{
    /// <summary>id-aa-signingCertificateV2 (RFC 5035 §3).</summary>
    public const string SigningCertificateV2Oid = PkiOids.SigningCertificateV2;

    /// <summary>
    /// Signs <paramref name="code"/> (UTF-8, attached) with SHA-256. SignedCms adds content-type and message-digest;
    /// signing-time and signing-certificate-v2 are added here. The signer certificate is included.
    /// </summary>
    /// <param name="code">The verification code; signed as its UTF-8 bytes.</param>
    /// <param name="certificate">The signer's certificate, included in the SignedData.</param>
    /// <param name="privateKey">The token-backed key (<see cref="TokenEcdsa"/> or <see cref="TokenRsa"/>).</param>
    /// <param name="signingTimeUtc">The signing-time attribute value.</param>
    public static byte[] Sign(string code, X509Certificate2 certificate, AsymmetricAlgorithm privateKey, DateTime signingTimeUtc)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Sign(Encoding.UTF8.GetBytes(code), detached: false, certificate, privateKey, signingTimeUtc);
    }

    /// <summary>
    /// Signs <paramref name="content"/> detached (R-CARD-5): the SignedData carries no encapsulated content, the
    /// message-digest attribute binds the file's SHA-256. Same attributes and certificate as <see cref="Sign(string, X509Certificate2, AsymmetricAlgorithm, DateTime)"/>.
    /// </summary>
    public static byte[] SignDetached(byte[] content, X509Certificate2 certificate, AsymmetricAlgorithm privateKey, DateTime signingTimeUtc)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Sign(content, detached: true, certificate, privateKey, signingTimeUtc);
    }

    /// <summary>
    /// The CMS of a PAdES baseline signature (ETSI EN 319 142-1 §6.3): detached over the PDF's /ByteRange, with
    /// content-type, message-digest and signing-certificate-v2, and without signing-time, because PAdES carries the
    /// claimed signing time in the signature dictionary's /M entry instead.
    /// </summary>
    public static byte[] SignPdfByteRange(byte[] byteRangeContent, X509Certificate2 certificate, AsymmetricAlgorithm privateKey)
    {
        ArgumentNullException.ThrowIfNull(byteRangeContent);
        return Sign(byteRangeContent, detached: true, certificate, privateKey, signingTimeUtc: null);
    }

    private static byte[] Sign(byte[] content, bool detached, X509Certificate2 certificate, AsymmetricAlgorithm privateKey, DateTime? signingTimeUtc)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        // CmsSigner takes the key directly: X509Certificate2.CopyWithPrivateKey on Linux exports the private
        // parameters into an OpenSSL key, which a key that never leaves the card cannot do.
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, privateKey)
        {
            DigestAlgorithm = new Oid(PkiOids.Sha256),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        if (signingTimeUtc is { } signingTime)
        {
            signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime));
        }
        signer.SignedAttributes.Add(new AsnEncodedData(new Oid(SigningCertificateV2Oid), SigningCertificateV2(certificate)));
        var cms = new SignedCms(new ContentInfo(content), detached);
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>
    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with one ESSCertIDv2 { certHash, issuerSerial }
    /// (RFC 5035 §3); hashAlgorithm is omitted because SHA-256 is its DEFAULT and DER leaves defaults out.
    /// </summary>
    public static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
            // IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber } (RFC 5035 §4).
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    // GeneralName directoryName [4] Name (EXPLICIT, since Name is a CHOICE).
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                    {
                        writer.WriteEncodedValue(certificate.IssuerName.RawData);
                    }
                }
                writer.WriteInteger(certificate.SerialNumberBytes.Span);
            }
        }
        return writer.Encode();
    }
}
