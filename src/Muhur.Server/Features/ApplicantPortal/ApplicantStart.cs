using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.ApplicantPortal;

/// <summary>The two choices of "Sipariş Formu Seçimi" (R-APP-3).</summary>
internal enum OrderFormChoice
{
    /// <summary>"Yeni Başvuru": no form confirmed yet, fill it in.</summary>
    New,

    /// <summary>"Önceki Başvuru": a form was confirmed; continue with it or correct it.</summary>
    Previous,
}

/// <summary>What the applicant should do next, and where (null: nothing to do in the portal).</summary>
internal sealed record ApplicantNextStep(string TextKey, string? Path);

/// <summary>
/// The applicant portal's addresses and what the start page says for each state (R-APP-3). Pure; the pages of the
/// later steps live in their own folders, and these are the only places that name them here.
/// </summary>
internal static class ApplicantStart
{
    public const string Form = "/basvuru/form";
    public const string SmsApproval = "/basvuru/sms-onay";
    public const string SigningMethod = "/basvuru/imza-yontemi";
    public const string WetSigned = "/basvuru/islak-imza";
    public const string Logout = "/basvuru/cikis";
    public const string Start = "/basvuru";

    /// <summary>R-APP-11: the only pages a read-only status session reaches.</summary>
    public static IReadOnlyList<string> StatusPages { get; } = [Start, Logout];

    public static bool IsStatusPage(PathString path) =>
        StatusPages.Any(p => path.Equals(new PathString(p), StringComparison.OrdinalIgnoreCase) || path.Equals(new PathString(p + "/"), StringComparison.OrdinalIgnoreCase));

    /// <summary>"Yeni Başvuru" until a form is confirmed, "Önceki Başvuru" after (a correction is the previous form again).</summary>
    public static OrderFormChoice ChoiceFor(DateTimeOffset? formConfirmedAt) =>
        formConfirmedAt is null ? OrderFormChoice.New : OrderFormChoice.Previous;

    /// <summary>Whether the form may still be filled or corrected (the state machine takes ConfirmForm).</summary>
    public static bool FormOpen(ApplicationState state) => ApplicationStateRules.AcceptsApplicantLogin(state);

    public static ApplicantNextStep NextStep(ApplicationState state) => state switch
    {
        ApplicationState.PasswordSent => new("ApplicantPortal_Next_FillForm", Form),
        ApplicationState.FormConfirmed => new("ApplicantPortal_Next_ApprovePhone", SmsApproval),
        ApplicationState.PhoneApproved => new("ApplicantPortal_Next_ChooseMethod", SigningMethod),
        ApplicationState.WetFormPrinted => new("ApplicantPortal_Next_WetSign", WetSigned),
        ApplicationState.ESigned or ApplicationState.EApproved or ApplicationState.ForwardedToCentre or ApplicationState.ReceivedByCentre =>
            new("ApplicantPortal_Next_AtCentre", null),
        ApplicationState.Approved => new("ApplicantPortal_Next_Approved", null),
        ApplicationState.CardProduced => new("ApplicantPortal_Next_CardProduced", null),
        ApplicationState.Shipped => new("ApplicantPortal_Next_Shipped", null),
        ApplicationState.Delivered => new("ApplicantPortal_Next_Delivered", null),
        ApplicationState.Rejected => new("ApplicantPortal_Next_Rejected", null),
        _ => new("ApplicantPortal_Next_None", null),
    };
}
