using System.Globalization;

namespace Muhur.Server.Features.Applications;

/// <summary>
/// The wet-signed form's unique number (R-APP-7), printed as its Code 128 barcode: the year, a sequence of
/// seven digits and a Luhn check digit (ISO/IEC 7812-1 Annex B), twelve digits in all, so that Code 128's
/// set C packs it densely and a mistyped or misread number is caught before it is looked up.
/// </summary>
internal static class FormNumber
{
    public const int Length = 12;

    public static string Create(int year, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 9_999_999);

        var body = year.ToString("D4", CultureInfo.InvariantCulture) + sequence.ToString("D7", CultureInfo.InvariantCulture);
        return body + CheckDigit(body);
    }

    /// <summary>Whether <paramref name="typed"/> (typed, or scanned as keyboard input) is a well-formed form number.</summary>
    public static bool TryNormalize(string? typed, out string number)
    {
        number = new string((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        return number.Length == Length && number.All(char.IsAsciiDigit) && CheckDigit(number[..^1]) == number[^1];
    }

    private static char CheckDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            // Doubling starts from the digit next to the check digit.
            var digit = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
