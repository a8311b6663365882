using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Profiles;

/// <summary>One PolicyInformation entry of the certificatePolicies extension (RFC 5280 §4.2.1.4).</summary>
internal sealed record CertificatePolicy(string PolicyOid, Uri? CpsUri = null, string? UserNoticeText = null)
{
    /// <summary>RFC 5280 §4.2.1.4: explicitText is limited to 200 characters.</summary>
    public const int MaxExplicitTextLength = 200;

    /// <summary>
    /// Non-critical: RFC 5280 §4.2.1.4 lets it be either, and ETSI EN 319 412-2 §4.3.3 does not ask for criticality,
    /// so relying parties without policy processing still accept the certificate.
    /// </summary>
    public static X509Extension CreateExtension(IEnumerable<CertificatePolicy> policies)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (CertificatePolicy policy in policies)
            {
                policy.Write(writer);
            }
        }

        return new X509Extension(PkiOids.CertificatePolicies, writer.Encode(), critical: false);
    }

    private void Write(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(PolicyOid);
            if (CpsUri is null && UserNoticeText is null)
            {
                return;
            }

            using (writer.PushSequence())
            {
                if (CpsUri is not null)
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(PkiOids.QualifierCps);
                        writer.WriteCharacterString(UniversalTagNumber.IA5String, CpsUri.AbsoluteUri);
                    }
                }

                if (UserNoticeText is not null)
                {
                    if (UserNoticeText.Length is 0 or > MaxExplicitTextLength)
                    {
                        throw new ArgumentException(
                            $"A user notice must be 1-{MaxExplicitTextLength} characters (RFC 5280 §4.2.1.4).");
                    }

                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(PkiOids.QualifierUserNotice);

                        // UserNotice without noticeRef; RFC 5280 §4.2.1.4 says explicitText SHOULD be UTF8String.
                        using (writer.PushSequence())
                        {
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, UserNoticeText);
                        }
                    }
                }
            }
        }
    }
}
