using System.Formats.Asn1;

namespace Muhur.Pki.Authority;

internal static class X509Time
{
    private static readonly DateTimeOffset GeneralizedTimeFrom = new(2050, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>X.509 times carry whole seconds (RFC 5280 §4.1.2.5), so comparisons must use the encoded precision.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        DateTimeOffset utc = value.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary>RFC 5280 §4.1.2.5 and §5.1.2.4: UTCTime through 2049, GeneralizedTime from 2050 on.</summary>
    public static void WriteTime(AsnWriter writer, DateTimeOffset value)
    {
        DateTimeOffset utc = TruncateToSeconds(value);
        if (utc < GeneralizedTimeFrom)
        {
            writer.WriteUtcTime(utc);
        }
        else
        {
            writer.WriteGeneralizedTime(utc, omitFractionalSeconds: true);
        }
    }

    /// <summary>GeneralizedTime without fractional seconds, as RFC 5280 §4.1.2.5.2 and RFC 6960 require.</summary>
    public static void WriteGeneralizedTime(AsnWriter writer, DateTimeOffset value, Asn1Tag? tag = null) =>
        writer.WriteGeneralizedTime(TruncateToSeconds(value), omitFractionalSeconds: true, tag);
}
