namespace Muhur.Signer;

/// <summary>
/// What muhur-imza accepts as a new PIN (R-CARD-3): 6 to 8 digits, as the PINs card production sets (R-CARD-1), and
/// not one of the first guesses of whoever finds the card. Checked before the card is touched, so a typo never
/// costs a PUK try.
/// </summary>
internal static class NewPinRules
{
    public const int MinLength = 6;
    public const int MaxLength = 8;

    public const string Missing = "Yeni PIN girilmedi.";
    public const string NotDigits = "Yeni PIN yalnızca rakamlardan oluşmalı.";
    public const string WrongLength = "Yeni PIN 6 ile 8 hane arasında olmalı.";
    public const string Guessable = "Yeni PIN kolay tahmin edilir (aynı rakam ya da 123456, 987654 gibi sıralı rakamlar); başka bir PIN seçin.";
    public const string Mismatch = "Girilen iki yeni PIN birbirini tutmuyor; kart değiştirilmedi.";

    /// <summary>The Turkish reason <paramref name="pin"/> is refused, or null when it is acceptable.</summary>
    public static string? Refusal(string? pin)
    {
        if (string.IsNullOrEmpty(pin))
        {
            return Missing;
        }
        if (!pin.All(char.IsAsciiDigit))
        {
            return NotDigits;
        }
        if (pin.Length is < MinLength or > MaxLength)
        {
            return WrongLength;
        }
        return IsRepeatedOrSequential(pin) ? Guessable : null;
    }

    /// <summary>Every digit the same (000000), or each one more (123456) or one less (987654) than the one before.</summary>
    private static bool IsRepeatedOrSequential(string pin)
    {
        var step = pin[1] - pin[0];
        if (step is not (0 or 1 or -1))
        {
            return false;
        }
        for (var i = 2; i < pin.Length; i++)
        {
            if (pin[i] - pin[i - 1] != step)
            {
                return false;
            }
        }
        return true;
    }
}
