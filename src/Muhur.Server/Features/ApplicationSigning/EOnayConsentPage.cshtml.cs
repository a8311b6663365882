using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.Signatures;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>
/// R-EONAY-1: E-Onay consent. A holder with a valid certificate of ours gives it once by signing a code (purpose
/// EOnayConsent) with muhur-imza, as for the e-signed path; with consent in force the page shows it and lets the holder
/// withdraw it after an explicit confirmation.
/// </summary>
internal sealed class EOnayConsentPageModel(
    ReadSigningOffer read, IssueSigningCode issue, WithdrawEOnayConsent withdraw, SignerDownloads downloads, MuhurDbContext db) : PageModel
{
    public SigningSituation Situation { get; private set; } = null!;

    public SignCodeView? Sign { get; private set; }

    public DateTimeOffset? GivenAt { get; private set; }

    public string? ErrorKey { get; private set; }

    public bool Withdrawn { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "geri-alindi")] bool withdrawn, CancellationToken cancellationToken)
    {
        Withdrawn = withdrawn;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetStatusAsync(CancellationToken cancellationToken)
    {
        var situation = await read.RunAsync(ApplicantSession.ApplicationId(User), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new { done = situation?.ConsentInForce == true });
    }

    public async Task<IActionResult> OnPostWithdrawAsync([FromForm(Name = "confirm")] bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            ErrorKey = "ApplicationSigning_WithdrawConfirmRequired";
            await LoadAsync(cancellationToken);
            return Page();
        }

        await withdraw.RunAsync(ApplicantSession.ApplicationId(User), cancellationToken);
        return LocalRedirect("/basvuru/e-onay-izni?geri-alindi=true");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var applicationId = ApplicantSession.ApplicationId(User);
        Situation = await read.RunAsync(applicationId, cancellationToken) ?? throw new InvalidOperationException("The applicant's application is gone.");
        if (Situation.ConsentInForce)
        {
            GivenAt = await ReadSigningOffer.ConsentInForce(db, Situation.Person).MinAsync(c => (DateTimeOffset?)c.GivenAt, cancellationToken);
        }
        else if (Situation.Standing == CertificateStanding.Valid)
        {
            var code = await issue.RunAsync(CodePurpose.EOnayConsent, applicationId, Situation.Person.IdentifierNumber, cancellationToken);
            Sign = new SignCodeView(
                code.Code, code.ExpiresAt, SignCodeView.CommandFor(code.Code, ESignModel.SubmitUrl(Request)), downloads.Available(),
                "/basvuru/e-onay-izni?handler=Status");
        }
    }
}
