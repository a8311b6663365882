namespace Muhur.Pki.Authority;

/// <summary>
/// The one catalogue of object identifiers Mühür reads or writes (the CA, the server's verifier and muhur-imza), with the
/// clause that assigns each.
/// </summary>
public static class PkiOids
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

    // X.520 attribute types (RFC 5280 Appendix A.1), PKCS #9 emailAddress, RFC 4519 domainComponent
    public const string Name = "2.5.4.41";
    public const string Surname = "2.5.4.4";
    public const string GivenName = "2.5.4.42";
    public const string Initials = "2.5.4.43";
    public const string GenerationQualifier = "2.5.4.44";
    public const string CommonName = "2.5.4.3";
    public const string LocalityName = "2.5.4.7";
    public const string StateOrProvinceName = "2.5.4.8";
    public const string OrganizationName = "2.5.4.10";
    public const string OrganizationalUnitName = "2.5.4.11";
    public const string Title = "2.5.4.12";
    public const string Pseudonym = "2.5.4.65";
    public const string SerialNumber = "2.5.4.5";
    public const string DnQualifier = "2.5.4.46";
    public const string CountryName = "2.5.4.6";
    public const string EmailAddress = "1.2.840.113549.1.9.1";
    public const string DomainComponent = "0.9.2342.19200300.100.1.25";

    // RFC 5280 §4.2.1.3, §4.2.1.9
    public const string KeyUsage = "2.5.29.15";
    public const string BasicConstraints = "2.5.29.19";

    // RFC 5280 §4.2.1.13
    public const string CrlDistributionPoints = "2.5.29.31";

    // Hash algorithms (RFC 6960 §4.1.1 CertIDs; RFC 5754 §2 CMS digests, RFC 5035 ESSCertIDv2)
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    // Signature algorithms (RFC 5758 §3.2 ECDSA, RFC 4055 §5 RSA PKCS#1 v1.5)
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";

    // RFC 5480 §2.1.1.1
    public const string NistP256 = "1.2.840.10045.3.1.7";
    public const string NistP384 = "1.3.132.0.34";
    public const string NistP521 = "1.3.132.0.35";

    // CMS signed attributes: RFC 5652 §11.1-§11.3, RFC 5035 §3 (id-aa-signingCertificateV2)
    public const string ContentType = "1.2.840.113549.1.9.3";
    public const string MessageDigest = "1.2.840.113549.1.9.4";
    public const string SigningTime = "1.2.840.113549.1.9.5";
    public const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";

    // RFC 5652 §4 id-data
    public const string Data = "1.2.840.113549.1.7.1";
}
