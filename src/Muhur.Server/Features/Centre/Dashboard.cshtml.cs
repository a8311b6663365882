using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Audit;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Revocation;

namespace Muhur.Server.Features.Centre;

/// <summary>The centre staff's start page: institutions, and the audit log with its integrity (R-CA-4).</summary>
internal sealed class DashboardModel(MuhurDbContext db, VerifyAuditLog verifyAuditLog, ReadAuditEntries readAudit, ActiveCertificateAuthority authority, CrlStore crls) : PageModel
{
    public CaSnapshot? Ca { get; private set; }

    public PublishedCrl? LatestCrl { get; private set; }

    public IReadOnlyDictionary<CertificateStatus, int> CertificateCounts { get; private set; } = new Dictionary<CertificateStatus, int>();

    public AuditChainVerification Audit { get; private set; } = null!;

    public IReadOnlyList<InstitutionRow> Institutions { get; private set; } = [];

    public IReadOnlyList<ReadableAuditEntry> RecentEntries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Institutions = await db.Institutions.OrderBy(i => EF.Functions.Collate(i.Name, TurkishCollation.Name))
            .Select(i => new InstitutionRow(i.Code, i.Name, db.People.Count(p => p.InstitutionId == i.Id)))
            .ToListAsync(cancellationToken);
        // Issue 11 item 7: in words, and only what the reader's role may read.
        var recent = await db.AuditLog.AsNoTracking().VisibleTo(AuditVisibility.For(User))
            .OrderByDescending(e => e.Sequence).Take(20).ToListAsync(cancellationToken);
        RecentEntries = await readAudit.RunAsync(recent, cancellationToken);
        Audit = await verifyAuditLog.RunAsync(cancellationToken);
        try
        {
            Ca = await authority.GetAsync(cancellationToken);
        }
        catch (CertificateAuthorityNotInitializedException)
        {
            Ca = null;
        }

        LatestCrl = await crls.GetAsync(CrlKind.IssuingFull, cancellationToken);
        CertificateCounts = await db.Certificates.GroupBy(c => c.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    internal sealed record InstitutionRow(string Code, string Name, int People);
}
