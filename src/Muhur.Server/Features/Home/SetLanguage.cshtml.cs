using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Muhur.Server.Features.Home;

/// <summary>Remembers the chosen language (Turkish or English, R-X-1) and goes back.</summary>
[AllowAnonymous]
internal sealed class SetLanguageModel : PageModel
{
    private static readonly string[] Supported = ["tr-TR", "en"];

    public IActionResult OnGet(string? kultur, string? donus)
    {
        var culture = Supported.Contains(kultur, StringComparer.OrdinalIgnoreCase) ? kultur! : "tr-TR";
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

        // Only a local path: an open redirect would let a phishing mail borrow our address.
        return LocalRedirect(Url.IsLocalUrl(donus) ? donus! : "/");
    }
}
