using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Revocation;

namespace Muhur.Pki.Verification;

/// <summary>What a status source can say about a certificate.</summary>
public enum CertificateStatusKind
{
    Good,

    /// <summary>Revoked, or suspended when the reason is certificateHold (RFC 5280 §5.3.1).</summary>
    Revoked,

    /// <summary>The source does not know the certificate (RFC 6960 §2.2 unknown; not in the CA's records).</summary>
    Unknown,

    /// <summary>The status could not be obtained; <see cref="CertificateStatusAnswer.Problem"/> says why.</summary>
    Unavailable,
}

/// <summary>
/// The signer certificate's status as a source gave it: for a revocation its time and reason, and when the status is
/// unavailable, why, worded by the source for its reader.
/// </summary>
public sealed record CertificateStatusAnswer(
    CertificateStatusKind Kind, DateTimeOffset? RevokedAt = null, CrlReason? Reason = null, string? Problem = null)
{
    public static CertificateStatusAnswer Good { get; } = new(CertificateStatusKind.Good);

    public static CertificateStatusAnswer Unknown { get; } = new(CertificateStatusKind.Unknown);

    /// <summary>A suspension (certificateHold) rather than a final revocation.</summary>
    public bool IsSuspension => Kind == CertificateStatusKind.Revoked && Reason == CrlReason.CertificateHold;

    public static CertificateStatusAnswer Revoked(DateTimeOffset at, CrlReason? reason) => new(CertificateStatusKind.Revoked, at, reason);

    public static CertificateStatusAnswer Unavailable(string problem) => new(CertificateStatusKind.Unavailable, Problem: problem);
}

/// <summary>
/// Where the verifier learns a signer certificate's status: the server answers from its own records, muhur-imza asks
/// the OCSP responder (<see cref="Ocsp.OcspClient"/>). The verifier asks only once every other check has passed.
/// </summary>
public interface ICertificateStatusSource
{
    /// <summary>The status of <paramref name="certificate"/>, whose issuer (the second element of the verified chain) is <paramref name="issuer"/>.</summary>
    Task<CertificateStatusAnswer> GetStatusAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken);
}
