using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Muhur.Server.Features.Institutions;
using Muhur.Server.Features.Staff;
using Muhur.Server.Web;

namespace Muhur.Server.Tests.Unit;

// R-X-4: only the institution portal's endpoints restrict the database context to the signed-in authority's
// institution; a public page (/dogrula checks anyone's certificate) sees all whoever is signed in.
public class InstitutionScopeTests
{
    private static readonly Guid Institution = Guid.CreateVersion7();

    [Fact]
    public void InstitutionId_InstitutionPortalEndpoint_IsTheAuthoritysInstitution()
    {
        var scope = ScopeFor(new AuthorizeAttribute(Portals.InstitutionPolicy), Authority());

        Assert.Equal(Institution, scope.InstitutionId);
    }

    [Fact]
    public void InstitutionId_PublicEndpointWhileSignedInAsAuthority_IsNone()
    {
        var scope = ScopeFor(new AllowAnonymousAttribute(), Authority());

        Assert.Null(scope.InstitutionId);
    }

    [Fact]
    public void InstitutionId_CentrePortalEndpoint_IsNone()
    {
        var scope = ScopeFor(new AuthorizeAttribute(Portals.CentrePolicy), new ClaimsPrincipal(new ClaimsIdentity([], "test")));

        Assert.Null(scope.InstitutionId);
    }

    [Fact]
    public void InstitutionId_NoRequest_IsNone()
    {
        var scope = new InstitutionScope(new HttpContextAccessor());

        Assert.Null(scope.InstitutionId);
    }

    [Fact]
    public void InstitutionId_InstitutionPortalWithoutClaim_ThrowsRatherThanShowAll()
    {
        var scope = ScopeFor(new AuthorizeAttribute(Portals.InstitutionPolicy), new ClaimsPrincipal(new ClaimsIdentity([], "test")));

        Assert.Throws<InvalidOperationException>(() => scope.InstitutionId);
    }

    private static ClaimsPrincipal Authority() =>
        new(new ClaimsIdentity([new Claim(StaffClaims.InstitutionId, Institution.ToString())], "test"));

    private static InstitutionScope ScopeFor(object endpointMetadata, ClaimsPrincipal user)
    {
        var context = new DefaultHttpContext { User = user };
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(endpointMetadata), "test"));
        return new InstitutionScope(new HttpContextAccessor { HttpContext = context });
    }
}
