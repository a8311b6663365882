using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Messaging;

/// <summary>
/// R-X-2: in Development every e-mail and SMS stays in the outbox and is readable here, so any flow
/// can be finished on one machine. Outside Development this page has no route (Portals.AddDevelopmentOnlyPages),
/// so it does not exist; anonymous because it is on Portals.PublicRoutes.
/// </summary>
internal sealed class DevOutboxModel(MuhurDbContext db) : PageModel
{
    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Messages = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.CreatedAt).Take(200).ToListAsync(cancellationToken);
        return Page();
    }
}
