using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Server.Web;

namespace Muhur.Server.Features.Staff;

/// <summary>Ends the staff session. POST only, with the anti-forgery token, so a link cannot log anyone out.</summary>
[AllowAnonymous]
internal sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(Portals.StaffScheme);
        return LocalRedirect("/");
    }
}
