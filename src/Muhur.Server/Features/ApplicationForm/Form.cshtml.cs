using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.Applications;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>
/// The application form (R-APP-4): what the institution reported, read-only, and the applicant's part; "Formu Onayla"
/// leads to the SMS approval (R-APP-5). For "Önceki Başvuru" (R-APP-3) it shows the form as last confirmed, except the
/// security word, which is never shown and must be typed again.
/// </summary>
internal sealed class FormModel(MuhurDbContext db, ConfirmApplicationForm confirm, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public FormInput Input { get; set; } = new();

    public ApplicantFormRecord Record { get; private set; } = null!;

    /// <summary>The state machine's refusal of a new confirmation (the application is at the centre), as a resource key.</summary>
    public string? RefusalKey { get; private set; }

    public bool IsRepeat => Record.Application.Kind != ApplicationKind.First;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var application = Record.Application;
        var mobile = application.MobilePhone ?? Record.RegisteredMobilePhone;
        Input = new FormInput
        {
            MobilePhone = mobile is null ? null : PrintWetForm.Display(mobile),
            ProvinceCode = application.ProvinceCode?.ToString(TurkishText.Culture),
            District = application.District,
            AddressLine = application.AddressLine,
            PostalCode = application.PostalCode,
            PublishConsent = application.PublishConsent ?? false,
            RepeatReason = application.RepeatReason,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var applicationId = ApplicantSession.ApplicationId(User);
        ModelState.Clear();
        var province = int.TryParse(Input.ProvinceCode, System.Globalization.NumberStyles.None, TurkishText.Culture, out var code) ? code : (int?)null;
        var result = await confirm.RunAsync(applicationId, new ApplicationFormInput(
            Input.MobilePhone, province, Input.District, Input.AddressLine, Input.PostalCode,
            Input.SecurityWord, Input.SecurityWordRepeat, Input.PublishConsent, Input.RepeatReason), cancellationToken);
        if (result.Confirmed)
        {
            return LocalRedirect("/basvuru/sms-onay");
        }

        foreach (var error in result.Errors)
        {
            ModelState.AddModelError($"{nameof(Input)}.{error.Field}", error.Argument is null ? text[error.MessageKey] : text[error.MessageKey, error.Argument]);
        }

        await LoadAsync(cancellationToken);
        RefusalKey = result.RefusalId is null ? RefusalKey : TurkishText.RefusalKey(result.RefusalId);

        // A password field is never sent back to the browser (it would sit in the page's source).
        Input.SecurityWord = Input.SecurityWordRepeat = null;
        return Page();
    }

    /// <summary>"aria-invalid" for a field with an error (WCAG 2.2 SC 3.3.1).</summary>
    public string Invalid(string field) =>
        ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) && entry.Errors.Count > 0 ? "true" : "false";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Record = await ApplicantFormRecord.LoadAsync(db, ApplicantSession.ApplicationId(User), cancellationToken);
        var decision = ApplicationStateRules.Decide(Record.Application.State, ApplicationEvent.ConfirmForm);
        RefusalKey = decision.Allowed ? null : TurkishText.RefusalKey(decision.RefusalId);
    }

    internal sealed class FormInput
    {
        public string? MobilePhone { get; set; }

        public string? ProvinceCode { get; set; }

        public string? District { get; set; }

        public string? AddressLine { get; set; }

        public string? PostalCode { get; set; }

        public string? SecurityWord { get; set; }

        public string? SecurityWordRepeat { get; set; }

        public bool PublishConsent { get; set; }

        public string? RepeatReason { get; set; }
    }
}
