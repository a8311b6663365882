using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.Applications;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>
/// R-APP-5: the SMS approval of the confirmed form. The number is shown masked; a new code can be asked for when the
/// spacing and hourly limit allow, and the page says when that is. Accepted → the signing method (R-APP-6).
/// </summary>
internal sealed class SmsApprovalModel(
    MuhurDbContext db, ApproveApplicantPhone approve, SendSmsApprovalCode send, IStringLocalizer<SharedResource> text, TimeProvider time) : PageModel
{
    public const string SigningMethodPage = "/basvuru/imza-yontemi";

    [BindProperty]
    public string? Code { get; set; }

    public ApplicationState State { get; private set; }

    public string? MaskedMobile { get; private set; }

    /// <summary>When the current code was sent (null: none since the form was confirmed).</summary>
    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset NextSendAt { get; private set; }

    public bool CanSendNow { get; private set; }

    /// <summary>The outcome of the last action, already in the page's language.</summary>
    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    public string? RefusalKey { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await approve.RunAsync(ApplicantSession.ApplicationId(User), Code, cancellationToken);
        if (result.Approved)
        {
            return LocalRedirect(SigningMethodPage);
        }

        if (result.RefusalId is not null)
        {
            Show(text[TurkishText.RefusalKey(result.RefusalId)], error: true);
        }
        else if (result.NoCode)
        {
            Show(text["ApplicationForm_SmsNoCode"], error: true);
        }
        else
        {
            Show(text[$"ApplicationForm_Sms{result.Check}", result.TriesLeft], error: true);
        }

        Code = null;
        ModelState.Clear();
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        var result = await send.RunAsync(ApplicantSession.ApplicationId(User), cancellationToken);
        await LoadAsync(cancellationToken);
        switch (result.Outcome)
        {
            case SmsSendOutcome.Sent:
                Show(text["ApplicationForm_SmsResent", MaskedMobile ?? string.Empty], error: false);
                break;
            case SmsSendOutcome.TooSoon:
                Show(text["ApplicationForm_SmsTooSoon", Shared.TurkeyTime.Time(result.NextAllowedAt)], error: true);
                break;
            default:
                Show(text["ApplicationForm_SmsNotAwaiting"], error: true);
                break;
        }

        return Page();
    }

    private void Show(string message, bool error)
    {
        Message = message;
        MessageIsError = error;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var applicationId = ApplicantSession.ApplicationId(User);
        var record = await ApplicantFormRecord.LoadAsync(db, applicationId, cancellationToken);
        var application = record.Application;
        State = application.State;
        MaskedMobile = application.MobilePhone is null ? null : MobilePhone.Mask(application.MobilePhone);
        var decision = ApplicationStateRules.Decide(State, ApplicationEvent.ApprovePhone);
        RefusalKey = decision.Allowed || State is ApplicationState.PhoneApproved or ApplicationState.WetFormPrinted or ApplicationState.PasswordSent
            ? null
            : TurkishText.RefusalKey(decision.RefusalId);
        SentAt = State == ApplicationState.FormConfirmed ? (await ApproveApplicantPhone.CurrentCodeAsync(db, application, cancellationToken))?.SentAt : null;
        NextSendAt = await send.NextAllowedAtAsync(applicationId, cancellationToken);
        CanSendNow = NextSendAt <= time.GetUtcNow();
    }
}
