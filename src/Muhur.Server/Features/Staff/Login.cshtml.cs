using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Muhur.Server.Web;

namespace Muhur.Server.Features.Staff;

/// <summary>Staff login for institution authorities and centre staff.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Login)]
internal sealed class LoginModel(SignInStaff signIn, TimeProvider time) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? ErrorKey { get; private set; }

    public int LockoutMinutes { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.RunAsync(Input.UserName!, Input.Password!, cancellationToken);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                await HttpContext.SignInAsync(Portals.StaffScheme, result.Principal!);
                if (Url.IsLocalUrl(ReturnUrl))
                {
                    return LocalRedirect(ReturnUrl);
                }

                return LocalRedirect(result.Principal!.IsInRole(nameof(StaffRole.InstitutionAuthority)) ? "/kurum" : "/merkez");
            case SignInOutcome.LockedOut:
                ErrorKey = "Login_LockedOut";
                LockoutMinutes = (int)Math.Ceiling(((result.LockoutEnd ?? time.GetUtcNow()) - time.GetUtcNow()).TotalMinutes);
                break;
            default:
                ErrorKey = "Login_Invalid";
                break;
        }

        Input.Password = null;
        return Page();
    }

    internal sealed class LoginInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(64, ErrorMessage = "Validation_TooLong")]
        [Display(Name = "Login_UserName")]
        public string? UserName { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(256, ErrorMessage = "Validation_TooLong")]
        [DataType(DataType.Password)]
        [Display(Name = "Login_Password")]
        public string? Password { get; set; }
    }
}
