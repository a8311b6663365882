using Muhur.Server.Features.Cards;
using Muhur.SmartCard;

namespace Muhur.Server.Cli;

/// <summary><c>./muhur card …</c>: card production at the centre (R-CARD-1).</summary>
internal static class CardCommands
{
    private static string Actor => CommandLineHolder.Actor("card");

    public static string Usage => """
          card produce --module PATH --serial CARD-SERIAL (--national-id N | --passport P --country CC) [--institution I] [--slot N] [--rsa]
                                                    Kayıtlı kişiye boş bir kartta anahtar üretir, sertifikayı yazar, PIN/PUK'u şifreli saklar
                                                    / Produces a card for a registered person: key pair on the card, certificate written, PIN/PUK sealed
          card pin CARD-SERIAL                      Yalnız geliştirme ortamında: kartın PIN/PUK'unu gösterir (denetim kaydıyla)
                                                    / Development only: shows the card's PIN/PUK (audited)
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args is ["pin", var serial])
        {
            return await ShowPinAsync(services, serial.ToUpperInvariant());
        }

        if (args is not ["produce", .. var rest])
        {
            Console.WriteLine(Usage);
            return args is [] or ["help"] ? 0 : 2;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var rsa = false;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == "--rsa")
            {
                rsa = true;
            }
            else if (rest[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < rest.Length)
            {
                options[rest[i][2..]] = rest[++i];
            }
            else
            {
                return Fail($"beklenmeyen argüman / unexpected argument: {rest[i]}");
            }
        }

        foreach (var required in new[] { "module", "serial" })
        {
            if (!options.ContainsKey(required))
            {
                return Fail($"--{required} gerekli / --{required} is required");
            }
        }

        var (holder, error) = await CommandLineHolder.FindAsync(services, options);
        if (holder is null)
        {
            return Fail(error!);
        }

        ulong? slot = options.TryGetValue("slot", out var slotText) && ulong.TryParse(slotText, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var request = new ProduceCardRequest(
            options["module"], options["serial"].ToUpperInvariant(), holder.Id, holder.InstitutionId, Slot: slot, Rsa: rsa);
        try
        {
            var result = await services.GetRequiredService<ProduceCard>().RunAsync(request, Actor, CancellationToken.None);
            switch (result.Outcome)
            {
                case ProduceCardOutcome.Produced:
                    Console.WriteLine($"Kart üretildi / Card produced: {result.Card!.Serial} ({result.Card.TokenManufacturer} {result.Card.TokenModel}) — {holder.FullName}");
                    Console.WriteLine($"  sertifika / certificate: {result.Certificate!.SerialHex}, {result.Certificate.NotBefore:u} – {result.Certificate.NotAfter:u}");
                    // R-CARD-2's PIN/PUK screen (online operations) does not exist yet: say what does.
                    Console.WriteLine("  PIN ve PUK şifreli saklandı. Sertifika sahibinin PIN/PUK ekranı (çevrimiçi işlemler) henüz yok; geliştirme ortamında"
                        + $" './muhur card pin {result.Card.Serial}' gösterir. / PIN and PUK are sealed. The holder's PIN/PUK screen (online operations)"
                        + $" does not exist yet; in Development './muhur card pin {result.Card.Serial}' shows them.");
                    return 0;
                case ProduceCardOutcome.InvalidCardSerial:
                    return Fail("kart seri numarası 4–32 büyük harf, rakam veya tire olmalı / the card serial must be 4–32 capital letters, digits or hyphens");
                case ProduceCardOutcome.CardSerialInUse:
                    return Fail("bu seri numarasıyla bir kart zaten kayıtlı ya da takılı / a card with this serial is already recorded or inserted");
                case ProduceCardOutcome.NotRegistered:
                    return Fail("kişinin kaydı değişti; yeniden deneyin / the registration changed meanwhile; try again");
                case ProduceCardOutcome.InvalidIdentifier:
                    return Fail("kayıtlı kimlik numarası sertifikaya yazılamaz (geçersiz) / the registered identifier is not valid for a certificate");
                case ProduceCardOutcome.RenewalTooEarly:
                    return Fail($"yenileme henüz açılmadı; en erken {result.RenewalOpensAt:u} / renewal not open yet; earliest {result.RenewalOpensAt:u} (R-REN-1)");
                case ProduceCardOutcome.NameNotConforming:
                    return Fail(CaCommands.NameNotConformingMessage);
                default:
                    return Fail("boş (başlatılmamış) kart bulunamadı / no blank (uninitialised) card found");
            }
        }
        catch (Pkcs11ModuleException ex)
        {
            return Fail($"kart sürücüsü yüklenemedi / the card driver could not be loaded: {ex.Message}");
        }
        catch (Pkcs11Exception ex)
        {
            return Fail($"kart işlemi başarısız / card operation failed: {ex.Name}");
        }
    }

    /// <summary>
    /// R-CARD-2 shows PIN and PUK only on the holder's PIN/PUK screen. That screen needs the online-operations login
    /// (R-OPS-1…3), a later step; so that a developer can use a card produced on a software token, a Development
    /// installation shows them here, audited. Any other environment refuses.
    /// </summary>
    private static async Task<int> ShowPinAsync(IServiceProvider services, string serial)
    {
        if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return Fail("PIN/PUK yalnızca sertifika sahibine, çevrimiçi işlemlerin PIN/PUK ekranında gösterilecek (R-CARD-2; henüz yok);"
                + " bu komut yalnız geliştirme ortamında çalışır / PIN and PUK are to be shown only to the holder, on the PIN/PUK screen"
                + " of the online operations (R-CARD-2; not built yet); this command works in Development only");
        }

        var secrets = await services.GetRequiredService<DiscloseCardSecrets>().RunAsync(serial, Actor, CancellationToken.None);
        if (secrets is not { } shown)
        {
            return Fail($"bu seri numarasıyla kart yok / no card with this serial: {serial}");
        }

        Console.WriteLine($"Kart / card {serial}");
        Console.WriteLine($"  PIN: {shown.Pin}");
        Console.WriteLine($"  PUK: {shown.Puk}");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("muhur: " + message);
        return 1;
    }
}
