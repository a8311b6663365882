using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;
using Muhur.Pki.Signatures;

namespace Muhur.Pki.Verification;

/// <summary>What signing-certificate-v2 says about the signer certificate.</summary>
public enum SigningCertificateMatch
{
    /// <summary>The first ESSCertIDv2 names this certificate by hash and, when present, by issuer and serial.</summary>
    Matches,

    /// <summary>No attribute, more than one, or one that cannot be read: not CAdES-BES.</summary>
    Missing,

    /// <summary>The attribute names another certificate (certHash or issuerSerial differ).</summary>
    Mismatch,
}

/// <summary>
/// The signed attributes of a CAdES-BES signature (ETSI EN 319 122-1 §5.1, §5.2): content-type and message-digest
/// (RFC 5652 §11.1, §11.2), signing-time (§11.3) and signing-certificate-v2 (RFC 5035 §3). Every value is anyone's
/// bytes: read with <see cref="AsnReader"/>, never trusted to decode.
/// </summary>
public static class CadesAttributes
{
    /// <summary>
    /// RFC 5652 §11.3: signing-time ::= Time (UTCTime or GeneralizedTime), one value, at most one such attribute
    /// (§11: a signed attribute appears once), decoded by <see cref="CmsSigningTime"/>.
    /// </summary>
    /// <returns>false when a signing-time attribute is present but is not exactly one valid time: the signer signed
    /// something that is not a CAdES signing-time, which is a fault of the signature.</returns>
    public static bool TryReadSigningTime(SignerInfo signer, out DateTimeOffset? signingTime)
    {
        ArgumentNullException.ThrowIfNull(signer);
        signingTime = null;
        var found = false;
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value != PkiOids.SigningTime)
            {
                continue;
            }

            if (found || attribute.Values.Count != 1 || !CmsSigningTime.TryDecode(attribute.Values[0].RawData, out var decoded))
            {
                signingTime = null;
                return false;
            }

            found = true;
            signingTime = decoded;
        }

        return true;
    }

    /// <summary>
    /// Whether the signed message-digest (RFC 5652 §11.2) is the content's digest under the signer's digest algorithm.
    /// Used after the signature failed, to tell a changed file from a broken signature.
    /// </summary>
    public static bool MessageDigestMatches(SignerInfo signer, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(signer);
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value != PkiOids.MessageDigest || attribute.Values.Count != 1)
            {
                continue;
            }

            if (SignatureAlgorithms.DigestAlgorithm(signer.DigestAlgorithm.Value) is not { } algorithm)
            {
                return false;
            }

            try
            {
                var digest = new AsnReader(attribute.Values[0].RawData, AsnEncodingRules.DER).ReadOctetString();
                return CryptographicOperations.FixedTimeEquals(digest, HashData(algorithm, content));
            }
            catch (AsnContentException)
            {
                return true; // not a digest at all: the signature is broken, not the file changed
            }
        }

        return false;
    }

    /// <summary>Whether the content-type attribute (RFC 5652 §11.1) is present once and equals the encapsulated content type.</summary>
    public static bool ContentTypeMatches(SignerInfo signer, string contentType)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var values = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Where(a => a.Oid.Value == PkiOids.ContentType).ToList();
        if (values.Count != 1 || values[0].Values.Count != 1)
        {
            return false;
        }

        try
        {
            return new AsnReader(values[0].Values[0].RawData, AsnEncodingRules.DER).ReadObjectIdentifier() == contentType;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>
    /// RFC 5035 §3, §4: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, … }; the first ESSCertIDv2
    /// names the signer certificate by certHash (hashAlgorithm DEFAULT SHA-256) and, when issuerSerial is present, by
    /// the issuer's directoryName and the serial number, both of which must then be the certificate's.
    /// </summary>
    public static SigningCertificateMatch CheckSigningCertificateV2(SignerInfo signer, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(certificate);
        var attributes = signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Where(a => a.Oid.Value == PkiOids.SigningCertificateV2).ToList();
        if (attributes.Count != 1 || attributes[0].Values.Count != 1)
        {
            return SigningCertificateMatch.Missing;
        }

        try
        {
            var certs = new AsnReader(attributes[0].Values[0].RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
            var essCertId = certs.ReadSequence();
            HashAlgorithmName? algorithm = HashAlgorithmName.SHA256;
            if (essCertId.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                algorithm = SignatureAlgorithms.DigestAlgorithm(essCertId.ReadSequence().ReadObjectIdentifier());
            }

            var hash = essCertId.ReadOctetString();
            if (algorithm is not { } name)
            {
                return SigningCertificateMatch.Missing;
            }

            if (!CryptographicOperations.FixedTimeEquals(hash, HashData(name, certificate.RawData)))
            {
                return SigningCertificateMatch.Mismatch;
            }

            if (!essCertId.HasData)
            {
                return SigningCertificateMatch.Matches;
            }

            // IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }; the issuer is a
            // directoryName [4] (EXPLICIT, since Name is a CHOICE).
            var issuerSerial = essCertId.ReadSequence();
            var names = issuerSerial.ReadSequence();
            var issuerName = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)).ReadEncodedValue();
            var serial = issuerSerial.ReadIntegerBytes();
            return issuerName.Span.SequenceEqual(certificate.IssuerName.RawData) && serial.Span.SequenceEqual(certificate.SerialNumberBytes.Span)
                ? SigningCertificateMatch.Matches
                : SigningCertificateMatch.Mismatch;
        }
        catch (AsnContentException)
        {
            return SigningCertificateMatch.Missing;
        }
    }

    private static byte[] HashData(HashAlgorithmName algorithm, ReadOnlySpan<byte> data)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }
}
