using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.People;

namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>
/// The institution's applications (R-APP-1, R-ELIG-5) with their state, filtered by state and kind, searched by name
/// or identifier, in Turkish alphabetical order; only the authority's own institution's (R-X-4: the query filters).
/// </summary>
internal sealed class IndexModel(MuhurDbContext db) : PageModel
{
    public const int MaxRows = 500;

    [BindProperty(SupportsGet = true, Name = "ara")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "durum")]
    public ApplicationState? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "tur")]
    public ApplicationKind? Kind { get; set; }

    public IReadOnlyList<ApplicationRow> Applications { get; private set; } = [];

    public bool Filtered => !string.IsNullOrWhiteSpace(Search) || State is not null || Kind is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var term = Search?.Trim() ?? string.Empty;
        var digits = term.Length > 0 && term.All(char.IsAsciiLetterOrDigit) ? term.ToUpperInvariant() : null;
        var state = State;
        var kind = Kind;

        // As on the people list: lower() and strpos() in PostgreSQL under the Turkish collation (I→ı, İ→i).
#pragma warning disable CA1304, CA1311, CA1862
        var rows = await (
            from application in db.Set<Application>()
            join person in db.People on application.PersonId equals person.Id
            join unit in db.Units on person.UnitId equals unit.Id into units
            from unit in units.DefaultIfEmpty()
            where (state == null || application.State == state) && (kind == null || application.Kind == kind)
            where term == string.Empty
                || EF.Property<string>(person, PersonConfiguration.SearchNameColumn)
                    .Contains(EF.Functions.Collate(term, TurkishCollation.Name).ToLower())
                || (digits != null && person.IdentifierNumber == digits)
            orderby EF.Functions.Collate(person.Surname, TurkishCollation.Name), EF.Functions.Collate(person.GivenName, TurkishCollation.Name), application.CreatedAt descending
            select new
            {
                application.Id,
                person.GivenName,
                person.Surname,
                person.Title,
                person.IdentifierNumber,
                Unit = unit.Name,
                application.Kind,
                application.Payment,
                application.EligibilityReason,
                application.EligibilityPosition,
                application.State,
                application.CreatedAt,
            })
            .Take(MaxRows)
            .ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862

        Applications = rows
            .Select(r => new ApplicationRow(
                r.Id, $"{r.GivenName} {r.Surname}", r.Title, PersonIdentifier.Mask(r.IdentifierNumber), r.Unit, r.Kind, r.Payment,
                r.EligibilityReason, r.EligibilityPosition, r.State, r.CreatedAt))
            .ToList();
    }

    internal sealed record ApplicationRow(
        Guid Id,
        string Name,
        string? Title,
        string MaskedIdentifier,
        string? Unit,
        ApplicationKind Kind,
        PaymentMode Payment,
        EligibilityReason Reason,
        string? Position,
        ApplicationState State,
        DateTimeOffset CreatedAt);
}
