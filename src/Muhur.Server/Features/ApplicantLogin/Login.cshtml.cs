using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Muhur.Server.Features.Captcha;
using Muhur.Server.Web;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>The applicant's login (R-APP-2): identifier, "Resimdeki yazı" and the access password.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Login)]
internal sealed class LoginModel(SignInApplicant signIn, IssueCaptcha issueCaptcha) : PageModel
{
    [BindProperty]
    public ApplicantLoginInput Input { get; set; } = new();

    public string CaptchaId { get; private set; } = string.Empty;

    public string? ErrorKey { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        CaptchaId = await issueCaptcha.RunAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await signIn.RunAsync(Input.Identifier, Input.CaptchaId, Input.CaptchaAnswer, Input.AccessPassword, cancellationToken);
            if (result.Succeeded)
            {
                await HttpContext.SignInAsync(Portals.ApplicantScheme, result.Principal!);
                return LocalRedirect("/basvuru");
            }

            ErrorKey = "ApplicantLogin_Invalid";
        }

        // The picture was used up by the attempt, right or wrong: a new one, and nothing secret typed again.
        Input.CaptchaAnswer = null;
        Input.AccessPassword = null;
        ModelState.Remove($"{nameof(Input)}.{nameof(ApplicantLoginInput.CaptchaAnswer)}");
        ModelState.Remove($"{nameof(Input)}.{nameof(ApplicantLoginInput.AccessPassword)}");
        CaptchaId = await issueCaptcha.RunAsync(cancellationToken);
        return Page();
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
