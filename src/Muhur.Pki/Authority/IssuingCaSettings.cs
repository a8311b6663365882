namespace Muhur.Pki.Authority;

public sealed record IssuingCaSettings
{
    public CaSubjectName Subject { get; init; } = CaSubjectName.DefaultIssuing;

    public int ValidityYears { get; init; } = 10;

    /// <summary>Where the root publishes the CRL that covers this issuing CA (RFC 5280 §4.2.1.13).</summary>
    public required Uri RootCrlUrl { get; init; }

    /// <summary>Where the root certificate can be fetched (RFC 5280 §4.2.2.1 id-ad-caIssuers).</summary>
    public required Uri RootCertificateUrl { get; init; }

    /// <summary>Policies this CA may issue under (RFC 5280 §4.2.1.4); defaults to the centre's NES policy and QCP-n-qscd.</summary>
    public IReadOnlyList<string> PolicyOids { get; init; } =
        [Profiles.QualifiedCertificateProfile.DefaultPolicyOid, PkiOids.QcpNaturalQscd];
}
