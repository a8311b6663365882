using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Muhur.Server.Data;
using Muhur.Server.Features.Shared;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.Forwarding;

/// <summary>
/// R-APP-9 <c>/kurum/evrak</c>: the wet-signed forms waiting to be forwarded; the barcode field marks each paper form
/// received (a scanner types the number and Enter); the received ones are selected for a batch, whose cover letter is
/// made from the letterhead fields below. Only the institution's own forms are shown and found (R-X-4).
/// </summary>
internal sealed class IndexModel(
    MuhurDbContext db, MarkFormReceived markFormReceived, CreateForwardingBatch createBatch, TimeProvider time, IStringLocalizer<SharedResource> text)
    : PageModel
{
    public IReadOnlyList<QueuedForm> Waiting { get; private set; } = [];

    public IReadOnlyList<QueuedForm> Received { get; private set; } = [];

    [BindProperty]
    public LetterInput Letter { get; set; } = new();

    /// <summary>The received forms chosen for the batch; all of them by default.</summary>
    [BindProperty]
    public List<string> Selected { get; set; } = [];

    public string? Barcode { get; private set; }

    public IReadOnlyList<string> NotReady { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var institution = await CreateForwardingBatch.InstitutionAsync(db, StaffClaims.InstitutionOf(User), cancellationToken);
        var now = time.GetUtcNow();
        Letter = new LetterInput
        {
            InstitutionName = institution.Name,
            PostalAddress = institution.PostalAddress,
            Phone = institution.Phone,
            Email = institution.Email,
            LetterDate = DateOnly.FromDateTime(TurkeyTime.Of(now).Date),
            LetterNumber = Received.Count > 0 ? await CreateForwardingBatch.NextLetterNumberAsync(db, institution.Code, now, cancellationToken) : string.Empty,
            SignatoryName = User.FindFirst(System.Security.Claims.ClaimTypes.GivenName)?.Value ?? string.Empty,
        };
        Selected = Received.Select(f => f.FormNumber).ToList();
    }

    /// <summary>A barcode typed or scanned: the answer comes back on the page, whose field has the focus again.</summary>
    public async Task<IActionResult> OnPostMarkAsync(string? barcode, CancellationToken cancellationToken)
    {
        var result = await markFormReceived.RunAsync(barcode, StaffClaims.ActorOf(User), cancellationToken);
        TempData["ForwardingOk"] = result.Outcome == MarkFormOutcome.Marked;
        TempData["ForwardingMessage"] = text[$"Forwarding_Mark_{result.Outcome}", result.FormNumber ?? string.Empty, result.ApplicantName ?? string.Empty].Value;
        return Redirect("/kurum/evrak");
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (Selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Selected), text["Forwarding_NoneSelected"]);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var result = await createBatch.RunAsync(
            StaffClaims.InstitutionOf(User),
            Selected,
            new CoverLetterFields(
                Letter.InstitutionName!.Trim(), Trimmed(Letter.PostalAddress), Trimmed(Letter.Phone), Trimmed(Letter.Email),
                Letter.LetterDate!.Value, Letter.LetterNumber!.Trim(), Letter.SignatoryName!.Trim(), Trimmed(Letter.SignatoryTitle)),
            StaffClaims.ActorOf(User),
            cancellationToken);
        switch (result.Outcome)
        {
            case CreateBatchOutcome.Created:
                TempData["ForwardingOk"] = true;
                TempData["ForwardingMessage"] = text["Forwarding_Created", Letter.LetterNumber!.Trim()].Value;
                return Redirect($"/kurum/evrak/gonderiler/{result.BatchId}");
            case CreateBatchOutcome.LetterNumberTaken:
                ModelState.AddModelError("Letter.LetterNumber", text["Forwarding_LetterNumberTaken"]);
                break;
            case CreateBatchOutcome.NoForms:
                ModelState.AddModelError(nameof(Selected), text["Forwarding_NoneSelected"]);
                break;
            default:
                NotReady = result.NotReady ?? [];
                ModelState.AddModelError(nameof(Selected), text["Forwarding_FormsNotReady", string.Join(", ", NotReady)]);
                break;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var queue = await ReadForwardingQueue.ReadAsync(db, cancellationToken);
        Received = queue.Where(f => f.ReceivedAt is not null).ToList();
        Waiting = queue.Where(f => f.ReceivedAt is null).ToList();
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The cover letter's fields (R-APP-9), with the institution's letterhead as defaults.</summary>
    internal sealed class LetterInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(200, ErrorMessage = "Validation_TooLong")]
        public string? InstitutionName { get; set; }

        [StringLength(500, ErrorMessage = "Validation_TooLong")]
        public string? PostalAddress { get; set; }

        [StringLength(40, ErrorMessage = "Validation_TooLong")]
        public string? Phone { get; set; }

        [EmailAddress(ErrorMessage = "Validation_Email")]
        [StringLength(200, ErrorMessage = "Validation_TooLong")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        public DateOnly? LetterDate { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(60, ErrorMessage = "Validation_TooLong")]
        public string? LetterNumber { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(120, ErrorMessage = "Validation_TooLong")]
        public string? SignatoryName { get; set; }

        [StringLength(120, ErrorMessage = "Validation_TooLong")]
        public string? SignatoryTitle { get; set; }
    }
}
