using System.Text.RegularExpressions;

namespace Muhur.Server.Logging;

/// <summary>
/// Hides personal data in log text (R-X-3, KVKK): national ID numbers, mobile and landline numbers,
/// and e-mail addresses. Applied to every log message, property and exception text, so a careless
/// log line cannot leak them.
/// </summary>
internal static partial class PersonalDataMasker
{
    // Property names whose whole value is personal, whatever it looks like (a passport number has no
    // recognisable shape).
    private static readonly string[] SensitiveNameParts =
        ["nationalid", "identifier", "passport", "tckn", "phone", "mobile", "gsm", "email", "e-mail", "mail", "pin", "puk", "password", "parola", "secret"];

    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var masked = EmailPattern().Replace(text, m => MaskEmail(m.Value));
        masked = PhonePattern().Replace(masked, m => KeepLast(m.Value, 2));
        masked = NationalIdPattern().Replace(masked, m => KeepLast(m.Value, 2));
        return masked;
    }

    public static bool IsSensitiveName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lowered = name.ToLowerInvariant();
        return SensitiveNameParts.Any(part => lowered.Contains(part, StringComparison.Ordinal));
    }

    /// <summary>Masks a property value: wholly when its name says it is personal, by pattern otherwise.</summary>
    public static string MaskProperty(string name, object? value)
    {
        var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        return IsSensitiveName(name) ? KeepLast(text, 2) : Mask(text);
    }

    private static string MaskEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? "*" + email[at..] : email[0] + new string('*', at - 1) + email[at..];
    }

    private static string KeepLast(string value, int visible)
    {
        var digitsOrChars = value.Length;
        if (digitsOrChars <= visible)
        {
            return new string('*', digitsOrChars);
        }

        return new string('*', digitsOrChars - visible) + value[^visible..];
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // Turkish numbers: +90 / 0090 / 0 prefix, then a 3-digit area or operator code and 7 digits, with
    // optional spaces, dashes or parentheses.
    [GeneratedRegex(@"(?<!\d)(?:\+90|0090|0)?[\s\-]?\(?[2-5]\d{2}\)?[\s\-]?\d{3}[\s\-]?\d{2}[\s\-]?\d{2}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    // Any run of exactly 11 digits: T.C. Kimlik No or a foreigner's identity number.
    [GeneratedRegex(@"(?<!\d)[1-9]\d{10}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NationalIdPattern();
}
