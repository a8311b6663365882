namespace Muhur.Pki.Ocsp;

/// <summary>CertStatus choice (RFC 6960 §4.2.1).</summary>
public enum OcspCertStatus
{
    Good = 0,
    Revoked = 1,
    Unknown = 2,
}
