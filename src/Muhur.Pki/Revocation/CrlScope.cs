namespace Muhur.Pki.Revocation;

/// <summary>Which certificates a CRL covers, stated in its issuingDistributionPoint (RFC 5280 §5.2.5).</summary>
public enum CrlScope
{
    AllCertificates = 0,

    /// <summary>onlyContainsUserCerts: the issuing CA's CRL of end-entity certificates.</summary>
    OnlyUserCertificates,

    /// <summary>onlyContainsCACerts: the root's CRL covering subordinate CAs.</summary>
    OnlyCaCertificates,
}
