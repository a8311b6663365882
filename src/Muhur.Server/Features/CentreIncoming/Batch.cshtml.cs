using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Muhur.Server.Data;
using Muhur.Server.Features.Forwarding;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;
using Muhur.Server.Web;

namespace Muhur.Server.Features.CentreIncoming;

/// <summary>
/// R-APP-9 <c>/merkez/gelen-evrak/{id}</c>: the officer opens a batch's envelope, scans each form's barcode (each
/// answer shown at once, the field focused again), and finishes the receipt, which records the forms not found as
/// missing. The report is the institution's too.
/// </summary>
[Authorize(Policy = Portals.CentreOfficerPolicy)]
internal sealed class BatchModel(
    MuhurDbContext db, ReceiveBatchForm receiveForm, FinishBatchReceipt finishReceipt, IStringLocalizer<SharedResource> text) : PageModel
{
    public BatchReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostScanAsync(Guid id, string? barcode, CancellationToken cancellationToken)
    {
        var result = await receiveForm.RunAsync(id, barcode, StaffClaims.ActorOf(User), cancellationToken);
        if (result.Outcome == ScanOutcome.BatchNotFound)
        {
            return NotFound();
        }

        TempData["IncomingOk"] = result.Outcome == ScanOutcome.Received;
        TempData["IncomingMessage"] = text[$"CentreIncoming_Scan_{result.Outcome}", result.FormNumber ?? string.Empty, result.ApplicantName ?? string.Empty].Value;
        return Redirect($"/merkez/gelen-evrak/{id}");
    }

    public async Task<IActionResult> OnPostFinishAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await finishReceipt.RunAsync(id, StaffClaims.ActorOf(User), cancellationToken);
        if (result.Outcome == FinishReceiptOutcome.NotFound)
        {
            return NotFound();
        }

        TempData["IncomingOk"] = result.Outcome == FinishReceiptOutcome.Finished && result.Missing == 0;
        TempData["IncomingMessage"] = result.Outcome == FinishReceiptOutcome.Finished
            ? text["CentreIncoming_Finished", result.Missing].Value
            : text["CentreIncoming_NotOpen"].Value;
        return Redirect($"/merkez/gelen-evrak/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var report = await ReadBatchReport.ReadAsync(db, id, cancellationToken);

        // A batch the institution has not sent is not the centre's yet.
        if (report is null || report.Batch.SentAt is null)
        {
            return false;
        }

        Report = report;
        return true;
    }
}
