using Muhur.Pki.Authority;
using Muhur.Pki.Profiles;

namespace Muhur.Server.Features.CertificateAuthority;

/// <summary>The <c>Muhur:Ca</c> configuration section.</summary>
internal sealed class CaOptions
{
    public const string Section = "Muhur:Ca";

    /// <summary>
    /// Encrypts the CA keys at rest (PBES2, RFC 8018). Comes from configuration (an environment variable
    /// or a secret store), or the command line asks for it.
    /// </summary>
    public string? KeyPassphrase { get; set; }

    public int KeyIterations { get; set; } = EncryptedPkcs8KeyStore.DefaultIterations;

    /// <summary>Algorithm of the root and issuing CA keys; the OCSP responder is always ECDSA P-256.</summary>
    public CaKeyAlgorithm Algorithm { get; set; } = CaKeyAlgorithm.EcdsaP384;

    /// <summary>
    /// Where relying parties reach this centre: the base of CRL, OCSP and CA-certificate URLs. Unless configured, the
    /// server's own listen address (<see cref="PublicBaseAddress"/>).
    /// </summary>
    public Uri PublicBaseUrl { get; set; } = PublicBaseAddress.Fallback;

    /// <summary>
    /// Where the certification practice statement and the PKI disclosure statements are published. ETSI EN
    /// 319 412-5 §4.3.4 requires https for the PDS, so this is separate from <see cref="PublicBaseUrl"/>
    /// (CRLs and OCSP are plain http by design, RFC 5280 §4.2.1.13). The .example default marks it as
    /// something every deployment sets.
    /// </summary>
    public Uri PolicyDocumentsUrl { get; set; } = new("https://muhur.example/politika/");

    public string PolicyOid { get; set; } = QualifiedCertificateProfile.DefaultPolicyOid;

    public SubjectSerialNumberForm SerialNumberForm { get; set; } = SubjectSerialNumberForm.NationalId;

    public int CertificateValidityYears { get; set; } = 3;

    /// <summary>R-REN-1: how many months before expiry a renewal may be produced.</summary>
    public int RenewalWindowMonths { get; set; } = RenewalWindow.DefaultWindowMonths;

    public TimeSpan OcspResponderValidity { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan OcspResponderRenewBefore { get; set; } = OcspResponderRotation.DefaultRenewBefore;

    /// <summary>RFC 6960 §4.2.2.1 nextUpdate of OCSP responses: how long a client may rely on one.</summary>
    public TimeSpan OcspResponseValidity { get; set; } = TimeSpan.FromHours(1);

    /// <summary>RFC 5280 §5.1.2.5: nextUpdate − thisUpdate of every CRL.</summary>
    public TimeSpan CrlValidity { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A new full CRL at least this often, even without changes.</summary>
    public TimeSpan FullCrlInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The bound on the delay between a status change and a CRL that shows it.</summary>
    public TimeSpan CrlPublishInterval { get; set; } = TimeSpan.FromSeconds(10);

    public Uri Url(string relative) => new(PublicBaseUrl, relative);

    public Uri IssuingCrlUrl => Url(PublicationPaths.IssuingCrl);

    public Uri IssuingDeltaCrlUrl => Url(PublicationPaths.IssuingDeltaCrl);

    public Uri RootCrlUrl => Url(PublicationPaths.RootCrl);

    public Uri RootCertificateUrl => Url(PublicationPaths.RootCertificate);

    public Uri IssuingCertificateUrl => Url(PublicationPaths.IssuingCertificate);

    public Uri OcspUrl => Url(PublicationPaths.Ocsp);

    public QualifiedCertificateProfile Profile => new()
    {
        PolicyOid = PolicyOid,
        CpsUrl = new Uri(PolicyDocumentsUrl, "sue"),
        PdsLocations = [new PdsLocation(new Uri(PolicyDocumentsUrl, "pds-tr.pdf"), "tr"), new PdsLocation(new Uri(PolicyDocumentsUrl, "pds-en.pdf"), "en")],
        CrlUrl = IssuingCrlUrl,
        FreshestCrlUrl = IssuingDeltaCrlUrl,
        OcspUrl = OcspUrl,
        CaIssuersUrl = IssuingCertificateUrl,
        ValidityYears = CertificateValidityYears,
        SerialNumberForm = SerialNumberForm,
    };
}
