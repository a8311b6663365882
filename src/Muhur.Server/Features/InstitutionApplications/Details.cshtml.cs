using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Shared;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>
/// One application of the institution: the person, the eligibility with its reason (R-ELIG-5), the state history, the
/// receipt, and the access password's resending (R-APP-1). Another institution's application is not found (R-X-4).
/// </summary>
internal sealed class DetailsModel(MuhurDbContext db, SendAccessPassword sendAccessPassword, ReadApplicationHistory readHistory, IStringLocalizer<SharedResource> text) : PageModel
{
    public Guid Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string? Title { get; private set; }

    public Guid PersonId { get; private set; }

    public string MaskedIdentifier { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    public string? Mobile { get; private set; }

    public string? Unit { get; private set; }

    public Application Application { get; private set; } = null!;

    public bool CanResend => ApplicationStateRules.AcceptsNewAccessPassword(Application.State);

    public ReceiptInfo? Receipt { get; private set; }

    public IReadOnlyList<ApplicationHistoryRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>R-APP-1: a new password voids the old one; refused politely once the applicant can no longer log in.</summary>
    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await sendAccessPassword.RunAsync(id, StaffClaims.ActorOf(User), cancellationToken);
        switch (result.Outcome)
        {
            case SendAccessPasswordOutcome.NotFound:
                return NotFound();
            case SendAccessPasswordOutcome.Sent:
                TempData["Registered"] = text["InstApps_Resent", result.Recipient!, TurkeyTime.Date(result.ExpiresAt!.Value)].Value;
                return Redirect($"/kurum/basvurular/{id}");
            default:
                await LoadAsync(id, cancellationToken);
                ModelState.AddModelError(string.Empty, text["InstApps_ResendRefused"]);
                return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null)
        {
            return false;
        }

        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == application.PersonId, cancellationToken);
        Id = id;
        Application = application;
        PersonId = person.Id;
        Name = person.FullName;
        Title = person.Title;
        MaskedIdentifier = PersonIdentifier.Mask(person.IdentifierNumber);
        Email = person.CorporateEmail;
        Mobile = person.MobilePhone is { } mobile ? MobilePhone.Mask(mobile) : null;
        Unit = await db.Units.Where(u => u.Id == person.UnitId).Select(u => u.Name).SingleOrDefaultAsync(cancellationToken);
        Receipt = await db.Set<ApplicationReceipt>().Where(r => r.ApplicationId == id)
            .Select(r => new ReceiptInfo(r.FileName, r.ContentType, r.Content.Length, r.UploadedAt)).SingleOrDefaultAsync(cancellationToken);
        History = await readHistory.RunAsync(id, cancellationToken);
        return true;
    }

    internal sealed record ReceiptInfo(string FileName, string ContentType, int Bytes, DateTimeOffset UploadedAt);
}
