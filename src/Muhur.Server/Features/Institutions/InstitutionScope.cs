using Microsoft.AspNetCore.Authorization;
using Muhur.Server.Features.Staff;
using Muhur.Server.Web;

namespace Muhur.Server.Features.Institutions;

/// <summary>
/// R-X-4: the institution whose rows the database context shows. On an endpoint of the institution portal (the
/// <see cref="Portals.InstitutionPolicy"/>) it is the signed-in authority's institution, and <c>MuhurDbContext</c>'s
/// query filters hide every other institution's people, units, positions, certificates and cards. Everywhere else it
/// is none, explicitly: the centre's pages, the public endpoints (OCSP, CRLs, /dogrula, whoever is signed in), the
/// commands, start-up and the background jobs see every institution.
/// </summary>
internal sealed class InstitutionScope(IHttpContextAccessor http)
{
    /// <summary>The institution to restrict to, or null for every institution.</summary>
    public Guid? InstitutionId
    {
        get
        {
            var context = http.HttpContext;
            var authorize = context?.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (context is null || authorize is null || !authorize.Any(a => a.Policy == Portals.InstitutionPolicy))
            {
                return null;
            }

            // The policy requires the claim; without it this throws rather than show everything.
            return StaffClaims.InstitutionOf(context.User);
        }
    }
}
