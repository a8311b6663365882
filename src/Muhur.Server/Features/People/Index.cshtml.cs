using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Staff;

namespace Muhur.Server.Features.People;

/// <summary>The people an institution authority has registered; only their own institution's (R-X-4).</summary>
internal sealed class IndexModel(MuhurDbContext db) : PageModel
{
    public IReadOnlyList<PersonRow> People { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var institutionId = StaffClaims.InstitutionOf(User);
        var rows = await (
            from person in db.People
            where person.InstitutionId == institutionId
            join unit in db.Units on person.UnitId equals unit.Id into units
            from unit in units.DefaultIfEmpty()
            join position in db.Positions on person.PositionId equals position.Id into positions
            from position in positions.DefaultIfEmpty()
            orderby person.Surname, person.GivenName
            select new { person.GivenName, person.Surname, person.Title, person.IdentifierNumber, Unit = unit.Name, Position = position.Name, person.CorporateEmail })
            .ToListAsync(cancellationToken);

        // Screens show national IDs masked (R-X-3).
        People = rows
            .Select(r => new PersonRow($"{r.GivenName} {r.Surname}", r.Title, PersonIdentifier.Mask(r.IdentifierNumber), r.Unit, r.Position, r.CorporateEmail))
            .ToList();
    }

    internal sealed record PersonRow(string Name, string? Title, string MaskedIdentifier, string? Unit, string? Position, string Email);
}
