using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Web;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>
/// The applicant's session ends when the application leaves the login states (R-APP-1: the password opens the form
/// "until the form is signed"). Asked on every request the <c>Muhur.Applicant</c> cookie authenticates (only pages
/// under <c>/basvuru</c>): one primary-key read. An application just signed electronically (<c>ESigned</c>,
/// <c>EApproved</c>) keeps the session for <see cref="SignedGrace"/> after its last change, so the signing page can
/// still show "İşleminiz Başarılıdır" and the status; no page lets it change anything then, as the state machine
/// refuses every applicant event in those states.
/// </summary>
internal sealed class CheckApplicantSession(MuhurDbContext db, TimeProvider time)
{
    public static readonly TimeSpan SignedGrace = TimeSpan.FromMinutes(15);

    /// <summary>Whether a session for an application in <paramref name="state"/>, last changed at <paramref name="updatedAt"/>, goes on.</summary>
    public static bool KeepsSession(ApplicationState state, DateTimeOffset updatedAt, DateTimeOffset now) =>
        ApplicationStateRules.AcceptsApplicantLogin(state)
        || (state is ApplicationState.ESigned or ApplicationState.EApproved && now - updatedAt <= SignedGrace);

    public async Task<bool> RunAsync(Guid applicationId, Guid personId, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking()
            .Where(a => a.Id == applicationId && a.PersonId == personId)
            .Select(a => new { a.State, a.UpdatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        return application is not null && KeepsSession(application.State, application.UpdatedAt, time.GetUtcNow());
    }

    /// <summary>The cookie handler's <c>OnValidatePrincipal</c>: a session whose application left the login states is ended.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var keeps = principal is not null
            && Guid.TryParse(principal.FindFirst(ApplicantSession.ApplicationIdClaim)?.Value, out var applicationId)
            && Guid.TryParse(principal.FindFirst(ApplicantSession.PersonIdClaim)?.Value, out var personId)
            && await context.HttpContext.RequestServices.GetRequiredService<CheckApplicantSession>()
                .RunAsync(applicationId, personId, context.HttpContext.RequestAborted);
        if (!keeps)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Portals.ApplicantScheme);
        }
    }
}
