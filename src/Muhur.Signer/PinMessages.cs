using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>Turkish messages for PIN and PUK states (CK_TOKEN_INFO flags, PKCS#11 v2.40 §3.2, and C_Login errors).</summary>
public static class PinMessages
{
    /// <summary>
    /// Where the holder gets the PUK today. R-CARD-2 puts it on the PIN/PUK screen of the online operations, which is not
    /// open yet; until it is, only the centre that produced the card holds it (sealed), and the holder asks for it through
    /// the institution authority. Change this sentence when that screen opens.
    /// </summary>
    public const string WhereThePukIs =
        "PUK'unuzu, kartınızı üreten sertifikasyon merkezi saklar; kurum yetkiliniz aracılığıyla merkezden isteyin.";

    /// <summary>What the holder does with a locked PIN (R-CARD-3; seed 000 §8 Kilit Çözme).</summary>
    public const string HowToUnlock =
        "Kilidi açmak için PUK gerekir. " + WhereThePukIs + " Sonra muhur-imza unlock komutuyla yeni bir PIN belirleyin.";

    public const string Locked = "Kartınızın PIN'i kilitlendi. " + HowToUnlock;

    public const string Wrong = "PIN yanlış.";

    public const string FinalTry = "Son deneme hakkınız kaldı; PIN bir kez daha yanlış girilirse kart kilitlenir.";

    public const string CountLow = "Az sayıda deneme hakkınız kaldı.";

    public const string PukWrong = "PUK yanlış. " + WhereThePukIs;

    public const string PukFinalTry =
        "Son deneme hakkınız kaldı; PUK bir kez daha yanlış girilirse PUK kilitlenir ve kartınızı yeniletmeniz gerekir.";

    /// <summary>A locked SO PIN cannot be unblocked by anyone: the card is replaced through the institution (R-MAL-1).</summary>
    public const string PukLocked =
        "PUK kilitlendi; kartın kilidi artık açılamaz. Kartınızı yeniletmeniz gerekir: kurum yetkilinize başvurun.";

    /// <summary>The message for a failed user C_Login, given the token flags read after the failure.</summary>
    public static string ForLoginFailure(Pkcs11Exception error, TokenState flagsAfter) => ForFailure(error, flagsAfter, UserPin);

    /// <summary>
    /// The message for a failed SO C_Login with the PUK, given the token flags read after the failure: the SO PIN has
    /// counters and flags of its own (CKF_SO_PIN_COUNT_LOW, _FINAL_TRY, _LOCKED).
    /// </summary>
    public static string ForPukFailure(Pkcs11Exception error, TokenState flagsAfter) => ForFailure(error, flagsAfter, Puk);

    /// <summary>One secret's flags (PKCS#11 v2.40 §3.2 CK_TOKEN_INFO) and what the holder is told about it.</summary>
    private sealed record Secret(
        TokenState LockedFlag, TokenState FinalTryFlag, TokenState CountLowFlag,
        string Locked, string Wrong, string FinalTry, string BadFormat, string Failed);

    private static readonly Secret UserPin = new(
        TokenState.UserPinLocked, TokenState.UserPinFinalTry, TokenState.UserPinCountLow,
        Locked, Wrong, FinalTry, "PIN'in uzunluğu ya da biçimi geçersiz.", "Karta giriş yapılamadı");

    private static readonly Secret Puk = new(
        TokenState.SoPinLocked, TokenState.SoPinFinalTry, TokenState.SoPinCountLow,
        PukLocked, PukWrong, PukFinalTry, "PUK'un uzunluğu ya da biçimi geçersiz.", "Karta PUK ile giriş yapılamadı");

    private static string ForFailure(Pkcs11Exception error, TokenState flagsAfter, Secret secret)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code == ReturnValues.PinLocked || flagsAfter.HasFlag(secret.LockedFlag))
        {
            return secret.Locked;
        }
        if (error.Code == ReturnValues.PinIncorrect)
        {
            return flagsAfter.HasFlag(secret.FinalTryFlag) ? $"{secret.Wrong} {secret.FinalTry}"
                : flagsAfter.HasFlag(secret.CountLowFlag) ? $"{secret.Wrong} {CountLow}"
                : secret.Wrong;
        }
        if (error.Code == ReturnValues.PinLenRange || error.Name == "CKR_PIN_INVALID")
        {
            return secret.BadFormat;
        }
        return $"{secret.Failed} ({error.Name}).";
    }
}
