using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Server.Web;

namespace Muhur.Server.Features.ApplicantPortal;

/// <summary>Ends the applicant's session. POST only, with the anti-forgery token, so a link cannot log anyone out.</summary>
internal sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(Portals.ApplicantScheme);
        return LocalRedirect("/basvuru/giris?cikis=1");
    }
}
