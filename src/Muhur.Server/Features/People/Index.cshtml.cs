using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;

namespace Muhur.Server.Features.People;

/// <summary>The people an institution authority has registered; only their own institution's (R-X-4: the context's query filter).</summary>
internal sealed class IndexModel(MuhurDbContext db) : PageModel
{
    public IReadOnlyList<PersonRow> People { get; private set; } = [];

    /// <summary>Part of a name, matched without regard to case by Turkish rules: "ışık" finds IŞIK, "irmak" not IRMAK.</summary>
    [BindProperty(SupportsGet = true, Name = "ara")]
    public string? Search { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var term = Search?.Trim() ?? string.Empty;
        // ToLower and Contains run in PostgreSQL as lower() and strpos() under the Turkish collation, which folds I to ı
        // and İ to i; no .NET culture is involved, which is what the analysers cannot see.
#pragma warning disable CA1304, CA1311, CA1862
        var rows = await (
            from person in db.People
            where term == string.Empty || EF.Property<string>(person, PersonConfiguration.SearchNameColumn)
                .Contains(EF.Functions.Collate(term, TurkishCollation.Name).ToLower())
            join unit in db.Units on person.UnitId equals unit.Id into units
            from unit in units.DefaultIfEmpty()
            join position in db.Positions on person.PositionId equals position.Id into positions
            from position in positions.DefaultIfEmpty()
            orderby EF.Functions.Collate(person.Surname, TurkishCollation.Name), EF.Functions.Collate(person.GivenName, TurkishCollation.Name)
            select new { person.Id, person.GivenName, person.Surname, person.Title, person.IdentifierNumber, Unit = unit.Name, Position = position.Name, person.CorporateEmail })
            .ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862

        // Screens show national IDs masked (R-X-3).
        People = rows
            .Select(r => new PersonRow(r.Id, $"{r.GivenName} {r.Surname}", r.Title, PersonIdentifier.Mask(r.IdentifierNumber), r.Unit, r.Position, r.CorporateEmail))
            .ToList();
    }

    internal sealed record PersonRow(Guid Id, string Name, string? Title, string MaskedIdentifier, string? Unit, string? Position, string Email);
}
