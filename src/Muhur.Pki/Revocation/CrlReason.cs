namespace Muhur.Pki.Revocation;

/// <summary>CRLReason (RFC 5280 §5.3.1); value 7 is unassigned.</summary>
public enum CrlReason
{
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,

    /// <summary>Suspension (askı): reversible, lifted by removeFromCRL in a delta CRL or by omission.</summary>
    CertificateHold = 6,

    /// <summary>Only meaningful in delta CRLs: the certificate is no longer on hold.</summary>
    RemoveFromCrl = 8,
    PrivilegeWithdrawn = 9,
    AaCompromise = 10,
}
