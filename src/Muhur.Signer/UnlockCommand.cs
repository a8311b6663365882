using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>
/// <c>unlock</c>, Kilit Çözme (R-CARD-3, seed 000 §8): with the PUK (the card's security-officer PIN; see
/// <see cref="PinMessages.WhereThePukIs"/> for where the holder gets it), sets a new PIN, which also unblocks a locked one.
/// Neither is ever printed.
/// </summary>
public static class UnlockCommand
{
    public const string PukPrompt = "PUK: ";
    public const string NewPinPrompt = "Yeni PIN: ";
    public const string RepeatPrompt = "Yeni PIN (tekrar): ";

    public const string Done = "Kartın kilidi açıldı ve yeni PIN belirlendi; yeni PIN ile giriş denendi ve başarılı oldu.";

    /// <param name="modulePath">--module, or null for the default search.</param>
    /// <param name="slot">--slot: the card to unlock when several hold certificates.</param>
    /// <param name="puk">--puk, or null to ask through <paramref name="readSecret"/>.</param>
    /// <param name="newPin">--new-pin, or null to ask through <paramref name="readSecret"/> twice.</param>
    /// <param name="output">Receives the outcome, never a PIN or PUK.</param>
    /// <param name="readSecret">Shows the prompt it is given and reads the answer without echo.</param>
    public static int Run(string? modulePath, ulong? slot, string? puk, string? newPin, TextWriter output, Func<string, string?> readSecret)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(readSecret);
        using var module = ModuleLocator.Load(modulePath);
        var card = Cards.Choose(module, slot);
        // A locked SO PIN fails every C_Login as SO (PKCS#11 v2.40 §5.1 CKR_PIN_LOCKED): say so before asking for it.
        if (card.Token.Flags.HasFlag(TokenState.SoPinLocked))
        {
            throw new SignerException(PinMessages.PukLocked);
        }
        puk ??= readSecret(PukPrompt);
        if (string.IsNullOrEmpty(puk))
        {
            throw new SignerException("PUK girilmedi.");
        }
        newPin = AskNewPin(newPin, readSecret);

        var slotId = card.Slot.SlotId;
        // PKCS#11 v2.40 §5.6 C_Login: the SO logs in to read/write sessions only.
        using var session = module.OpenSession(slotId, readWrite: true);
        try
        {
            session.Login(UserType.SecurityOfficer, puk);
        }
        catch (Pkcs11Exception e) when (e.Function == "C_Login")
        {
            throw new SignerException(PinMessages.ForPukFailure(e, module.GetTokenInfo(slotId).Flags), e);
        }
        try
        {
            // PKCS#11 v2.40 §5.6 C_InitPIN: the SO sets the user PIN; the token resets the user's failure counter,
            // which is what unblocks a locked PIN.
            session.InitPin(newPin);
        }
        catch (Pkcs11Exception e) when (e.Function == "C_InitPIN")
        {
            var token = module.GetTokenInfo(slotId);
            throw new SignerException(e.Code == ReturnValues.PinLenRange || e.Name == "CKR_PIN_INVALID"
                ? $"Kart bu PIN'i kabul etmedi: en az {token.MinPinLength}, en çok {token.MaxPinLength} karakter olmalı."
                : $"Yeni PIN karta yazılamadı ({e.Name}).", e);
        }
        finally
        {
            _ = SignCodeCommand.TryLogout(session);
        }

        // Prove it: the card now takes the new PIN from the user (and the SO session is gone, §5.6 C_Logout).
        try
        {
            session.Login(UserType.User, newPin);
            session.Logout();
        }
        catch (Pkcs11Exception e) when (e.Function is "C_Login" or "C_Logout")
        {
            throw new SignerException($"Yeni PIN karta yazıldı ama onunla giriş yapılamadı ({e.Name}).", e);
        }
        output.WriteLine(Done);
        return 0;
    }

    private static string AskNewPin(string? newPin, Func<string, string?> readSecret)
    {
        if (newPin is not null)
        {
            return NewPinRules.Refusal(newPin) is { } refusal ? throw new SignerException(refusal) : newPin;
        }
        var first = readSecret(NewPinPrompt);
        if (NewPinRules.Refusal(first) is { } reason)
        {
            throw new SignerException(reason);
        }
        return readSecret(RepeatPrompt) == first ? first! : throw new SignerException(NewPinRules.Mismatch);
    }
}
