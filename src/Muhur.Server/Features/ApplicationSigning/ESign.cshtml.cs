using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Signatures;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>
/// R-APP-8: the e-signed path. The page shows a code bound to this application and person and the muhur-imza command
/// that signs it on the card and posts it to <see cref="ApplicationSigningModule.SignedCodeRoute"/>; a small script
/// asks <c>?handler=Status</c> every two seconds and shows "İşleminiz Başarılıdır" when the application is e-signed
/// ("Durumu yenile" without script).
/// </summary>
internal sealed class ESignModel(ReadSigningOffer read, IssueSigningCode issue, SignerDownloads downloads) : PageModel
{
    public SigningSituation Situation { get; private set; } = null!;

    public SignCodeView? Sign { get; private set; }

    public bool Done => Situation.Application.State == ApplicationState.ESigned;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var applicationId = ApplicantSession.ApplicationId(User);
        Situation = await read.RunAsync(applicationId, cancellationToken) ?? throw new InvalidOperationException("The applicant's application is gone.");
        if (Situation.Application.State == ApplicationState.PhoneApproved && Situation.Offer.ESigned)
        {
            var code = await issue.RunAsync(CodePurpose.Application, applicationId, Situation.Person.IdentifierNumber, cancellationToken);
            Sign = new SignCodeView(
                code.Code, code.ExpiresAt, SignCodeView.CommandFor(code.Code, SubmitUrl(Request)), downloads.Available(), "/basvuru/e-imza?handler=Status");
        }

        return Page();
    }

    /// <summary>The page's script asks this; the answer names no more than the applicant's own state.</summary>
    public async Task<IActionResult> OnGetStatusAsync(CancellationToken cancellationToken)
    {
        var situation = await read.RunAsync(ApplicantSession.ApplicationId(User), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new { done = situation?.Application.State == ApplicationState.ESigned });
    }

    /// <summary>The signed-code endpoint's absolute address as this request reached the server.</summary>
    internal static string SubmitUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{ApplicationSigningModule.SignedCodeRoute}";
}
