using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Tests.Infrastructure;
using Muhur.Server.Web;

namespace Muhur.Server.Tests.Integration;

// R-X-4: every endpoint the server registers, Razor page or minimal API, is either on the one public list
// (Portals.PublicRoutes) or guarded by the policy of the portal its route lies under. A new endpoint under no
// portal and not on the list fails here before it can be reached anonymously by accident.
public class EndpointAuthorizationTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public void EveryRegisteredEndpoint_IsPublicOrGuardedByItsPortal()
    {
        var endpoints = Endpoints(app);

        var violations = Violations(endpoints);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        // The walk saw both kinds: Razor pages under a portal and the public minimal APIs.
        Assert.Contains(endpoints, e => Route(e) == "/kurum/kisiler/yeni");
        Assert.Contains(endpoints, e => Route(e) == "/ocsp/{**request}");
    }

    [Fact]
    public void PublicRoutes_EachNamesARegisteredEndpoint()
    {
        var routes = Endpoints(app).Select(Route).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var stale = Portals.PublicRoutes.Where(r => !routes.Contains(r)).ToList();

        Assert.True(stale.Count == 0, "Portals.PublicRoutes lists routes no endpoint has (renamed or removed?): " + string.Join(", ", stale));
    }

    // The check above must be able to fail: endpoints as a new feature might register them.
    [Theory]
    [InlineData("/yeni-ozellik", null, false, true)] // under no portal, not public
    [InlineData("/kurum/yeni-ozellik", null, false, true)] // under a portal without its policy (mapped outside the convention)
    [InlineData("/kurum/yeni-ozellik", Portals.CentrePolicy, false, true)] // another portal's policy
    [InlineData("/kurum/yeni-ozellik", Portals.InstitutionPolicy, true, true)] // its policy, but opened to anyone
    [InlineData("/merkez/yeni-ozellik", null, true, true)] // anonymous under a portal, not on the public list
    [InlineData("/kurum/yeni-ozellik", Portals.InstitutionPolicy, false, false)]
    [InlineData("/dogrula", null, true, false)]
    public void Violations_NewEndpoint_ReportedUnlessPublicOrGuarded(string route, string? policy, bool anonymous, bool reported)
    {
        var metadata = new List<object>();
        if (policy is not null)
        {
            metadata.Add(new AuthorizeAttribute(policy));
        }

        if (anonymous)
        {
            metadata.Add(new AllowAnonymousAttribute());
        }

        var endpoint = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(route), 0, new EndpointMetadataCollection(metadata), "test-only");

        var violations = Violations([endpoint]);

        Assert.Equal(reported, violations.Count > 0);
    }

    [Fact]
    public async Task DevelopmentOnlyEndpoints_InProduction_AreNotRegistered()
    {
        await using var production = new ProductionFactory();
        await production.InitializeAsync();
        var development = Endpoints(app).Select(Route).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var registered = Endpoints(production).Select(Route).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var response = await production.CreateBrowserLikeClient().GetAsync(Portals.DevOutboxRoute);

        Assert.Contains(Portals.DevOutboxRoute, development);
        Assert.DoesNotContain(Portals.DevOutboxRoute, registered);
        Assert.Equal([Portals.DevOutboxRoute], development.Except(registered).Order());
        Assert.Empty(registered.Except(development));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Violations(Endpoints(production)));
    }

    private static List<Endpoint> Endpoints(MuhurAppFactory factory) =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints];

    private static string Route(Endpoint endpoint) =>
        endpoint is RouteEndpoint route ? Portals.Normalize(route.RoutePattern.RawText) : "(no route) " + endpoint.DisplayName;

    /// <summary>Each endpoint that is neither on the public list nor guarded by exactly its portal's policy, explained.</summary>
    private static List<string> Violations(IEnumerable<Endpoint> endpoints)
    {
        var violations = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var route = Route(endpoint);
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var what = $"{route} ({endpoint.DisplayName})";
            if (endpoint is not RouteEndpoint)
            {
                violations.Add($"{what}: not a route endpoint, so no portal can be told from its route.");
            }
            else if (Portals.IsPublic(route))
            {
                if (!anonymous && policies.Count > 0)
                {
                    violations.Add($"{what}: on Portals.PublicRoutes but requires {string.Join(", ", policies)}.");
                }
            }
            else if (Portals.PolicyFor(route) is not { } expected)
            {
                violations.Add($"{what}: under no portal prefix ({string.Join(", ", Portals.Protected.Select(p => p.Prefix))}) and not on "
                    + "Portals.PublicRoutes. Move it under its portal, or add it to the public list if anyone may reach it.");
            }
            else if (anonymous)
            {
                violations.Add($"{what}: under the {expected} portal but allows anonymous access without being on Portals.PublicRoutes.");
            }
            else if (!policies.Contains(expected))
            {
                violations.Add($"{what}: under the {expected} portal but guarded by [{string.Join(", ", policies)}]; map it where "
                    + "RequirePortalPolicies applies.");
            }
        }

        return violations;
    }

    private sealed class ProductionFactory : MuhurAppFactory
    {
        protected override string EnvironmentName => "Production";
    }
}
