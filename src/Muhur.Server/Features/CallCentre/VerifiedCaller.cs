using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Muhur.Server.Features.CallCentre;

/// <summary>
/// A passed identity check, kept in the agent's browser for <see cref="CallerIdentityRules.PassedFor"/> (R-APP-11): a
/// cookie under <c>/merkez/cagri</c> protected with a Data Protection purpose of its own, bound to the agent who made
/// the check and to the registrations that passed. A new check, another agent or the time running out ends it.
/// </summary>
internal sealed class VerifiedCaller(IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "Muhur.CallCentre";
    public const string CookiePath = "/merkez/cagri";

    private readonly IDataProtector _protector = protection.CreateProtector("Muhur.CallCentre.VerifiedCaller.v1");

    public void Remember(HttpResponse response, string agent, IReadOnlyList<Guid> people)
    {
        ArgumentNullException.ThrowIfNull(response);
        var expires = time.GetUtcNow() + CallerIdentityRules.PassedFor;
        var payload = string.Join('|', agent, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), string.Join(',', people));
        response.Cookies.Append(CookieName, _protector.Protect(payload), Options(Secure(response), expires));
    }

    public static void Forget(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(CookieName, Options(Secure(response), null));
    }

    /// <summary>The people this agent may see now; empty when there is no passed check in force.</summary>
    public IReadOnlyList<Guid> People(HttpRequest request, string agent)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return [];
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('|');
            if (parts.Length != 3 || parts[0] != agent
                || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var expires)
                || DateTimeOffset.FromUnixTimeSeconds(expires) <= time.GetUtcNow())
            {
                return [];
            }

            return parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
    }

    // As the portal cookies: always Secure outside Development, as the request there.
    private static bool Secure(HttpResponse response) =>
        response.HttpContext.Request.IsHttps || !response.HttpContext.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment();

    private static CookieOptions Options(bool https, DateTimeOffset? expires) => new()
    {
        Path = CookiePath,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = https,
        Expires = expires,
        IsEssential = true,
    };
}
