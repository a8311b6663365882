using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>
/// R-APP-6: the signing methods after the phone approval. Wet-signed always; e-signed with a valid certificate of ours;
/// E-Onay with consent in force, completed here (R-EONAY-2). Each withheld method says why, and what to do instead.
/// </summary>
internal sealed class SigningMethodModel(ReadSigningOffer read, CompleteWithEOnay complete) : PageModel
{
    public SigningSituation Situation { get; private set; } = null!;

    public string? ErrorKey { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Situation = await ReadAsync(cancellationToken);
        return SignedAlready(Situation.Application.State) ? LocalRedirect(CompletedModel.Path) : Page();
    }

    public async Task<IActionResult> OnPostEOnayAsync(CancellationToken cancellationToken)
    {
        var refusal = await complete.RunAsync(ApplicantSession.ApplicationId(User), cancellationToken);
        if (refusal is null)
        {
            return LocalRedirect(CompletedModel.Path);
        }

        ErrorKey = refusal == CompleteWithEOnay.NoConsent ? "ApplicationSigning_EOnayRefused_NoConsent" : "ApplicationSigning_NotReady";
        Situation = await ReadAsync(cancellationToken);
        return Page();
    }

    internal static bool SignedAlready(ApplicationState state) => state is ApplicationState.ESigned or ApplicationState.EApproved;

    private async Task<SigningSituation> ReadAsync(CancellationToken cancellationToken) =>
        await read.RunAsync(ApplicantSession.ApplicationId(User), cancellationToken)
            ?? throw new InvalidOperationException("The applicant's application is gone.");
}
