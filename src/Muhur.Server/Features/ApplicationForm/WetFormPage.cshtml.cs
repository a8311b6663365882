using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>
/// R-APP-7: the wet-signed form. The applicant types the security word again (it is printed on the form and stored
/// nowhere in the clear), the form is made and offered for download, with what to do with the paper. While a valid
/// form exists it is offered again without the word.
/// </summary>
internal sealed class WetFormPageModel(MuhurDbContext db, PrintWetForm print) : PageModel
{
    [BindProperty]
    public string? SecurityWord { get; set; }

    public ApplicationState State { get; private set; }

    /// <summary>The application's valid form, if printed.</summary>
    public string? FormNumber { get; private set; }

    public string? ErrorKey { get; private set; }

    public bool CanPrint => State is ApplicationState.PhoneApproved or ApplicationState.WetFormPrinted;

    public static string DownloadUrl(string formNumber) => $"/basvuru/islak-imza/{formNumber}.pdf";

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await print.RunAsync(ApplicantSession.ApplicationId(User), SecurityWord, cancellationToken);
        SecurityWord = null;
        ModelState.Clear();
        if (result.Outcome == WetFormOutcome.Ready)
        {
            // Post/Redirect/Get: a reload does not post the word again.
            return LocalRedirect("/basvuru/islak-imza");
        }

        ErrorKey = result.Outcome == WetFormOutcome.WrongSecurityWord
            ? "ApplicationForm_WetWrongSecurityWord"
            : TurkishText.RefusalKey(result.RefusalId);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var applicationId = ApplicantSession.ApplicationId(User);
        State = await db.Set<Application>().Where(a => a.Id == applicationId).Select(a => a.State).SingleAsync(cancellationToken);
        FormNumber = CanPrint ? await PrintWetForm.ValidFormNumberAsync(db, applicationId, cancellationToken) : null;
    }
}
