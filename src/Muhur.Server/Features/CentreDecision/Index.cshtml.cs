using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.InstitutionApplications;
using Muhur.Server.Features.People;
using Muhur.Server.Web;

namespace Muhur.Server.Features.CentreDecision;

/// <summary>
/// R-APP-10: the centre officer's queue of every institution's applications, by default those awaiting the decision
/// (received paper forms, e-signed, e-onaylı), oldest first; filtered by state, institution and signing method,
/// searched by name (Turkish letters), identifier or form barcode, a page at a time, with the count in each state.
/// Each query is one indexed read of a page (applications_state_idx), never the whole table into memory, so it stays
/// fast at 10,000+ applications (bench/run, docs/benchmarks.md).
/// </summary>
[Authorize(Policy = Portals.CentreOfficerPolicy)]
internal sealed class IndexModel(MuhurDbContext db) : PageModel
{
    public const int PageSize = 25;

    /// <summary>The query value of "every state"; no value at all means the default, awaiting the decision.</summary>
    public const string AllStates = "tumu";

    private static readonly ApplicationState[] Awaiting =
        [.. Enum.GetValues<ApplicationState>().Where(ApplicationStateRules.AwaitsCentreDecision)];

    [BindProperty(SupportsGet = true, Name = "durum")]
    public string? StateFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "kurum")]
    public Guid? Institution { get; set; }

    [BindProperty(SupportsGet = true, Name = "yontem")]
    public SigningMethod? Method { get; set; }

    [BindProperty(SupportsGet = true, Name = "ara")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "sayfa")]
    public int PageNumber { get; set; } = 1;

    /// <summary>The state chosen, when one is.</summary>
    public ApplicationState? State { get; private set; }

    public bool ShowsAll => StateFilter == AllStates;

    public bool ShowsAwaiting => State is null && !ShowsAll;

    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];

    public bool HasNextPage { get; private set; }

    /// <summary>Applications per state under the institution and method filters (not the search).</summary>
    public IReadOnlyDictionary<ApplicationState, int> Counts { get; private set; } = new Dictionary<ApplicationState, int>();

    public int AwaitingCount => Awaiting.Sum(s => Counts.GetValueOrDefault(s));

    public int TotalCount => Counts.Values.Sum();

    public IReadOnlyList<(Guid Id, string Name)> Institutions { get; private set; } = [];

    public bool Searched => !string.IsNullOrWhiteSpace(Search);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Enum.TryParse<ApplicationState>(StateFilter, ignoreCase: false, out var chosen) && Enum.IsDefined(chosen))
        {
            State = chosen;
        }
        else if (StateFilter != AllStates)
        {
            StateFilter = null;
        }

        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        var institution = Institution;
        var method = Method;
        var filtered = db.Set<Application>().AsNoTracking()
            .Where(a => institution == null || a.InstitutionId == institution)
            .Where(a => method == null || a.SigningMethod == method);

        Counts = await filtered.GroupBy(a => a.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Institutions = (await db.Institutions.AsNoTracking()
                .OrderBy(i => EF.Functions.Collate(i.Name, TurkishCollation.Name))
                .Select(i => new { i.Id, i.Name })
                .ToListAsync(cancellationToken))
            .Select(i => (i.Id, i.Name))
            .ToList();

        var queue = State is { } state ? filtered.Where(a => a.State == state)
            : ShowsAll ? filtered
            : filtered.Where(a => Awaiting.Contains(a.State));
        queue = ApplySearch(queue, Search?.Trim());

        // The page's ids first, from applications alone (applications_state_idx, a top-N sort), then their names: a join
        // before the LIMIT would join every application in the filter to its person and institution.
        var ids = await queue.OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(a => a.Id)
            .ToListAsync(cancellationToken);
        var rows = await (
                from application in db.Set<Application>().AsNoTracking()
                where ids.Contains(application.Id)
                join person in db.People on application.PersonId equals person.Id
                join owner in db.Institutions on application.InstitutionId equals owner.Id
                select new
                {
                    application.Id,
                    person.GivenName,
                    person.Surname,
                    person.Title,
                    person.IdentifierNumber,
                    Institution = owner.Name,
                    application.Kind,
                    application.Payment,
                    application.SigningMethod,
                    application.State,
                    application.UpdatedAt,
                    FormNumber = db.Set<WetForm>().Where(f => f.ApplicationId == application.Id && f.VoidedAt == null)
                        .Select(f => f.FormNumber).FirstOrDefault(),
                    ReceiptAccepted = db.Set<ApplicationReceipt>().Any(r => r.ApplicationId == application.Id && r.AcceptedAt != null),
                    ReceiptRefused = db.Set<ApplicationReceipt>().Any(r => r.ApplicationId == application.Id && r.RefusedAt != null),
                })
            .ToDictionaryAsync(r => r.Id, cancellationToken);

        HasNextPage = ids.Count > PageSize;
        Rows = ids.Take(PageSize).Select(id => rows[id])
            .Select(r => new QueueRow(
                r.Id, $"{r.GivenName} {r.Surname}", r.Title, PersonIdentifier.Mask(r.IdentifierNumber), r.Institution, r.Kind, r.Payment,
                r.SigningMethod, r.State, r.UpdatedAt, r.FormNumber,
                r.Payment != PaymentMode.Individual ? null : r.ReceiptAccepted ? ReceiptStatus.Accepted : r.ReceiptRefused ? ReceiptStatus.Refused : ReceiptStatus.Waiting))
            .ToList();
    }

    /// <summary>The query string of this list with one value changed (the page links, the state counts).</summary>
    public string Link(string? state, int page = 1)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("durum", state);
        Add("kurum", Institution?.ToString());
        Add("yontem", Method?.ToString());
        Add("ara", Search?.Trim());
        if (page > 1)
        {
            Add("sayfa", page.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "/merkez/basvurular" : "/merkez/basvurular?" + string.Join('&', parts);
    }

    /// <summary>
    /// A term with a digit is an identifier (T.C. Kimlik No, passport, foreigner's number) or a form's barcode, found by
    /// their indexes; any other term is a name, matched in any case under the Turkish collation (I→ı, İ→i), as on the
    /// institution's list.
    /// </summary>
    private IQueryable<Application> ApplySearch(IQueryable<Application> queue, string? term)
    {
        if (string.IsNullOrEmpty(term))
        {
            return queue;
        }

        // A scanner types the barcode as digits; a person may group them with spaces or hyphens.
        var compact = new string(term.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (compact.Any(char.IsAsciiDigit) && compact.All(char.IsAsciiLetterOrDigit))
        {
            var identifier = compact.ToUpperInvariant();
            var formNumber = FormNumber.TryNormalize(compact, out var number) ? number : null;
            return queue.Where(a =>
                db.People.Any(p => p.Id == a.PersonId && p.IdentifierNumber == identifier)
                || (formNumber != null && db.Set<WetForm>().Any(f => f.ApplicationId == a.Id && f.FormNumber == formNumber)));
        }

#pragma warning disable CA1304, CA1311, CA1862
        // people.search_name is the name lowered under the same collation (migration 0011): only the term is lowered here.
        return queue.Where(a => db.People.Any(p => p.Id == a.PersonId
            && EF.Property<string>(p, PersonConfiguration.SearchNameColumn).Contains(EF.Functions.Collate(term, TurkishCollation.Name).ToLower())));
#pragma warning restore CA1304, CA1311, CA1862
    }

    internal enum ReceiptStatus
    {
        Waiting,
        Accepted,
        Refused,
    }

    internal sealed record QueueRow(
        Guid Id,
        string Name,
        string? Title,
        string MaskedIdentifier,
        string Institution,
        ApplicationKind Kind,
        PaymentMode Payment,
        SigningMethod? Method,
        ApplicationState State,
        DateTimeOffset Since,
        string? FormNumber,
        ReceiptStatus? Receipt);
}
