using System.Globalization;
using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>
/// <c>doctor</c>: says in plain Turkish why a certificate does not show up: driver, reader/card, locked PIN, no
/// certificate. Suspended, revoked or expired certificates need the server's OCSP and are not checked yet.
/// </summary>
public static class DoctorCommand
{
    public const string NoCard =
        "Kart okuyucu veya kart bulunamadı. Çözüm: kart okuyucuyu bilgisayara takın, kartı okuyucuya doğru yerleştirin ve okuyucu sürücüsünün (pcscd) çalıştığını denetleyin.";

    public const string LockedFix = "PIN kilitli. Çözüm: " + PinMessages.HowToUnlock;

    public const string NoCertificate =
        "Kartta sertifika yok. Çözüm: sertifikanızın karta yüklenip yüklenmediğini çevrimiçi işlemlerden denetleyin.";

    /// <returns>0 when at least one usable card holds a certificate, 1 otherwise.</returns>
    public static int Run(string? modulePath, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var module = ModuleLocator.Load(modulePath);
        output.WriteLine($"Kart sürücüsü yüklendi: {module.Path}");
        var cards = Cards.Initialized(module, out var uninitialized);
        if (cards.Count == 0)
        {
            output.WriteLine(NoCard);
            if (uninitialized > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Not: {uninitialized} yuvada kişiselleştirilmemiş (başlatılmamış) kart var; böyle bir kartta sertifika olamaz."));
            }
            return 1;
        }
        var usable = 0;
        foreach (var card in cards)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Kart '{card.Token.Label}' (yuva {card.Slot.SlotId}): ");
            var flags = card.Token.Flags;
            if (flags.HasFlag(TokenState.UserPinLocked))
            {
                // With the PUK locked too, nothing on the card can be unblocked (PKCS#11 v2.40 §3.2 CKF_SO_PIN_LOCKED).
                output.WriteLine(prefix + (flags.HasFlag(TokenState.SoPinLocked) ? "PIN kilitli. " + PinMessages.PukLocked : LockedFix));
                continue;
            }
            if (flags.HasFlag(TokenState.UserPinFinalTry))
            {
                output.WriteLine(prefix + "Uyarı: " + PinMessages.FinalTry);
            }
            else if (flags.HasFlag(TokenState.UserPinCountLow))
            {
                output.WriteLine(prefix + "Uyarı: son PIN denemesi yanlıştı; " + PinMessages.CountLow.ToLower(CultureInfo.GetCultureInfo("tr-TR")));
            }
            using var session = module.OpenSession(card.Slot.SlotId, readWrite: false);
            var count = session.FindObjects(ObjectClass.Certificate).Count;
            if (count == 0)
            {
                output.WriteLine(prefix + NoCertificate);
                continue;
            }
            usable++;
            output.WriteLine(prefix + string.Create(CultureInfo.InvariantCulture, $"{count} sertifika var."));
        }
        output.WriteLine("Sertifikanın askıya alınmış, iptal edilmiş ya da süresinin dolmuş olması henüz denetlenmiyor.");
        return usable > 0 ? 0 : 1;
    }
}
