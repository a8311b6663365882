using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Pki.Audit;

namespace Muhur.Server.Features.Audit;

/// <summary>
/// The centre's readable audit log <c>/merkez/denetim</c> (issue 11 item 7, R-CA-4): both centre roles, each seeing
/// only what <see cref="AuditVisibility"/> gives their role; the chain's integrity as on the dashboard.
/// </summary>
internal sealed class AuditLogPageModel(SearchAuditLog search, VerifyAuditLog verify) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "kisi")]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true, Name = "sertifika")]
    public string? Certificate { get; set; }

    [BindProperty(SupportsGet = true, Name = "basvuru")]
    public string? Application { get; set; }

    [BindProperty(SupportsGet = true, Name = "baslangic")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "bitis")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "sayfa")]
    public int PageNumber { get; set; } = 1;

    public AuditAudience Audience { get; private set; }

    public AuditSearchPage Result { get; private set; } = new([], 1, false, null);

    public AuditChainVerification Chain { get; private set; } = null!;

    public bool ApplicationInvalid { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Audience = AuditVisibility.For(User);
        Guid? applicationId = null;
        if (!string.IsNullOrWhiteSpace(Application))
        {
            if (Guid.TryParse(Application.Trim(), out var id))
            {
                applicationId = id;
            }
            else
            {
                ApplicationInvalid = true;
            }
        }

        Result = ApplicationInvalid
            ? new([], 1, false, null)
            : await search.RunAsync(new AuditSearch(Person, Certificate, applicationId, From, To), Audience, PageNumber, cancellationToken);
        Chain = await verify.RunAsync(cancellationToken);
    }

    /// <summary>The address of another page of the same search.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["kisi"] = Person,
            ["sertifika"] = Certificate,
            ["basvuru"] = Application,
            ["baslangic"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["bitis"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["sayfa"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/merkez/denetim", query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }
}
