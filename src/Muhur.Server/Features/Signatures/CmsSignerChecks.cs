using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Signatures;
using Muhur.Server.Features.CertificateAuthority;

namespace Muhur.Server.Features.Signatures;

/// <summary>The checks every CMS signature made with a Mühür card goes through, whatever it signs.</summary>
internal static class CmsSignerChecks
{
    private const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";
    private const string QcStatementsOid = "1.3.6.1.5.5.7.1.3";
    private const string QcComplianceOid = "0.4.0.1862.1.1";

    public static bool ChainsToOurRoot(X509Certificate2 certificate, CaSnapshot ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Root);
        chain.ChainPolicy.ExtraStore.Add(ca.Issuing);
        // Status comes from our own records, not from fetching our own CRL over HTTP.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(certificate)
            && chain.ChainElements.Count == 3
            && chain.ChainElements[1].Certificate.RawData.AsSpan().SequenceEqual(ca.Issuing.RawData);
    }

    public static bool IsQualified(X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509KeyUsageExtension>().SingleOrDefault() is not { } keyUsage
            || !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.NonRepudiation)
            || certificate.Extensions[QcStatementsOid] is not { } qcStatements)
        {
            return false;
        }

        try
        {
            var statements = new AsnReader(qcStatements.RawData, AsnEncodingRules.DER).ReadSequence();
            while (statements.HasData)
            {
                var statement = statements.ReadSequence();
                if (statement.ReadObjectIdentifier() == QcComplianceOid)
                {
                    return true;
                }
            }
        }
        catch (AsnContentException)
        {
            return false;
        }

        return false;
    }

    /// <summary>RFC 5035 §5.4: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, … }; the first names the signer.</summary>
    public static (HashAlgorithmName Algorithm, byte[] Hash)? ReadSigningCertificateV2(SignerInfo signer)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value != SigningCertificateV2Oid || attribute.Values.Count != 1)
            {
                continue;
            }

            try
            {
                var certs = new AsnReader(attribute.Values[0].RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
                var essCertId = certs.ReadSequence();
                var algorithm = HashAlgorithmName.SHA256; // the DEFAULT of ESSCertIDv2.hashAlgorithm
                if (essCertId.PeekTag() == Asn1Tag.Sequence)
                {
                    var algorithmOid = essCertId.ReadSequence().ReadObjectIdentifier();
                    algorithm = algorithmOid switch
                    {
                        "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
                        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
                        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
                        _ => default,
                    };
                }

                var hash = essCertId.ReadOctetString();
                return algorithm == default ? null : (algorithm, hash);
            }
            catch (AsnContentException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// RFC 5652 §11.3: signing-time ::= Time (UTCTime or GeneralizedTime), one value, at most one such attribute
    /// (§11: a signed attribute appears once), decoded by <see cref="CmsSigningTime"/>.
    /// </summary>
    /// <returns>false when a signing-time attribute is present but is not exactly one valid time: the signer signed
    /// something that is not a CAdES signing-time, which is a fault of the signature.</returns>
    public static bool TryReadSigningTime(SignerInfo signer, out DateTimeOffset? signingTime)
    {
        signingTime = null;
        var found = false;
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value != SigningTimeOid)
            {
                continue;
            }

            if (found || attribute.Values.Count != 1)
            {
                return false;
            }

            found = true;
            if (!CmsSigningTime.TryDecode(attribute.Values[0].RawData, out var decoded))
            {
                return false;
            }

            signingTime = decoded;
        }

        return true;
    }

    /// <summary>
    /// The subject's serialNumber attribute (X.520), wherever it stands: also inside a multi-valued RDN (CN and
    /// serialNumber in one SET), which <see cref="X500RelativeDistinguishedName.GetSingleElementType"/> refuses.
    /// </summary>
    public static string? SubjectSerialNumber(X509Certificate2 certificate)
    {
        const string SerialNumberOid = "2.5.4.5";
        try
        {
            foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
            {
                var set = new AsnReader(rdn.RawData, AsnEncodingRules.DER).ReadSetOf(skipSortOrderValidation: true);
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    if (attribute.ReadObjectIdentifier() == SerialNumberOid)
                    {
                        return attribute.PeekTag().HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.PrintableString))
                            ? attribute.ReadCharacterString(UniversalTagNumber.PrintableString)
                            : attribute.ReadCharacterString(UniversalTagNumber.UTF8String);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return null;
        }

        return null;
    }
}
