using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Muhur.Server.Web;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>
/// The page a login link opens (R-APP-2, WCAG 2.2 SC 3.3.8). GET only shows it — mail scanners fetch links, and that
/// must not use the link up; the POST with the access password signs in and uses it (<see cref="SignInWithLoginLink"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Login)]
internal sealed class OpenLoginLinkModel(SignInWithLoginLink signIn) : PageModel
{
    [BindProperty]
    public OpenLoginLinkInput Input { get; set; } = new();

    public LoginLinkState State { get; private set; }

    public string? ErrorKey { get; private set; }

    public string? BlockedUntil { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken cancellationToken)
    {
        // The token is in the path: no referrer carries it on, and no cache keeps the page.
        NoTrace();
        State = await signIn.InspectAsync(token, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        NoTrace();
        State = await signIn.InspectAsync(token, cancellationToken);
        if (State != LoginLinkState.Usable || !ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.RunAsync(token, Input.AccessPassword, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (result.Succeeded)
        {
            await ApplicantSession.SignInAsync(HttpContext, result.Principal!);
            return LocalRedirect("/basvuru");
        }

        ErrorKey = result.RefusalKey("ApplicantLoginLink_Invalid");
        BlockedUntil = result.ShownBlockedUntil;

        Input.AccessPassword = null;
        ModelState.Clear();
        return Page();
    }

    private void NoTrace()
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers.CacheControl = "no-store";
    }

    internal sealed class OpenLoginLinkInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(64, ErrorMessage = "Validation_TooLong")]
        [DataType(DataType.Password)]
        [Display(Name = "ApplicantLogin_AccessPassword")]
        public string? AccessPassword { get; set; }
    }
}
