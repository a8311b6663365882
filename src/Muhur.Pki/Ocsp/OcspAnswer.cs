using Muhur.Pki.Revocation;

namespace Muhur.Pki.Ocsp;

/// <summary>The certificate status an OCSP responder gave (RFC 6960 §4.2.1).</summary>
public enum OcspStatus
{
    Good,
    Revoked,
    Unknown,
}

/// <summary>An OCSP answer whose signature, responder, nonce and freshness were checked (<see cref="OcspClient"/>).</summary>
/// <param name="Status">good, revoked or unknown.</param>
/// <param name="RevocationTime">When revoked, the revocation time.</param>
/// <param name="RevocationReason">When revoked, the CRLReason if the responder gave one (it is OPTIONAL).</param>
public sealed record OcspAnswer(OcspStatus Status, DateTimeOffset? RevocationTime, CrlReason? RevocationReason);
