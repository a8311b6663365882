using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicantLogin;
using Npgsql;

namespace Muhur.Server.Web;

/// <summary>The portals' cookies and policies (R-X-4), anti-forgery, and the key ring that protects them.</summary>
internal static class PortalAuthentication
{
    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IHostEnvironment environment)
    {
        // Several stateless nodes share one key ring, kept in the database.
        services.AddDataProtection().SetApplicationName("Muhur");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DataProtectionKeyRepository(provider.GetRequiredService<NpgsqlDataSource>())));

        services.AddAuthentication(Portals.StaffScheme)
            .AddCookie(Portals.StaffScheme, o => ConfigureCookie(o, "Muhur.Staff", "/giris", environment))
            .AddCookie(Portals.ApplicantScheme, o =>
            {
                ConfigureCookie(o, "Muhur.Applicant", "/basvuru/giris", environment);

                // R-APP-2: a short idle timeout (the session holds a form with personal data, often on a shared
                // computer), and the session ends once the application leaves the login states.
                o.ExpireTimeSpan = ApplicantSession.IdleTimeout;
                o.LogoutPath = "/basvuru/cikis";
                o.Events.OnValidatePrincipal = CheckApplicantSession.ValidatePrincipalAsync;
            })
            .AddCookie(Portals.HolderScheme, o => ConfigureCookie(o, "Muhur.Holder", "/islemler/giris", environment));
        services.AddAuthorization(o => o.AddPortalPolicies());

        // R-APP-11: a read-only applicant session reaches only the status pages.
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ApplicantStatusOnlyHandler>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "Muhur.Antiforgery";
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options, string name, string loginPath, IHostEnvironment environment)
    {
        options.Cookie.Name = name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        options.LoginPath = loginPath;
        options.LogoutPath = "/cikis";
        options.AccessDeniedPath = "/hata/403";
        options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
        options.SlidingExpiration = true;
    }
}
