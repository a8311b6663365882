using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.ApplicationSigning;
using Muhur.Server.Features.InstitutionApplications;
using Muhur.Server.Features.People;
using Muhur.Server.Features.Signatures;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;
using Muhur.Server.Web;

namespace Muhur.Server.Features.CentreDecision;

/// <summary>
/// R-APP-10, R-ELIG-5: one application as the centre officer decides it: the person and institution, the eligibility
/// and who decided it, the form's fields in full (the officer checks them against the paper), the signing method with
/// its evidence (the wet form's barcode and its batch, the e-signature's code and certificate, the E-Onay consent),
/// the receipt with its acceptance, the state history; and the decision itself. Every action is a POST that redirects
/// back (PRG); refusals (already decided, cancelled, receipt not accepted) come back as a Turkish message.
/// </summary>
[Authorize(Policy = Portals.CentreOfficerPolicy)]
internal sealed class DetailsModel(
    MuhurDbContext db, DecideApplication decide, DecideReceipt receipts, TurkishText turkish, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>The common reasons offered for a rejection (<c>CentreDecision_RejectReason_{n}</c>); "other" needs text.</summary>
    public static IReadOnlyList<string> RejectReasons { get; } = ["1", "2", "3", "4", "5"];

    public const string OtherReason = "other";

    public Guid Id { get; private set; }

    public Application Application { get; private set; } = null!;

    public Person Person { get; private set; } = null!;

    public string InstitutionName { get; private set; } = string.Empty;

    public string? Unit { get; private set; }

    public string? Province { get; private set; }

    public WetFormEvidence? WetForm { get; private set; }

    public ESignEvidence? ESign { get; private set; }

    public EOnayEvidence? EOnay { get; private set; }

    public ReceiptInfo? Receipt { get; private set; }

    public IReadOnlyList<ApplicationStateChange> History { get; private set; } = [];

    public bool AwaitsDecision => ApplicationStateRules.AwaitsCentreDecision(Application.State);

    public bool CanReject => ApplicationStateRules.Decide(Application.State, ApplicationEvent.Reject).Allowed;

    /// <summary>R-ELIG-5: an individual payment is approved only on an accepted receipt.</summary>
    public bool ReceiptBlocksApproval => Application.Payment == PaymentMode.Individual && Receipt?.AcceptedAt is null;

    public bool ReceiptOpen => DecideReceipt.IsOpen(Application.State);

    [BindProperty]
    public RejectInput Reject { get; set; } = new();

    [BindProperty]
    public ReceiptInput ReceiptRefusal { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken) =>
        Decided(id, await decide.ApproveAsync(id, StaffClaims.ActorOf(User), cancellationToken), "CentreDecision_Approved");

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken cancellationToken)
    {
        var reason = RejectionReason();
        if (reason is null || !ModelState.IsValid)
        {
            if (reason is null)
            {
                ModelState.AddModelError("Reject.Text", text["CentreDecision_ReasonRequired"]);
            }

            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        return Decided(id, await decide.RejectAsync(id, StaffClaims.ActorOf(User), reason, cancellationToken), "CentreDecision_Rejected");
    }

    public async Task<IActionResult> OnPostAcceptReceiptAsync(Guid id, CancellationToken cancellationToken) =>
        ReceiptDecided(id, await receipts.AcceptAsync(id, StaffClaims.ActorOf(User), cancellationToken), "CentreDecision_ReceiptAcceptedDone");

    public async Task<IActionResult> OnPostRefuseReceiptAsync(Guid id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ReceiptRefusal.Reason) || !ModelState.IsValid)
        {
            if (string.IsNullOrWhiteSpace(ReceiptRefusal.Reason))
            {
                ModelState.AddModelError("ReceiptRefusal.Reason", text["CentreDecision_ReasonRequired"]);
            }

            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        return ReceiptDecided(
            id, await receipts.RefuseAsync(id, StaffClaims.ActorOf(User), ReceiptRefusal.Reason, cancellationToken), "CentreDecision_ReceiptRefusedDone");
    }

    /// <summary>
    /// The reason the applicant and the institution are told, in Turkish whatever the page's language: the common
    /// reason chosen, with the officer's words after it; or the officer's words alone. Null when there is none.
    /// </summary>
    private string? RejectionReason()
    {
        var typed = Reject.Text?.Trim();
        var common = Reject.Choice is { } choice && RejectReasons.Contains(choice) ? turkish[$"CentreDecision_RejectReason_{choice}"] : null;
        return (common, string.IsNullOrEmpty(typed) ? null : typed) switch
        {
            (null, null) => null,
            (null, var words) => words,
            (var chosen, null) => chosen,
            (var chosen, var words) => $"{chosen} {words}",
        };
    }

    private IActionResult Decided(Guid id, DecisionResult result, string doneKey)
    {
        switch (result.Outcome)
        {
            case DecisionOutcome.NotFound:
                return NotFound();
            case DecisionOutcome.Decided:
                TempData["DecisionDone"] = text[doneKey].Value;
                break;
            case DecisionOutcome.ReceiptNotAccepted:
                TempData["DecisionError"] = text["CentreDecision_ApproveNeedsReceipt"].Value;
                break;
            case DecisionOutcome.ReasonRequired:
                TempData["DecisionError"] = text["CentreDecision_ReasonRequired"].Value;
                break;
            default:
                TempData["DecisionError"] = text[$"CentreDecision_Refused_{result.RefusalId}", text[$"Application_State_{result.State}"].Value].Value;
                break;
        }

        return Redirect($"/merkez/basvurular/{id}");
    }

    private IActionResult ReceiptDecided(Guid id, ReceiptDecisionOutcome outcome, string doneKey)
    {
        if (outcome == ReceiptDecisionOutcome.NotFound)
        {
            return NotFound();
        }

        TempData[outcome == ReceiptDecisionOutcome.Done ? "DecisionDone" : "DecisionError"] =
            text[outcome == ReceiptDecisionOutcome.Done ? doneKey : $"CentreDecision_Receipt{outcome}"].Value;
        return Redirect($"/merkez/basvurular/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null)
        {
            return false;
        }

        Id = id;
        Application = application;
        Person = await db.People.AsNoTracking().SingleAsync(p => p.Id == application.PersonId, cancellationToken);
        InstitutionName = await db.Institutions.Where(i => i.Id == application.InstitutionId).Select(i => i.Name).SingleAsync(cancellationToken);
        Unit = await db.Units.Where(u => u.Id == Person.UnitId).Select(u => u.Name).SingleOrDefaultAsync(cancellationToken);
        Province = application.ProvinceCode is { } code ? Provinces.ByCode(code)?.Name : null;
        History = await db.Set<ApplicationStateChange>().AsNoTracking().Where(c => c.ApplicationId == id).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        Receipt = await db.Set<ApplicationReceipt>().Where(r => r.ApplicationId == id)
            .Select(r => new ReceiptInfo(r.FileName, r.ContentType, r.Content.Length, r.UploadedAt, r.UploadedBy, r.AcceptedAt, r.AcceptedBy, r.RefusedAt, r.RefusedBy, r.RefusedReason))
            .SingleOrDefaultAsync(cancellationToken);

        switch (application.SigningMethod)
        {
            case SigningMethod.WetSigned:
                var form = await db.Set<WetForm>().Where(f => f.ApplicationId == id && f.VoidedAt == null)
                    .Select(f => new { f.FormNumber, f.CreatedAt }).SingleOrDefaultAsync(cancellationToken);
                var voided = await db.Set<WetForm>().CountAsync(f => f.ApplicationId == id && f.VoidedAt != null, cancellationToken);
                var batch = form is null ? null : await db.Database.SqlQuery<BatchRow>($"""
                    SELECT b.letter_number AS "LetterNumber", b.letter_date AS "LetterDate", b.sent_at AS "SentAt",
                           f.received_at AS "ReceivedAt", f.received_by AS "ReceivedBy"
                    FROM forwarding_batch_forms f JOIN forwarding_batches b ON b.id = f.batch_id
                    WHERE f.form_number = {form.FormNumber}
                    """).SingleOrDefaultAsync(cancellationToken);
                WetForm = new WetFormEvidence(form?.FormNumber, form?.CreatedAt, voided, batch);
                break;
            case SigningMethod.ESigned:
                var signedCode = await db.VerificationCodes.AsNoTracking()
                    .Where(c => c.Purpose == CodePurpose.Application && c.Reference == id.ToString() && c.UsedAt != null)
                    .OrderByDescending(c => c.UsedAt)
                    .Select(c => new { c.Code, c.UsedAt, c.SignerCertificate })
                    .FirstOrDefaultAsync(cancellationToken);
                ESign = new ESignEvidence(signedCode?.Code, signedCode?.UsedAt, signedCode?.SignerCertificate is { } serial ? Convert.ToHexString(serial) : null);
                break;
            case SigningMethod.EOnay:
                // CompleteWithEOnay names the consent in the EApprove change's actor: "applicant:e-onay:{consent id}".
                var actor = History.LastOrDefault(c => c.Event == nameof(ApplicationEvent.EApprove))?.Actor;
                var consent = actor is not null && Guid.TryParse(actor[(actor.LastIndexOf(':') + 1)..], out var consentId)
                    ? await db.Set<EOnayConsent>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == consentId, cancellationToken)
                    : null;
                EOnay = new EOnayEvidence(consent?.VerificationCode, consent?.GivenAt, consent?.WithdrawnAt,
                    consent is null ? null : Convert.ToHexString(consent.CertificateSerial));
                break;
        }

        return true;
    }

    internal sealed class RejectInput
    {
        public string? Choice { get; set; }

        [StringLength(DecideApplication.MaxReasonLength, ErrorMessage = "Validation_TooLong")]
        public string? Text { get; set; }
    }

    internal sealed class ReceiptInput
    {
        [StringLength(DecideApplication.MaxReasonLength, ErrorMessage = "Validation_TooLong")]
        public string? Reason { get; set; }
    }

    internal sealed record BatchRow(string LetterNumber, DateOnly LetterDate, DateTimeOffset? SentAt, DateTimeOffset? ReceivedAt, string? ReceivedBy);

    internal sealed record WetFormEvidence(string? FormNumber, DateTimeOffset? PrintedAt, int VoidedForms, BatchRow? Batch);

    internal sealed record ESignEvidence(string? Code, DateTimeOffset? SignedAt, string? CertificateSerial);

    internal sealed record EOnayEvidence(string? Code, DateTimeOffset? GivenAt, DateTimeOffset? WithdrawnAt, string? CertificateSerial);

    internal sealed record ReceiptInfo(
        string FileName,
        string ContentType,
        int Bytes,
        DateTimeOffset UploadedAt,
        string UploadedBy,
        DateTimeOffset? AcceptedAt,
        string? AcceptedBy,
        DateTimeOffset? RefusedAt,
        string? RefusedBy,
        string? RefusedReason);
}
