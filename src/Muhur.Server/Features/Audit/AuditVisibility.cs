using System.Security.Claims;
using Muhur.Server.Features.Staff;

namespace Muhur.Server.Features.Audit;

/// <summary>Who reads the audit log at the centre (issue 11 item 7).</summary>
internal enum AuditAudience
{
    /// <summary>The call-centre agent: only what a status enquiry needs.</summary>
    CallCentre,

    /// <summary>The centre's officer: everything.</summary>
    Officer,
}

/// <summary>
/// The one place that decides which audit entries each centre role reads (issue 11 item 7, R-X-3): the officer reads
/// everything; the call-centre agent reads an allow-list — applications and their states, certificate issuance and
/// status changes, applicants' logins, identity checks and change requests — and never card-secret disclosures, CA key
/// events, staff accounts or logins. An allow-list, so an action added later stays with the officer until someone
/// decides the agent needs it.
/// </summary>
internal static class AuditVisibility
{
    public static IReadOnlyList<string> CallCentreActions { get; } =
    [
        AuditActions.ApplicationOpened,
        AuditActions.ApplicationStateChanged,
        AuditActions.ApplicationAccessPasswordSent,
        AuditActions.CertificateIssued,
        AuditActions.CertificateRevoked,
        AuditActions.CertificateSuspended,
        AuditActions.CertificateReinstated,
        AuditActions.ApplicantSignedIn,
        AuditActions.ApplicantLoginFailed,
        AuditActions.ApplicantLoginLinkSent,
        AuditActions.CallerIdentityChecked,
        AuditActions.CallerIdentityCheckLimited,
        AuditActions.PersonChangeRequested,
    ];

    /// <summary>A centre user's audience; anyone who is not an officer gets the narrower one.</summary>
    public static AuditAudience For(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(nameof(StaffRole.CentreOfficer)) ? AuditAudience.Officer : AuditAudience.CallCentre;
    }

    public static bool Sees(AuditAudience audience, string action) =>
        audience == AuditAudience.Officer || CallCentreActions.Contains(action, StringComparer.Ordinal);

    public static IQueryable<AuditEntry> VisibleTo(this IQueryable<AuditEntry> entries, AuditAudience audience)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (audience == AuditAudience.Officer)
        {
            return entries;
        }

        var allowed = CallCentreActions.ToArray();
        return entries.Where(e => allowed.Contains(e.Action));
    }
}
