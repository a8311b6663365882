using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Staff;

namespace Muhur.Server.Web;

/// <summary>
/// The portals are route prefixes, each with its own authorization policy (R-X-4). Every endpoint under
/// a prefix — Razor page or API — gets the portal's policy, so a page added later cannot forget it.
/// </summary>
internal static class Portals
{
    public const string ApplicantPolicy = "Applicant";
    public const string HolderPolicy = "Holder";
    public const string InstitutionPolicy = "Institution";
    public const string CentrePolicy = "Centre";

    /// <summary>
    /// Inside /merkez, what only the centre's officer does (receive batches, decide, produce, ship) and what only the
    /// call centre does (identity checks, change requests). A page adds <c>[Authorize(Policy = …)]</c> on top of the
    /// portal's policy, so both must pass (issue 11 item 7).
    /// </summary>
    public const string CentreOfficerPolicy = "CentreOfficer";
    public const string CallCentrePolicy = "CallCentre";

    public const string StaffScheme = "Staff";
    public const string ApplicantScheme = "Applicant";
    public const string HolderScheme = "Holder";

    /// <summary>Route prefix → policy. Every endpoint not under one of them is on <see cref="PublicRoutes"/>.</summary>
    public static IReadOnlyList<(string Prefix, string Policy)> Protected { get; } =
    [
        ("/basvuru", ApplicantPolicy),
        ("/islemler", HolderPolicy),
        ("/kurum", InstitutionPolicy),
        ("/merkez", CentrePolicy),
    ];

    /// <summary>
    /// The route templates anyone may reach without signing in, and the only ones: an endpoint that is neither
    /// here nor under a <see cref="Protected"/> prefix fails the endpoint test (EndpointAuthorizationTests), and
    /// an endpoint under a prefix is anonymous only when listed here (a portal's own login page).
    /// </summary>
    public static IReadOnlyList<string> PublicRoutes { get; } =
    [
        "/",
        "/giris",
        "/cikis",
        "/dil",
        "/hata/{code:int?}",
        "/dogrula",
        "/kargo-takip",
        "/basvuru/giris",
        "/basvuru/giris/baglanti",
        "/basvuru/giris/baglanti/{token}",
        "/islemler/giris",
        Features.Captcha.CaptchaModule.ImageRoute,
        Features.ApplicationSigning.ApplicationSigningModule.SignedCodeRoute,
        Features.ApplicationSigning.SignerDownloads.Route,
        "/health/live",
        "/health/ready",
        PublicationPaths.Route(PublicationPaths.IssuingCrl),
        PublicationPaths.Route(PublicationPaths.IssuingDeltaCrl),
        PublicationPaths.Route(PublicationPaths.RootCrl),
        PublicationPaths.Route(PublicationPaths.RootCertificate),
        PublicationPaths.Route(PublicationPaths.IssuingCertificate),
        PublicationPaths.Route(PublicationPaths.Ocsp) + "/",
        PublicationPaths.Route(PublicationPaths.Ocsp) + "/{**request}",
        DevOutboxRoute,
    ];

    /// <summary>Registered only in Development (<see cref="AddDevelopmentOnlyPages"/>): every message, readable by anyone.</summary>
    public const string DevOutboxRoute = "/dev/outbox";

    /// <summary>Razor pages (by page path) that exist only in Development; elsewhere they have no endpoint at all.</summary>
    public static IReadOnlyList<string> DevelopmentOnlyPages { get; } = ["/Messaging/DevOutbox"];

    /// <summary>A route template as it is compared: from the root, without <c>~</c>.</summary>
    public static string Normalize(string? routeTemplate) => "/" + (routeTemplate ?? string.Empty).TrimStart('/', '~');

    public static bool IsPublic(string? routeTemplate) =>
        PublicRoutes.Contains(Normalize(routeTemplate), StringComparer.OrdinalIgnoreCase);

    public static string? PolicyFor(string? routeTemplate)
    {
        var path = Normalize(routeTemplate);
        foreach (var (prefix, policy) in Protected)
        {
            if (path.Equals(prefix, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
            {
                return policy;
            }
        }

        return null;
    }

    public static void AddPortalPolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(InstitutionPolicy, p => p
            .AddAuthenticationSchemes(StaffScheme)
            .RequireAuthenticatedUser()
            .RequireRole(nameof(StaffRole.InstitutionAuthority))
            .RequireClaim(StaffClaims.InstitutionId));
        options.AddPolicy(CentrePolicy, p => p
            .AddAuthenticationSchemes(StaffScheme)
            .RequireAuthenticatedUser()
            .RequireRole(nameof(StaffRole.CentreOfficer), nameof(StaffRole.CallCentreAgent)));
        options.AddPolicy(CentreOfficerPolicy, p => p
            .AddAuthenticationSchemes(StaffScheme)
            .RequireAuthenticatedUser()
            .RequireRole(nameof(StaffRole.CentreOfficer)));
        options.AddPolicy(CallCentrePolicy, p => p
            .AddAuthenticationSchemes(StaffScheme)
            .RequireAuthenticatedUser()
            .RequireRole(nameof(StaffRole.CallCentreAgent)));
        options.AddPolicy(ApplicantPolicy, p => p
            .AddAuthenticationSchemes(ApplicantScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new Features.ApplicantLogin.ApplicantStatusOnlyRequirement()));
        options.AddPolicy(HolderPolicy, p => p
            .AddAuthenticationSchemes(HolderScheme)
            .RequireAuthenticatedUser());
    }

    /// <summary>
    /// Adds the portal's policy to every endpoint whose route lies under a protected prefix, unless the route is
    /// on <see cref="PublicRoutes"/> (then it is marked anonymous).
    /// </summary>
    public static TBuilder RequirePortalPolicies<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder route)
            {
                return;
            }

            if (IsPublic(route.RoutePattern.RawText))
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
            else if (PolicyFor(route.RoutePattern.RawText) is { } policy)
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(policy));
            }
        });
        return builder;
    }

    /// <summary>Outside Development the development-only pages get no route, so they do not exist (R-X-2).</summary>
    public static void AddDevelopmentOnlyPages(this PageConventionCollection conventions, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return;
        }

        foreach (var page in DevelopmentOnlyPages)
        {
            // A page model without selectors produces no page action, hence no endpoint.
            conventions.AddPageRouteModelConvention(page, model => model.Selectors.Clear());
        }
    }
}
