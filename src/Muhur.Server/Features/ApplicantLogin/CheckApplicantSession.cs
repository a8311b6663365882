using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Web;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>What an applicant's session may do now, by its application's state.</summary>
internal enum ApplicantAccess
{
    /// <summary>The session ends.</summary>
    None,

    /// <summary>The form and signing pages (R-APP-1 … R-APP-8).</summary>
    Form,

    /// <summary>R-APP-11: only the start page's state, history and tracking number, and the logout.</summary>
    Status,
}

/// <summary>
/// The applicant's session follows its application (R-APP-1: the password opens the form "until the form is signed";
/// R-APP-11: after that, a read-only status). Asked on every request the <c>Muhur.Applicant</c> cookie authenticates
/// (only pages under <c>/basvuru</c>): one primary-key read. An application just signed electronically (<c>ESigned</c>,
/// <c>EApproved</c>) keeps the form access for <see cref="SignedGrace"/> after its last change, so the signing page can
/// still show "İşleminiz Başarılıdır"; no page lets it change anything then, as the state machine refuses every
/// applicant event in those states. In a status state the principal carries <see cref="StatusOnlyClaim"/> for this
/// request, and the applicant policy (<see cref="ApplicantStatusOnlyHandler"/>) lets it reach only
/// <see cref="ApplicantPortal.ApplicantStart.StatusPages"/>: every form and signing page is refused in one place.
/// </summary>
internal sealed class CheckApplicantSession(MuhurDbContext db, TimeProvider time)
{
    public static readonly TimeSpan SignedGrace = TimeSpan.FromMinutes(15);

    /// <summary>Set on the request's principal (never trusted from the cookie) when the session is read-only.</summary>
    public const string StatusOnlyClaim = "muhur:status-only";

    public static ApplicantAccess AccessOf(ApplicationState state, DateTimeOffset updatedAt, DateTimeOffset now)
    {
        if (ApplicationStateRules.AcceptsApplicantLogin(state)
            || (state is ApplicationState.ESigned or ApplicationState.EApproved && now - updatedAt <= SignedGrace))
        {
            return ApplicantAccess.Form;
        }

        return ApplicationStateRules.AcceptsStatusLogin(state, updatedAt, now) ? ApplicantAccess.Status : ApplicantAccess.None;
    }

    /// <summary>Whether a session for an application in <paramref name="state"/>, last changed at <paramref name="updatedAt"/>, goes on.</summary>
    public static bool KeepsSession(ApplicationState state, DateTimeOffset updatedAt, DateTimeOffset now) =>
        AccessOf(state, updatedAt, now) != ApplicantAccess.None;

    public async Task<ApplicantAccess> RunAsync(Guid applicationId, Guid personId, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking()
            .Where(a => a.Id == applicationId && a.PersonId == personId)
            .Select(a => new { a.State, a.UpdatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        return application is null ? ApplicantAccess.None : AccessOf(application.State, application.UpdatedAt, time.GetUtcNow());
    }

    /// <summary>The cookie handler's <c>OnValidatePrincipal</c>: a session whose application left the login states is ended.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var access = principal is not null
            && Guid.TryParse(principal.FindFirst(ApplicantSession.ApplicationIdClaim)?.Value, out var applicationId)
            && Guid.TryParse(principal.FindFirst(ApplicantSession.PersonIdClaim)?.Value, out var personId)
                ? await context.HttpContext.RequestServices.GetRequiredService<CheckApplicantSession>()
                    .RunAsync(applicationId, personId, context.HttpContext.RequestAborted)
                : ApplicantAccess.None;
        if (access == ApplicantAccess.None)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Portals.ApplicantScheme);
            return;
        }

        // The mode is decided on every request from the state, never read from the cookie.
        var claims = principal!.Claims.Where(c => c.Type != StatusOnlyClaim).ToList();
        if (access == ApplicantAccess.Status)
        {
            claims.Add(new Claim(StatusOnlyClaim, "true"));
        }

        context.ReplacePrincipal(new ClaimsPrincipal(new ClaimsIdentity(claims, principal.Identity!.AuthenticationType)));
    }
}

/// <summary>The applicant policy's requirement that a read-only (status) session reaches only the status pages (R-APP-11).</summary>
internal sealed class ApplicantStatusOnlyRequirement : IAuthorizationRequirement;

/// <summary>Lets a status session through only to <see cref="ApplicantPortal.ApplicantStart.StatusPages"/>; a form session everywhere.</summary>
internal sealed class ApplicantStatusOnlyHandler : AuthorizationHandler<ApplicantStatusOnlyRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApplicantStatusOnlyRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.User.HasClaim(c => c.Type == CheckApplicantSession.StatusOnlyClaim)
            || (context.Resource is HttpContext http && ApplicantPortal.ApplicantStart.IsStatusPage(http.Request.Path)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
