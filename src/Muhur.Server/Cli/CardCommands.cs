using System.CommandLine;
using Muhur.Server.Features.CardProduction;
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
          card produce-approved --module PATH [--limit N] [--application ID] [--serial CARD-SERIAL]
                                                    Onaylı başvuruların kartlarını takılı boş kartlarda sırayla üretir
                                                    / Produces the cards of approved applications one by one on the blank cards inserted
          card pin CARD-SERIAL                      Yalnız geliştirme ortamında: kartın PIN/PUK'unu gösterir (denetim kaydıyla)
                                                    / Development only: shows the card's PIN/PUK (audited)
        """;

    /// <summary>The <c>card</c> command table; each action runs with <paramref name="services"/> once the application is built.</summary>
    public static Command Build(CommandServices services)
    {
        var module = new Option<string>("--module") { Description = "PKCS#11 sürücüsü / PKCS#11 module" };
        var serial = new Option<string>("--serial") { Description = "Kart seri numarası / Card serial number" };
        var slot = new Option<ulong?>("--slot") { Description = "Yuva numarası; verilmezse boş kart aranır / Slot number; without it a blank card is looked for", CustomParser = ParseSlot };
        var rsa = new Option<bool>("--rsa") { Description = "P-256 yerine RSA anahtar / An RSA key instead of P-256" };
        var holder = new CommandLineHolder.Options();
        var produce = new Command("produce", "Kayıtlı kişiye boş bir kartta anahtar üretir, sertifikayı yazar, PIN/PUK'u şifreli saklar / Produces a card for a registered person")
        {
            module, serial, slot, rsa,
        };
        holder.AddTo(produce);
        ServerCommands.Require(produce, module, serial);
        produce.SetAction((result, _) => ProduceAsync(
            services.Provider, result.GetRequiredValue(module), result.GetRequiredValue(serial), holder.Values(result), result.GetValue(slot), result.GetValue(rsa)));

        var approvedModule = new Option<string>("--module") { Description = "PKCS#11 sürücüsü / PKCS#11 module" };
        var limit = new Option<int?>("--limit") { Description = "En çok bu kadar başvuru / At most this many applications" };
        var application = new Option<Guid?>("--application") { Description = "Yalnız bu başvuru / Only this application" };
        var approvedSerial = new Option<string?>("--serial") { Description = "Kart seri numarası (yalnız --application ile; verilmezse üretilir) / Card serial (only with --application; generated otherwise)" };
        var produceApproved = new Command(
            "produce-approved",
            "Onaylı başvuruların kartlarını takılı boş kartlarda sırayla üretir / Produces the cards of approved applications on the blank cards inserted")
        {
            approvedModule, limit, application, approvedSerial,
        };
        ServerCommands.Require(produceApproved, approvedModule);
        produceApproved.Validators.Add(result =>
        {
            if (result.GetValue(limit) is < 1)
            {
                result.AddError("--limit 1 ya da daha büyük olmalı / --limit must be 1 or more");
            }

            if (result.GetValue(approvedSerial) is not null && result.GetValue(application) is null)
            {
                result.AddError("--serial yalnız --application ile verilir / --serial is given only with --application");
            }
        });
        produceApproved.SetAction((result, _) => ProduceApprovedAsync(
            services.Provider, result.GetRequiredValue(approvedModule), result.GetValue(limit), result.GetValue(application), result.GetValue(approvedSerial)?.ToUpperInvariant()));

        var pinSerial = new Argument<string>("CARD-SERIAL") { Description = "Kart seri numarası / Card serial number" };
        var pin = new Command("pin", "Yalnız geliştirme ortamında: kartın PIN/PUK'unu gösterir / Development only: shows the card's PIN/PUK") { pinSerial };
        pin.SetAction((result, _) => ShowPinAsync(services.Provider, result.GetRequiredValue(pinSerial).ToUpperInvariant()));

        return new Command("card", "Kart üretimi / Card production") { produce, produceApproved, pin };
    }

    /// <summary>A slot number, or a refusal: a mistyped slot must not quietly mean "choose automatically".</summary>
    private static ulong? ParseSlot(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slot))
        {
            return slot;
        }

        result.AddError($"--slot bir yuva numarası (0 ya da pozitif tam sayı) olmalı / --slot must be a slot number (a non-negative integer): {text}");
        return null;
    }

    private static async Task<int> ProduceAsync(IServiceProvider services, string module, string serial, IReadOnlyDictionary<string, string> options, ulong? slot, bool rsa)
    {
        var (holder, error) = await CommandLineHolder.FindAsync(services, options);
        if (holder is null)
        {
            return Fail(error!);
        }

        var request = new ProduceCardRequest(
            module, serial.ToUpperInvariant(), holder.Id, holder.InstitutionId, Slot: slot, Rsa: rsa);
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
                case ProduceCardOutcome.NoBlankToken:
                    return Fail("boş (başlatılmamış) kart bulunamadı / no blank (uninitialised) card found");
                default:
                    return Fail(ApprovedMessage(new ApprovedCardResult(Guid.Empty, false, null, result)));
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
    /// R-CARD-1 from approved applications: one by one, the longest waiting first, each on a blank card found, until none
    /// is left, the limit is reached or no blank card remains; a line in Turkish per application. Exit code 1 when any failed.
    /// </summary>
    private static async Task<int> ProduceApprovedAsync(IServiceProvider services, string module, int? limit, Guid? application, string? serial)
    {
        IReadOnlyList<Guid> ids;
        await using (var scope = services.CreateAsyncScope())
        {
            ids = application is { } one
                ? [one]
                : [.. (await scope.ServiceProvider.GetRequiredService<ApprovedApplications>().ListAsync(limit ?? 10_000, CancellationToken.None)).Select(a => a.Id)];
        }

        if (ids.Count == 0)
        {
            Console.WriteLine("Kart bekleyen onaylı başvuru yok / No approved application is waiting for its card.");
            return 0;
        }

        var failed = 0;
        var produced = 0;
        foreach (var id in ids)
        {
            ApprovedCardResult result;
            try
            {
                await using var scope = services.CreateAsyncScope();
                result = await scope.ServiceProvider.GetRequiredService<ProduceApprovedCard>().RunAsync(id, module, serial, Actor, CancellationToken.None);
            }
            catch (Pkcs11ModuleException ex)
            {
                return Fail($"kart sürücüsü yüklenemedi / the card driver could not be loaded: {ex.Message}");
            }

            Console.WriteLine($"{id}: {ApprovedMessage(result)}");
            if (result.Produced)
            {
                produced++;
                continue;
            }

            failed++;
            if (result.Card?.Outcome is ProduceCardOutcome.NoBlankToken or ProduceCardOutcome.Busy)
            {
                break;
            }
        }

        Console.WriteLine($"Üretilen kart: {produced}, üretilemeyen: {failed} / Cards produced: {produced}, not produced: {failed}");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>What happened to one application, in Turkish first.</summary>
    internal static string ApprovedMessage(ApprovedCardResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.NotFound)
        {
            return "böyle bir başvuru yok / no such application";
        }

        if (result.NotApprovedState is { } state)
        {
            return $"başvuru onaylı değil ({state}); kart üretilmedi / the application is not approved ({state}); no card produced";
        }

        var card = result.Card!;
        return card.Outcome switch
        {
            ProduceCardOutcome.Produced =>
                $"kart üretildi: {card.Card!.Serial}, sertifika {card.Certificate!.SerialHex} ({card.Certificate.NotBefore:u} – {card.Certificate.NotAfter:u}); başvuru 'Kart üretildi' durumunda"
                + $" / card produced: {card.Card.Serial}, certificate {card.Certificate.SerialHex}; the application is CardProduced",
            ProduceCardOutcome.NoBlankToken => "boş kart kalmadı; yeni bir boş kart takıp yeniden çalıştırın / no blank card left; insert one and run again",
            ProduceCardOutcome.Busy => "başka bir kart üretimi sürüyor; bitince yeniden deneyin / another card production is running; try again when it ends",
            ProduceCardOutcome.TokenFailed =>
                $"kart işlemi reddetti ({card.TokenError}); hiçbir şey kaydedilmedi, başvuru onaylı kaldı, kart yeniden kullanılabilir"
                + $" / the card refused ({card.TokenError}); nothing recorded, the application stays approved, the card can be used again",
            ProduceCardOutcome.CertificateNotWritten =>
                $"sertifika karta yazılamadı ({card.TokenError}); sertifika hemen iptal edildi, başvuru onaylı kaldı"
                + $" / the certificate could not be written ({card.TokenError}); it was revoked at once, the application stays approved",
            ProduceCardOutcome.RecordRefused => $"başvuru bu arada değişti ({card.RefusalId}); sertifika iptal edildi / the application changed meanwhile ({card.RefusalId}); the certificate was revoked",
            ProduceCardOutcome.RenewalTooEarly => $"yenileme henüz açılmadı; en erken {card.RenewalOpensAt:u} / renewal not open yet; earliest {card.RenewalOpensAt:u} (R-REN-1)",
            ProduceCardOutcome.CardSerialInUse => "bu seri numarasıyla bir kart zaten kayıtlı ya da takılı / a card with this serial is already recorded or inserted",
            ProduceCardOutcome.InvalidCardSerial => "kart seri numarası 4–32 büyük harf, rakam veya tire olmalı / the card serial must be 4–32 capital letters, digits or hyphens",
            ProduceCardOutcome.NameNotConforming => CaCommands.NameNotConformingMessage,
            ProduceCardOutcome.InvalidIdentifier => "kayıtlı kimlik numarası sertifikaya yazılamaz (geçersiz) / the registered identifier is not valid for a certificate",
            _ => "kişinin kaydı değişti; yeniden deneyin / the registration changed meanwhile; try again",
        };
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
