using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Forwarding;
using Muhur.Server.Web;

namespace Muhur.Server.Features.CentreIncoming;

/// <summary>
/// R-APP-9 <c>/merkez/gelen-evrak</c>: the batches the institutions sent, those waiting to be opened first (oldest
/// first), then those received. The centre's officer only (issue 11 item 7).
/// </summary>
[Authorize(Policy = Portals.CentreOfficerPolicy)]
internal sealed class IndexModel(MuhurDbContext db) : PageModel
{
    public IReadOnlyList<BatchSummary> Waiting { get; private set; } = [];

    public IReadOnlyList<BatchSummary> Received { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var sent = BatchSummary.Query(db).Where(b => b.SentAt != null);
        Waiting = await sent.Where(b => b.ReceivedAt == null).OrderBy(b => b.SentAt).ToListAsync(cancellationToken);
        Received = await sent.Where(b => b.ReceivedAt != null).OrderByDescending(b => b.ReceivedAt).Take(200).ToListAsync(cancellationToken);
    }
}
