using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Muhur.Server.Data;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.Forwarding;

/// <summary>
/// R-APP-9 <c>/kurum/evrak/gonderiler/{id}</c>: one batch of the institution: its letter, forms, state and, once the
/// centre received it, the centre's report; an unsent batch is sent (with the courier's number) or cancelled here.
/// Another institution's batch is not found (R-X-4).
/// </summary>
internal sealed class BatchModel(
    MuhurDbContext db, SendForwardingBatch sendBatch, CancelForwardingBatch cancelBatch, IStringLocalizer<SharedResource> text) : PageModel
{
    public BatchReport Report { get; private set; } = null!;

    [BindProperty]
    [StringLength(60, ErrorMessage = "Validation_TooLong")]
    public string? CourierReference { get; set; }

    public IReadOnlyList<string> InvalidForms { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSendAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        var result = await sendBatch.RunAsync(id, CourierReference, StaffClaims.ActorOf(User), cancellationToken);
        switch (result.Outcome)
        {
            case SendBatchOutcome.NotFound:
                return NotFound();
            case SendBatchOutcome.Sent:
                TempData["ForwardingOk"] = true;
                TempData["ForwardingMessage"] = text["Forwarding_Sent"].Value;
                return Redirect($"/kurum/evrak/gonderiler/{id}");
            case SendBatchOutcome.FormsInvalid:
                InvalidForms = result.InvalidForms ?? [];
                ModelState.AddModelError(string.Empty, text["Forwarding_SendRefusedVoided", string.Join(", ", InvalidForms)]);
                break;
            default:
                ModelState.AddModelError(string.Empty, text["Forwarding_NotPrepared"]);
                break;
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        switch (await cancelBatch.RunAsync(id, StaffClaims.ActorOf(User), cancellationToken))
        {
            case CancelBatchOutcome.NotFound:
                return NotFound();
            case CancelBatchOutcome.Cancelled:
                TempData["ForwardingOk"] = true;
                TempData["ForwardingMessage"] = text["Forwarding_Cancelled"].Value;
                return Redirect($"/kurum/evrak/gonderiler/{id}");
            default:
                ModelState.AddModelError(string.Empty, text["Forwarding_NotPrepared"]);
                return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var report = await ReadBatchReport.ReadAsync(db, id, cancellationToken);
        if (report is null)
        {
            return false;
        }

        Report = report;
        return true;
    }
}
