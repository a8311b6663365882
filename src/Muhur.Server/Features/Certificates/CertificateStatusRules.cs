using System.Security.Cryptography.X509Certificates;

namespace Muhur.Server.Features.Certificates;

internal enum StatusChangeKind
{
    Revoke,
    Suspend,
    Reinstate,
}

internal enum StatusChangeOutcome
{
    /// <summary>The status changed.</summary>
    Changed,

    /// <summary>It already was what was asked: nothing is written (the request is idempotent).</summary>
    Unchanged,

    /// <summary>Not allowed: a revoked certificate never returns (R-CA-2).</summary>
    Refused,
}

internal sealed record StatusDecision(StatusChangeOutcome Outcome, CertificateStatus NewStatus, X509RevocationReason? Reason);

/// <summary>
/// R-CA-2 as a state machine: good ⇄ suspended (certificateHold), good or suspended → revoked, and
/// revoked is final. Pure; <see cref="ChangeCertificateStatus"/> is the one caller that writes.
/// </summary>
internal static class CertificateStatusRules
{
    /// <summary>
    /// RFC 5280 §5.3.1 reasons a holder's certificate may be revoked with. certificateHold is a
    /// suspension, removeFromCRL only a delta-CRL marker, and the CA/AA compromise reasons belong to
    /// CA certificates.
    /// </summary>
    public static IReadOnlySet<X509RevocationReason> RevocationReasons { get; } = new HashSet<X509RevocationReason>
    {
        X509RevocationReason.Unspecified,
        X509RevocationReason.KeyCompromise,
        X509RevocationReason.AffiliationChanged,
        X509RevocationReason.Superseded,
        X509RevocationReason.CessationOfOperation,
        X509RevocationReason.PrivilegeWithdrawn,
    };

    public static StatusDecision Decide(CertificateStatus current, X509RevocationReason? currentReason, StatusChangeKind kind, X509RevocationReason reason = X509RevocationReason.Unspecified)
    {
        if (kind == StatusChangeKind.Revoke && !RevocationReasons.Contains(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a reason a holder's certificate is revoked with.");
        }

        return (current, kind) switch
        {
            (CertificateStatus.Revoked, StatusChangeKind.Revoke) => new(StatusChangeOutcome.Unchanged, current, currentReason),
            (CertificateStatus.Revoked, _) => new(StatusChangeOutcome.Refused, current, currentReason),
            (_, StatusChangeKind.Revoke) => new(StatusChangeOutcome.Changed, CertificateStatus.Revoked, reason),
            (CertificateStatus.Suspended, StatusChangeKind.Suspend) => new(StatusChangeOutcome.Unchanged, current, currentReason),
            (CertificateStatus.Good, StatusChangeKind.Suspend) => new(StatusChangeOutcome.Changed, CertificateStatus.Suspended, X509RevocationReason.CertificateHold),
            (CertificateStatus.Suspended, StatusChangeKind.Reinstate) => new(StatusChangeOutcome.Changed, CertificateStatus.Good, null),
            (CertificateStatus.Good, StatusChangeKind.Reinstate) => new(StatusChangeOutcome.Unchanged, current, null),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
