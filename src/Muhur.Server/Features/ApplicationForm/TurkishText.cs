using System.Globalization;
using Microsoft.Extensions.Localization;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>
/// Texts that leave the page — the SMS, the mail, the printed form — are Turkish whatever language the page is shown
/// in (R-X-1): the centre files the form and the applicant's phone shows the SMS beside others in Turkish.
/// </summary>
internal sealed class TurkishText(IStringLocalizer<SharedResource> text)
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("tr-TR");

    public string this[string key, params object[] arguments]
    {
        get
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = Culture;
            try
            {
                return string.Format(Culture, text[key].Value, arguments);
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
    }

    /// <summary>The resource key of a refusal of <see cref="Applications.ApplicationStateRules"/>.</summary>
    public static string RefusalKey(string? id) => $"ApplicationForm_Refused_{id}";

}
