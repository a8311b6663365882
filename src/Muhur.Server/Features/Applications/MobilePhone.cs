namespace Muhur.Server.Features.Applications;

/// <summary>
/// A Turkish mobile number (R-APP-4, R-APP-5): ten digits starting with 5 after the country code +90 (ITU-T
/// E.164; the national plan's 5XX mobile range), however it was typed.
/// </summary>
internal static class MobilePhone
{
    /// <summary>The number as +905XXXXXXXXX, or null when it is not a Turkish mobile number.</summary>
    public static string? Normalize(string? typed)
    {
        var digits = new string((typed ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        var plus = (typed ?? string.Empty).TrimStart().StartsWith('+');
        var national = digits switch
        {
            { Length: 12 } when digits.StartsWith("90", StringComparison.Ordinal) => digits[2..],
            { Length: 14 } when !plus && digits.StartsWith("0090", StringComparison.Ordinal) => digits[4..],
            { Length: 11 } when !plus && digits.StartsWith('0') => digits[1..],
            { Length: 10 } when !plus => digits,
            _ => null,
        };
        var typedOnlyNumberCharacters = (typed ?? string.Empty).All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '+' or '.');
        return national is { Length: 10 } && national[0] == '5' && typedOnlyNumberCharacters ? "+90" + national : null;
    }

    /// <summary>What a page or an SMS may show of it: "0532 *** ** 67" (R-X-3: no more than needed).</summary>
    public static string Mask(string normalized) =>
        normalized is { Length: 13 } && normalized.StartsWith("+90", StringComparison.Ordinal)
            ? $"0{normalized[3..6]} *** ** {normalized[11..]}"
            : throw new ArgumentException("Not a normalized Turkish mobile number.", nameof(normalized));
}
