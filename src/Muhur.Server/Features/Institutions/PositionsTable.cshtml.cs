using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Staff;

namespace Muhur.Server.Features.Institutions;

/// <summary>
/// R-ELIG-1: the institution's own table of positions that get an institution-paid e-signature,
/// seeded with the seed's Table 1 and editable by the institution authority. Every change is audited.
/// </summary>
internal sealed class PositionsTableModel(MuhurDbContext db, AuditLog audit, TimeProvider time) : PageModel
{
    public IReadOnlyList<Position> Positions { get; private set; } = [];

    public string? ErrorKey { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostToggleAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Another institution's position is not found (R-X-4: the context's query filter).
        var position = await db.Positions.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (position is null)
        {
            return NotFound();
        }

        position.SetEligible(!position.IsEligible);
        await audit.AppendAsync(db, StaffClaims.ActorOf(User), AuditActions.PositionEligibilityChanged, $"position:{position.Id}", new { position.Name, position.IsEligible }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddAsync(string? name, PositionCategory category, CancellationToken cancellationToken)
    {
        var institutionId = StaffClaims.InstitutionOf(User);
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length is < 2 or > 120)
        {
            ErrorKey = "Positions_NameInvalid";
        }
        else if (!Enum.IsDefined(category))
        {
            ErrorKey = "Validation_UnknownChoice";
        }
        else if (await db.Positions.AnyAsync(p => p.Name == trimmed, cancellationToken))
        {
            ErrorKey = "Positions_Duplicate";
        }

        if (ErrorKey is not null)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var position = new Position(Guid.CreateVersion7(time.GetUtcNow()), institutionId, trimmed, category);
        db.Positions.Add(position);
        await audit.AppendAsync(db, StaffClaims.ActorOf(User), AuditActions.PositionAdded, $"position:{position.Id}", new { position.Name, Category = category.ToString() }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Positions = await db.Positions.AsNoTracking()
            .OrderBy(p => p.Category).ThenBy(p => EF.Functions.Collate(p.Name, TurkishCollation.Name))
            .ToListAsync(cancellationToken);
    }
}
