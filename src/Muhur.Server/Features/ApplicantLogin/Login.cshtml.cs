using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Muhur.Server.Features.Captcha;
using Muhur.Server.Web;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>
/// The applicant's login (R-APP-2): identifier, "Resimdeki yazı" and the access password. "Yeni resim" works without
/// JavaScript (a submit that redraws the page keeping the identifier) and, with it, in place (the same handler answers
/// JSON). The picture's answer is never in the page.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Login)]
internal sealed class LoginModel(SignInApplicant signIn, IssueCaptcha issueCaptcha) : PageModel
{
    [BindProperty]
    public ApplicantLoginInput Input { get; set; } = new();

    public string CaptchaId { get; private set; } = string.Empty;

    public string? ErrorKey { get; private set; }

    /// <summary>Until when the identifier or the address must wait, as shown (Türkiye time).</summary>
    public string? BlockedUntil { get; private set; }

    /// <summary>Set after "Yeni resim" without JavaScript, so the page says what changed.</summary>
    public bool NewPictureShown { get; private set; }

    /// <summary>Arrived from the portal's logout.</summary>
    public bool SignedOut { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        SignedOut = Request.Query.ContainsKey("cikis");
        CaptchaId = await issueCaptcha.RunAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await signIn.RunAsync(
                Input.Identifier, Input.CaptchaId, Input.CaptchaAnswer, Input.AccessPassword, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            if (result.Succeeded)
            {
                await ApplicantSession.SignInAsync(HttpContext, result.Principal!);
                return LocalRedirect("/basvuru");
            }

            ErrorKey = result.RefusalKey("ApplicantLogin_Invalid");
            BlockedUntil = result.ShownBlockedUntil;
        }

        await NewPictureAsync(cancellationToken);
        return Page();
    }

    /// <summary>"Yeni resim": the old picture is dropped, nothing is counted as a login attempt.</summary>
    public async Task<IActionResult> OnPostNewPictureAsync(CancellationToken cancellationToken)
    {
        await issueCaptcha.DiscardAsync(Input.CaptchaId, cancellationToken);
        ModelState.Clear();
        await NewPictureAsync(cancellationToken);
        if (Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true))
        {
            return new JsonResult(new { captchaId = CaptchaId, imageUrl = CaptchaModule.ImageUrl(CaptchaId) });
        }

        NewPictureShown = true;
        return Page();
    }

    // The picture was used up (or dropped): a new one, and nothing secret typed again.
    private async Task NewPictureAsync(CancellationToken cancellationToken)
    {
        Input.CaptchaAnswer = null;
        Input.AccessPassword = null;
        ModelState.Remove($"{nameof(Input)}.{nameof(ApplicantLoginInput.CaptchaAnswer)}");
        ModelState.Remove($"{nameof(Input)}.{nameof(ApplicantLoginInput.AccessPassword)}");
        ModelState.Remove($"{nameof(Input)}.{nameof(ApplicantLoginInput.CaptchaId)}");
        CaptchaId = await issueCaptcha.RunAsync(cancellationToken);
    }

    internal sealed class ApplicantLoginInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(20, ErrorMessage = "Validation_TooLong")]
        [Display(Name = "ApplicantLogin_Identifier")]
        public string? Identifier { get; set; }

        public string? CaptchaId { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(20, ErrorMessage = "Validation_TooLong")]
        [Display(Name = "ApplicantLogin_CaptchaAnswer")]
        public string? CaptchaAnswer { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(64, ErrorMessage = "Validation_TooLong")]
        [DataType(DataType.Password)]
        [Display(Name = "ApplicantLogin_AccessPassword")]
        public string? AccessPassword { get; set; }
    }
}
