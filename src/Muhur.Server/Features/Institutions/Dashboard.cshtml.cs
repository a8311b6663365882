using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.Institutions;

/// <summary>The institution authority's start page: only their own institution (R-X-4: the context's query filters).</summary>
internal sealed class DashboardModel(MuhurDbContext db) : PageModel
{
    public string InstitutionName { get; private set; } = string.Empty;

    public int PeopleCount { get; private set; }

    /// <summary>Applications still in progress (not delivered, cancelled or rejected).</summary>
    public int OpenApplicationCount { get; private set; }

    public int EligiblePositionCount { get; private set; }

    public IReadOnlyList<string> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        InstitutionName = await db.Institutions.Select(i => i.Name).SingleAsync(cancellationToken);
        PeopleCount = await db.People.CountAsync(cancellationToken);
        OpenApplicationCount = await db.Set<Application>().CountAsync(a => a.State != ApplicationState.Delivered && a.State != ApplicationState.Cancelled && a.State != ApplicationState.Rejected, cancellationToken);
        EligiblePositionCount = await db.Positions.CountAsync(p => p.IsEligible, cancellationToken);
        Units = await db.Units.OrderBy(u => EF.Functions.Collate(u.Name, TurkishCollation.Name)).Select(u => u.Name).ToListAsync(cancellationToken);
    }
}
