using Microsoft.AspNetCore.Authorization;
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

    public const string StaffScheme = "Staff";
    public const string ApplicantScheme = "Applicant";
    public const string HolderScheme = "Holder";

    /// <summary>Route prefix → policy. Public prefixes (/, /ocsp, /crl, /dogrula) carry no policy.</summary>
    public static IReadOnlyList<(string Prefix, string Policy)> Protected { get; } =
    [
        ("/basvuru", ApplicantPolicy),
        ("/islemler", HolderPolicy),
        ("/kurum", InstitutionPolicy),
        ("/merkez", CentrePolicy),
    ];

    public static string? PolicyFor(string? routeTemplate)
    {
        var path = "/" + (routeTemplate ?? string.Empty).TrimStart('/', '~');
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
        options.AddPolicy(ApplicantPolicy, p => p
            .AddAuthenticationSchemes(ApplicantScheme)
            .RequireAuthenticatedUser());
        options.AddPolicy(HolderPolicy, p => p
            .AddAuthenticationSchemes(HolderScheme)
            .RequireAuthenticatedUser());
    }

    /// <summary>Adds the portal's policy to every endpoint whose route lies under a protected prefix.</summary>
    public static TBuilder RequirePortalPolicies<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && PolicyFor(route.RoutePattern.RawText) is { } policy)
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(policy));
            }
        });
        return builder;
    }
}
