namespace Muhur.Pki.Authority;

/// <summary>Object identifiers used across the profiles, with the clause that assigns each.</summary>
internal static class PkiOids
{
    // RFC 5280 §4.2.1.4
    public const string CertificatePolicies = "2.5.29.32";
    public const string QualifierCps = "1.3.6.1.5.5.7.2.1";
    public const string QualifierUserNotice = "1.3.6.1.5.5.7.2.2";

    // RFC 5280 §4.2.1.12, RFC 6960 §4.2.2.2
    public const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    // RFC 6960 §4.2.2.2.1
    public const string OcspNoCheck = "1.3.6.1.5.5.7.48.1.5";

    // RFC 6960 §4.2.1, §4.4.1
    public const string OcspBasic = "1.3.6.1.5.5.7.48.1.1";
    public const string OcspNonce = "1.3.6.1.5.5.7.48.1.2";

    // RFC 3739 §3.2.6, ETSI EN 319 412-5 §4
    public const string QcStatements = "1.3.6.1.5.5.7.1.3";
    public const string QcCompliance = "0.4.0.1862.1.1";
    public const string QcSscd = "0.4.0.1862.1.4";
    public const string QcPds = "0.4.0.1862.1.5";
    public const string QcType = "0.4.0.1862.1.6";
    public const string QcTypeESign = "0.4.0.1862.1.6.1";

    // BTK (Information and Communication Technologies Authority) statement that the certificate is qualified under
    // Electronic Signature Law No. 5070.
    public const string BtkQualifiedCertificate = "2.16.792.1.61.0.1.5070.1.1";

    // ETSI EN 319 411-2 §5.3: QCP-n-qscd, qualified certificate for natural persons with the key on a QSCD.
    public const string QcpNaturalQscd = "0.4.0.194112.1.2";

    // RFC 5280 §5.2 and §5.3
    public const string CrlNumber = "2.5.29.20";
    public const string DeltaCrlIndicator = "2.5.29.27";
    public const string IssuingDistributionPoint = "2.5.29.28";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string CrlReasonCode = "2.5.29.21";
    public const string InvalidityDate = "2.5.29.24";

    // RFC 5280 §4.2.1.15 and §5.2.6
    public const string FreshestCrl = "2.5.29.46";

    // X.520
    public const string GivenName = "2.5.4.42";
    public const string Surname = "2.5.4.4";
    public const string SerialNumber = "2.5.4.5";
    public const string OrganizationName = "2.5.4.10";

    // Hash algorithms accepted in OCSP CertIDs (RFC 6960 §4.1.1; RFC 5754 §2)
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
}
