namespace Muhur.Pki.Profiles;

/// <summary>Centre-wide settings of the qualified electronic certificate (NES) profile (R-CA-1).</summary>
public sealed record QualifiedCertificateProfile
{
    /// <summary>
    /// Placeholder under the Turkish national arc 2.16.792 following the KamuSM NES policy pattern
    /// (2.16.792.1.2.1.1.5.7.1.9); the centre replaces it with the OID in its registered certificate policy.
    /// </summary>
    public const string DefaultPolicyOid = "2.16.792.1.2.1.1.5.7.1.9";

    public const string DefaultUserNotice =
        "Bu sertifika, 5070 sayılı Elektronik İmza Kanunu’na göre nitelikli elektronik sertifikadır.";

    public string PolicyOid { get; init; } = DefaultPolicyOid;

    /// <summary>Certification practice statement, as the id-qt-cps qualifier (RFC 5280 §4.2.1.4).</summary>
    public required Uri CpsUrl { get; init; }

    /// <summary>Turkish explicitText of the userNotice qualifier; at most 200 characters (RFC 5280 §4.2.1.4).</summary>
    public string UserNotice { get; init; } = DefaultUserNotice;

    /// <summary>PKI disclosure statements (ETSI EN 319 412-5 §4.3.4); at least the Turkish one, optionally English.</summary>
    public required IReadOnlyList<PdsLocation> PdsLocations { get; init; }

    /// <summary>CRL of the issuing CA (RFC 5280 §4.2.1.13).</summary>
    public required Uri CrlUrl { get; init; }

    /// <summary>Delta CRLs of the issuing CA, in freshestCRL (RFC 5280 §4.2.1.15).</summary>
    public required Uri FreshestCrlUrl { get; init; }

    /// <summary>OCSP responder (RFC 5280 §4.2.2.1 id-ad-ocsp).</summary>
    public required Uri OcspUrl { get; init; }

    /// <summary>Issuing CA certificate (RFC 5280 §4.2.2.1 id-ad-caIssuers).</summary>
    public required Uri CaIssuersUrl { get; init; }

    public int ValidityYears { get; init; } = 3;

    public SubjectSerialNumberForm SerialNumberForm { get; init; } = SubjectSerialNumberForm.NationalId;
}
