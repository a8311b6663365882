using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;
using Muhur.Server.Features.Cards;
using Muhur.Server.Features.Staff;
using Muhur.Server.Web;
using Muhur.SmartCard;

namespace Muhur.Server.Features.CardProduction;

/// <summary>
/// <c>/merkez/uretim</c> (R-CARD-1, issue 11 item 4): the approved applications waiting for their cards; the officer selects
/// some and "Kart üret" produces each, one after another, on the blank cards in the configured card writer
/// (<see cref="CardOptions.ModulePath"/>), and the page says what happened to each.
/// </summary>
[Authorize(Policy = Portals.CentreOfficerPolicy)]
internal sealed class IndexModel(
    MuhurDbContext db, ApprovedApplications waiting, ProduceApprovedCard produce, CardSecrets secrets, IOptions<CardOptions> options) : PageModel
{
    public const int MaxRows = 200;

    /// <summary>At most this many cards per press, so a request ends in reasonable time (each card takes a second or two on a real card).</summary>
    public const int MaxPerRequest = 20;

    [BindProperty(Name = "secilen")]
    public List<Guid> Selected { get; set; } = [];

    public IReadOnlyList<WaitingApplication> Applications { get; private set; } = [];

    public int Waiting { get; private set; }

    public string? ModulePath => options.Value.ModulePath;

    /// <summary>Null when the writer answered; otherwise why not (resource key).</summary>
    public string? WriterProblemKey { get; private set; }

    public string? WriterProblemDetail { get; private set; }

    public int UsableTokens { get; private set; }

    public IReadOnlyList<ResultRow> Results { get; private set; } = [];

    public string? ErrorKey { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Selected.Count == 0)
        {
            ErrorKey = "CardProduction_NoneSelected";
        }
        else if (Selected.Count > MaxPerRequest)
        {
            ErrorKey = "CardProduction_TooMany";
        }
        else if (string.IsNullOrWhiteSpace(ModulePath))
        {
            ErrorKey = "CardProduction_NoModule";
        }
        else
        {
            var actor = StaffClaims.ActorOf(User);
            var names = (await waiting.ListAsync(MaxRows * 10, cancellationToken)).ToDictionary(a => a.Id, a => a.Name);
            var results = new List<ResultRow>();
            foreach (var id in Selected.Distinct())
            {
                ApprovedCardResult result;
                try
                {
                    result = await produce.RunAsync(id, ModulePath, null, actor, cancellationToken);
                }
                catch (Pkcs11ModuleException)
                {
                    ErrorKey = "CardProduction_ModuleNotLoaded";
                    break;
                }

                results.Add(new ResultRow(id, names.GetValueOrDefault(id, id.ToString()), result));
                if (result.Card?.Outcome is ProduceCardOutcome.NoBlankToken or ProduceCardOutcome.Busy)
                {
                    break;
                }
            }

            Results = results;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Applications = await waiting.ListAsync(MaxRows, cancellationToken);
        Waiting = await waiting.CountAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(ModulePath))
        {
            WriterProblemKey = "CardProduction_NoModule";
            return;
        }

        try
        {
            using var medium = TokenCardMedium.Open(ModulePath, secrets.TransportPuk);
            var labels = medium.InitialisedLabels;
            var recorded = (await db.Cards.Where(c => labels.Contains(c.Serial)).Select(c => c.Serial).ToListAsync(cancellationToken)).ToHashSet();
            UsableTokens = medium.UsableCount(recorded);
            if (UsableTokens == 0)
            {
                WriterProblemKey = "CardProduction_NoBlankToken";
            }
        }
        catch (Pkcs11ModuleException ex)
        {
            WriterProblemKey = "CardProduction_ModuleNotLoaded";
            WriterProblemDetail = ex.Message;
        }
        catch (Pkcs11Exception ex)
        {
            WriterProblemKey = "CardProduction_WriterError";
            WriterProblemDetail = ex.Name;
        }
    }

    internal sealed record ResultRow(Guid ApplicationId, string Name, ApprovedCardResult Result);
}
