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

    private static readonly TimeZoneInfo TurkeyTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Istanbul");

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

    /// <summary>dd.MM.yyyy HH:mm in Türkiye time, as every date the applicant reads.</summary>
    public static string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TurkeyTime).ToString("dd.MM.yyyy HH:mm", Culture);

    /// <summary>The year in Türkiye: a form printed at 01:00 on 1 January is of the new year.</summary>
    public static int Year(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TurkeyTime).Year;

    /// <summary>HH:mm in Türkiye time.</summary>
    public static string FormatTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TurkeyTime).ToString("HH:mm", Culture);
}
