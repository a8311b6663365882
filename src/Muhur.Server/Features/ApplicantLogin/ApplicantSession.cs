using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Muhur.Server.Web;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>
/// The applicant's session (R-APP-2): the <c>Muhur.Applicant</c> cookie names one application and its person, and
/// nothing else. Pages under <c>/basvuru</c> read the application from here, never from the request, so an applicant
/// reaches only their own (R-X-4).
/// </summary>
internal static class ApplicantSession
{
    public const string ApplicationIdClaim = "muhur:application";
    public const string PersonIdClaim = "muhur:person";

    /// <summary>The cookie's sliding idle timeout.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);

    /// <summary>Whether <paramref name="user"/> is an applicant's session (the layout's menu asks).</summary>
    public static bool IsApplicant(ClaimsPrincipal user) =>
        user?.Identity is { IsAuthenticated: true, AuthenticationType: Portals.ApplicantScheme } && user.HasClaim(c => c.Type == ApplicationIdClaim);

    public static ClaimsPrincipal Create(Guid applicationId, Guid personId) =>
        new(new ClaimsIdentity(
            [
                new Claim(ApplicationIdClaim, applicationId.ToString()),
                new Claim(PersonIdClaim, personId.ToString()),
            ],
            Portals.ApplicantScheme));

    /// <summary>Starts the session for a login that succeeded (password or link), in place of any earlier one.</summary>
    public static async Task SignInAsync(HttpContext http, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(http);
        await http.SignOutAsync(Portals.ApplicantScheme);
        await http.SignInAsync(Portals.ApplicantScheme, principal);
    }

    /// <summary>The signed-in applicant's application; throws when called outside the applicant portal's policy.</summary>
    public static Guid ApplicationId(ClaimsPrincipal user) => Guid.Parse(Required(user, ApplicationIdClaim));

    public static Guid PersonId(ClaimsPrincipal user) => Guid.Parse(Required(user, PersonIdClaim));

    private static string Required(ClaimsPrincipal user, string type)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(type)?.Value
            ?? throw new InvalidOperationException($"No {type} claim: the page is not under the applicant portal's policy.");
    }
}
