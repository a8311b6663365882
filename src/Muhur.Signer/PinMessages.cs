using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>Turkish messages for PIN states (CK_TOKEN_INFO flags, PKCS#11 v2.40 §3.2, and C_Login errors).</summary>
public static class PinMessages
{
    public const string Locked =
        "Kartınızın PIN'i kilitlenmiş. Kilidi çevrimiçi işlemlerden Kilit Çözme ile açın.";

    public const string Wrong = "PIN yanlış.";

    public const string FinalTry = "Son deneme hakkınız kaldı; PIN bir kez daha yanlış girilirse kart kilitlenir.";

    public const string CountLow = "Az sayıda deneme hakkınız kaldı.";

    /// <summary>The message for a failed C_Login, given the token flags read after the failure.</summary>
    public static string ForLoginFailure(Pkcs11Exception error, TokenState flagsAfter)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code == ReturnValues.PinLocked || flagsAfter.HasFlag(TokenState.UserPinLocked))
        {
            return Locked;
        }
        if (error.Code == ReturnValues.PinIncorrect)
        {
            return flagsAfter.HasFlag(TokenState.UserPinFinalTry) ? $"{Wrong} {FinalTry}"
                : flagsAfter.HasFlag(TokenState.UserPinCountLow) ? $"{Wrong} {CountLow}"
                : Wrong;
        }
        if (error.Code == ReturnValues.PinLenRange || error.Name == "CKR_PIN_INVALID")
        {
            return "PIN'in uzunluğu ya da biçimi geçersiz.";
        }
        return $"Karta giriş yapılamadı ({error.Name}).";
    }
}
