using System.Globalization;

namespace Muhur.Server.Features.Shared;

/// <summary>Dates as people in Türkiye read them (R-X-1): Türkiye time (UTC+3, no daylight saving since 2016), dd.MM.yyyy.</summary>
internal static class TurkeyTime
{
    private static readonly TimeZoneInfo Zone = Find();

    public static DateTimeOffset Of(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static string Date(DateTimeOffset instant) => Of(instant).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset instant) => Of(instant).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset instant) => Of(instant).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The year in Türkiye: a form printed at 01:00 on 1 January is of the new year.</summary>
    public static int Year(DateTimeOffset instant) => Of(instant).Year;

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Istanbul");
        }
        catch (TimeZoneNotFoundException)
        {
            // A system without the time-zone database: Türkiye has kept UTC+3 all year since 2016.
            return TimeZoneInfo.CreateCustomTimeZone("Europe/Istanbul", TimeSpan.FromHours(3), "Türkiye", "Türkiye");
        }
    }
}
