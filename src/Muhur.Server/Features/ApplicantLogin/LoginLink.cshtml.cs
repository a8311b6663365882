using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Muhur.Server.Web;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>
/// "Resmi okuyamıyorum — giriş bağlantısı gönder" (R-APP-2, WCAG 2.2 SC 3.3.8): the identifier only; the answer is the
/// same whether or not a link was mailed. The login page's button posts its identifier field here.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Login)]
internal sealed class LoginLinkModel(RequestLoginLink requestLink, Microsoft.Extensions.Options.IOptions<ApplicantLoginOptions> options) : PageModel
{
    public double LinkMinutes => options.Value.LinkLifetime.TotalMinutes;

    [BindProperty]
    public LoginLinkInput Input { get; set; } = new();

    public bool Answered { get; private set; }

    public string? BlockedUntil { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Posted from the login page, the other fields come along; only the identifier counts here.
        foreach (var key in ModelState.Keys.Where(k => k != $"{nameof(Input)}.{nameof(LoginLinkInput.Identifier)}").ToList())
        {
            ModelState.Remove(key);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await requestLink.RunAsync(Input.Identifier, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (result.BlockedUntil is { } until)
        {
            BlockedUntil = LoginThrottleRules.Show(until);
            return Page();
        }

        Answered = true;
        return Page();
    }

    internal sealed class LoginLinkInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(20, ErrorMessage = "Validation_TooLong")]
        [Display(Name = "ApplicantLogin_Identifier")]
        public string? Identifier { get; set; }
    }
}
