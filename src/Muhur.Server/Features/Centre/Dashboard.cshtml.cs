using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Audit;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.Centre;

/// <summary>The centre staff's start page: institutions, and the audit log with its integrity (R-CA-4).</summary>
internal sealed class DashboardModel(MuhurDbContext db, VerifyAuditLog verifyAuditLog) : PageModel
{
    public AuditChainVerification Audit { get; private set; } = null!;

    public IReadOnlyList<InstitutionRow> Institutions { get; private set; } = [];

    public IReadOnlyList<AuditEntry> RecentEntries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Institutions = await db.Institutions.OrderBy(i => i.Name)
            .Select(i => new InstitutionRow(i.Code, i.Name, db.People.Count(p => p.InstitutionId == i.Id)))
            .ToListAsync(cancellationToken);
        RecentEntries = await db.AuditLog.AsNoTracking().OrderByDescending(e => e.Sequence).Take(20).ToListAsync(cancellationToken);
        Audit = await verifyAuditLog.RunAsync(cancellationToken);
    }

    internal sealed record InstitutionRow(string Code, string Name, int People);
}
