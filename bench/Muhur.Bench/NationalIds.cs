using System.Globalization;

namespace Muhur.Bench;

internal static class NationalIds
{
    /// <summary>A valid T.C. Kimlik No from a counter: nine digits, then the two check digits.</summary>
    public static string For(int i)
    {
        var digits = (100_000_000 + (i % 800_000_000)).ToString(CultureInfo.InvariantCulture).Select(c => c - '0').ToArray();
        var odd = digits[0] + digits[2] + digits[4] + digits[6] + digits[8];
        var even = digits[1] + digits[3] + digits[5] + digits[7];
        var tenth = (((odd * 7) - even) % 10 + 10) % 10;
        var eleventh = (digits.Sum() + tenth) % 10;
        return string.Concat(digits) + tenth.ToString(CultureInfo.InvariantCulture) + eleventh.ToString(CultureInfo.InvariantCulture);
    }
}
