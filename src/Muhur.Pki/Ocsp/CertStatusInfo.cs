using Muhur.Pki.Revocation;

namespace Muhur.Pki.Ocsp;

/// <summary>What the caller's status lookup knows about one serial number. A struct: one per CertID per response.</summary>
public readonly record struct CertStatusInfo(OcspCertStatus Status, DateTimeOffset RevocationTime = default, CrlReason? Reason = null)
{
    public static CertStatusInfo Good => new(OcspCertStatus.Good);

    /// <summary>RFC 6960 §2.2: the responder does not know the certificate (not issued by this CA).</summary>
    public static CertStatusInfo Unknown => new(OcspCertStatus.Unknown);

    public static CertStatusInfo Revoked(DateTimeOffset revocationTime, CrlReason? reason) =>
        new(OcspCertStatus.Revoked, revocationTime, reason);

    /// <summary>Suspension is reported as revoked with reason certificateHold (RFC 6960 §2.2).</summary>
    public static CertStatusInfo OnHold(DateTimeOffset suspensionTime) =>
        new(OcspCertStatus.Revoked, suspensionTime, CrlReason.CertificateHold);
}
