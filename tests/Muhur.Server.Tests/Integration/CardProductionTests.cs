using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Cards;
using Muhur.Server.Features.Signatures;
using Muhur.Server.Tests.Infrastructure;
using Muhur.SmartCard;

namespace Muhur.Server.Tests.Integration;

/// <summary>A SoftHSM2 token store of this test class's own, set before any module is loaded.</summary>
public sealed class SoftHsmCardFactory : MuhurAppFactory
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    public SoftHsmCardFactory()
    {
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException($"SoftHSM2 module {ModulePath} not found; install it: apt-get install -y softhsm2");
        }

        Directory.CreateDirectory(Path.Combine(TokenStore, "tokens"));
        var config = Path.Combine(TokenStore, "softhsm2.conf");
        File.WriteAllText(config, $"directories.tokendir = {Path.Combine(TokenStore, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n");
        // SoftHSM reads SOFTHSM2_CONF from the native environment at C_Initialize.
        NativeEnvironment.Set("SOFTHSM2_CONF", config);
    }

    public string TokenStore { get; } = Directory.CreateTempSubdirectory("muhur-cards-").FullName;
}

// R-CARD-1: the key pair is generated on the card, the certificate written to it, a PIN and PUK set and
// stored sealed (R-CARD-2), the card recorded. Against a real SoftHSM2 token.
[Collection(SoftHsmTokenStores.Name)]
public class CardProductionTests(SoftHsmCardFactory app) : IClassFixture<SoftHsmCardFactory>
{
    [Fact]
    public async Task Produce_BlankToken_KeyOnCardCertificateWrittenPinAndPukSealed()
    {
        var result = await ProduceAsync("KART-0001", "10000000146", "Ayşe", "Yılmaz", "Kart Üniversitesi");

        Assert.Equal(ProduceCardOutcome.Produced, result.Outcome);
        var card = result.Card!;
        var (pin, puk) = app.Services.GetRequiredService<CardSecrets>().Open(card.Serial, card.Secrets);
        Assert.Matches("^[0-9]{6}$", pin);
        Assert.Matches("^[0-9]{8}$", puk);
        Assert.Equal(card.CertificateSerial, result.Certificate!.Serial);
        Assert.Equal("SoftHSM project", card.TokenManufacturer);

        using var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath);
        var slot = module.GetSlots(tokenPresent: true).Single(s => module.GetTokenInfo(s.SlotId).Label == "KART-0001").SlotId;
        using (var so = module.OpenSession(slot, readWrite: true))
        {
            so.Login(UserType.SecurityOfficer, puk);
            so.Logout();
        }

        using var session = module.OpenSession(slot, readWrite: false);
        session.Login(UserType.User, pin);
        var written = Assert.Single(session.ReadCertificates());
        Assert.Equal(result.Certificate.Der, written.RawData);
        var privateKey = Assert.Single(session.FindObjects(ObjectClass.PrivateKey));
        Assert.Equal(written.Id, session.GetId(privateKey));
        Assert.True(session.GetBoolean(privateKey, 0x103)); // CKA_SENSITIVE
        Assert.False(session.GetBoolean(privateKey, 0x162)); // CKA_EXTRACTABLE

        // The card's key signs; the certificate's public key verifies: they are one key pair.
        var digest = SHA256.HashData("doğrulama kodu 482913"u8);
        var signature = session.Sign(privateKey, MechanismType.Ecdsa, digest);
        using var certificate = X509CertificateLoader.LoadCertificate(written.RawData);
        Assert.True(certificate.GetECDsaPublicKey()!.VerifyHash(digest, signature));
        Assert.Contains("SERIALNUMBER=10000000146", certificate.Subject, StringComparison.Ordinal);

        var details = await app.Database.ScalarAsync<string>("SELECT details FROM audit_log WHERE action = 'card.produced' AND subject = 'card:KART-0001'");
        Assert.NotNull(details);
        Assert.DoesNotContain(pin, details, StringComparison.Ordinal);
        Assert.DoesNotContain(puk, details, StringComparison.Ordinal);
        Assert.Equal(1, await app.Database.ScalarAsync<long>("""
            SELECT count(*) FROM cards k
            JOIN people p ON p.id = k.person_id AND p.identifier_number = '10000000146'
            JOIN institutions i ON i.id = k.institution_id AND i.name = 'Kart Üniversitesi'
            WHERE k.serial = 'KART-0001'
            """));
    }

    [Fact]
    public async Task EndToEnd_CodeSignedWithTheCardByMuhurImza_IsVerifiedByTheServer()
    {
        // R-CARD-1 → R-CARD-4 → R-APP-8: a produced card, muhur-imza signing a code the server issued with
        // the key that never left the card, and the server's verification of it.
        var produced = await ProduceAsync("KART-UCTAN", "99000000042", "Günay", "Işıkçı", "Uçtan Uca Üniversitesi");
        var (pin, _) = app.Services.GetRequiredService<CardSecrets>().Open(produced.Card!.Serial, produced.Card.Secrets);
        VerificationCode code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            code = await scope.ServiceProvider.GetRequiredService<IssueVerificationCode>().RunAsync(CodePurpose.Application, "basvuru-uctan", "99000000042", CancellationToken.None);
        }

        var slot = FindSlot("KART-UCTAN");
        var file = Path.Combine(app.TokenStore, "imza.p7s");
        using var output = new StringWriter();
        var exit = Muhur.Signer.SignCodeCommand.Run(SoftHsmCardFactory.ModulePath, code.Code, pin, file, slot, output, _ => null);
        SignedCodeResult verified;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            verified = await scope.ServiceProvider.GetRequiredService<VerifySignedCode>().RunAsync(
                await File.ReadAllBytesAsync(file), CodePurpose.Application, "basvuru-uctan", CancellationToken.None);
        }

        Assert.Equal(0, exit);
        Assert.Equal(SignedCodeOutcome.Verified, verified.Outcome);
        Assert.Equal(produced.Certificate!.SerialHex, verified.CertificateSerial);
    }

    [Fact]
    public async Task EndToEnd_PdfSignedWithTheCardByMuhurImza_IsValidOnTheServer()
    {
        // R-CARD-1 → R-CARD-2 → R-CARD-5: a produced card, its PIN opened (and audited), muhur-imza signing a PDF as
        // PAdES on the card, and the server's verification of the signed PDF.
        var produced = await ProduceAsync("KART-PDF", "10000000146", "Şule", "Güneş", "Belge Üniversitesi");
        (string Pin, string Puk)? secrets;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            secrets = await scope.ServiceProvider.GetRequiredService<DiscloseCardSecrets>().RunAsync("KART-PDF", "test:pin", CancellationToken.None);
        }

        var pdf = Path.Combine(app.TokenStore, "karar.pdf");
        await File.WriteAllBytesAsync(pdf, Muhur.Signer.Tests.TestPdf.Create("Karar: 2026/7"));
        using var output = new StringWriter();
        var exit = Muhur.Signer.SignFileCommand.Run(SoftHsmCardFactory.ModulePath, pdf, secrets!.Value.Pin, null, FindSlot("KART-PDF"), output, _ => null);
        IReadOnlyList<DocumentVerification> verified;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            verified = await scope.ServiceProvider.GetRequiredService<VerifyDocumentSignature>().RunPdfAsync(
                await File.ReadAllBytesAsync(Path.Combine(app.TokenStore, "karar-imzali.pdf")), CancellationToken.None);
        }

        Assert.Equal(0, exit);
        var result = Assert.Single(verified);
        Assert.Equal(DocumentVerdict.Valid, result.Verdict);
        Assert.Equal(produced.Certificate!.SerialHex, result.CertificateSerial);
        Assert.Equal(6, secrets.Value.Pin.Length);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
            Assert.True(await db.AuditLog.AnyAsync(e => e.Action == "card.secrets_disclosed" && e.Subject == "card:KART-PDF" && e.Actor == "test:pin"));
        }
    }

    [Theory]
    [InlineData("Production", "yalnız geliştirme ortamında")]
    [InlineData("Development", "bu seri numarasıyla kart yok")]
    public async Task CardPinCommand_OutsideDevelopmentOrUnknownCard_RefusesWithoutStackTrace(string environment, string expected)
    {
        // R-CARD-2: PIN and PUK are shown only on the holder's PIN/PUK screen; the command line may show them only in
        // a development installation, through the real server process.
        var result = await Tool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll"), "card", "pin", "KART-YOK"], new Dictionary<string, string>
        {
            ["ConnectionStrings__Muhur"] = app.Database.ConnectionString,
            ["Muhur__Ca__KeyPassphrase"] = "test-ca-passphrase",
            ["ASPNETCORE_ENVIRONMENT"] = environment,
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PIN:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardProduceCommand_RegisteredPersonOrNot_ProducesAuditedWithTheUserOrRefuses()
    {
        // The command line produces cards only for registered people, and audits who ran it.
        await CaTestSupport.RegisterAsync(app, "10000000078", "Komut Kartı Üniversitesi", "Deniz", "Ak");
        string[] produce = [Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll"), "card", "produce", "--module", SoftHsmCardFactory.ModulePath];
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Muhur"] = app.Database.ConnectionString,
            ["Muhur__Ca__KeyPassphrase"] = "test-ca-passphrase",
            ["Muhur__Cards__MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["SOFTHSM2_CONF"] = Path.Combine(app.TokenStore, "softhsm2.conf"),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };

        var unregistered = await Tool.RunAsync("dotnet", [.. produce, "--serial", "KART-CLI-0", "--national-id", "10000000146", "--institution", "Komut Kartı Üniversitesi"], environment);
        var produced = await Tool.RunAsync("dotnet", [.. produce, "--serial", "kart-cli-1", "--national-id", "10000000078"], environment);

        Assert.Equal(1, unregistered.ExitCode);
        Assert.Contains("kişi bu kurumda kayıtlı değil", unregistered.Error, StringComparison.Ordinal);
        Assert.True(produced.ExitCode == 0, produced.All);
        Assert.Contains("KART-CLI-1", produced.Output, StringComparison.Ordinal);
        Assert.Contains("Deniz Ak", produced.Output, StringComparison.Ordinal);
        Assert.Equal($"cli:card:{Environment.UserName}", await app.Database.ScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE action = 'card.produced' AND subject = 'card:KART-CLI-1'"));
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM cards WHERE serial = 'KART-CLI-0'"));
    }

    [Fact]
    public async Task Disclose_UnknownCard_ReturnsNullAndWritesNothing()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var before = await db.AuditLog.CountAsync();

        var secrets = await scope.ServiceProvider.GetRequiredService<DiscloseCardSecrets>().RunAsync("KART-YOK", "test:pin", CancellationToken.None);

        Assert.Null(secrets);
        Assert.Equal(before, await db.AuditLog.CountAsync());
    }

    [Fact]
    public async Task Produce_RsaOption_GeneratesRsa2048OnTheCard()
    {
        var result = await ProduceAsync("KART-RSA-1", "12345678950", "İsmail", "Çağlar", "RSA Üniversitesi", rsa: true);

        Assert.Equal(ProduceCardOutcome.Produced, result.Outcome);
        using var certificate = X509CertificateLoader.LoadCertificate(result.Certificate!.Der);
        Assert.Equal(2048, certificate.GetRSAPublicKey()!.KeySize);
    }

    [Fact]
    public async Task Produce_RenewalTooEarly_RefusesBeforeTouchingTheCard()
    {
        var first = await ProduceAsync("KART-0002", "11111111110", "Şükrü", "Öztürk", "Erken Üniversitesi");
        var blankBefore = BlankSlots();

        var second = await ProduceAsync("KART-0003", "11111111110", "Şükrü", "Öztürk", "Erken Üniversitesi");

        Assert.Equal(ProduceCardOutcome.Produced, first.Outcome);
        Assert.Equal(ProduceCardOutcome.RenewalTooEarly, second.Outcome);
        Assert.NotNull(second.RenewalOpensAt);
        Assert.Equal(blankBefore, BlankSlots());
    }

    [Theory]
    [InlineData("kart 1", "10000000146", "InvalidCardSerial")]
    [InlineData("KART-0009", "10000000147", "InvalidIdentifier")]
    public async Task Produce_BadInput_IsRefused(string serial, string nationalId, string expected)
    {
        var result = await ProduceAsync(serial, nationalId, "Deniz", "Ak", "Hatalı Giriş");

        Assert.Equal(Enum.Parse<ProduceCardOutcome>(expected), result.Outcome);
    }

    [Fact]
    public async Task Produce_SurnameTooLongForAnyCommonName_RefusedBeforeTouchingTheCard()
    {
        var blankBefore = BlankSlots();

        // RFC 5280 ub-common-name: "D. " and this 63-character surname make 66; the surname is never shortened.
        var result = await ProduceAsync("KART-0010", "10000000146", "Deniz", "Karamanlıoğulları Yılmazoğlu Çelebioğulları Hacıömeroğlu Öztürk", "Uzun Ad Kurumu");

        Assert.Equal(ProduceCardOutcome.NameNotConforming, result.Outcome);
        Assert.Equal(blankBefore, BlankSlots());
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM cards WHERE serial = 'KART-0010'"));
    }

    [Fact]
    public async Task Produce_UnregisteredPerson_IsRefusedBeforeTouchingTheCard()
    {
        var registered = await CaTestSupport.RegisterAsync(app, "12345678950", "Kayıtlı Kart Üniversitesi");
        var blankBefore = BlankSlots();
        await using var scope = app.Services.CreateAsyncScope();
        var produce = scope.ServiceProvider.GetRequiredService<ProduceCard>();

        var nobody = await produce.RunAsync(
            new ProduceCardRequest(SoftHsmCardFactory.ModulePath, "KART-0010", Guid.NewGuid(), registered.InstitutionId), "test", CancellationToken.None);
        var otherInstitution = await produce.RunAsync(
            new ProduceCardRequest(SoftHsmCardFactory.ModulePath, "KART-0011", registered.PersonId, Guid.NewGuid()), "test", CancellationToken.None);

        Assert.Equal(ProduceCardOutcome.NotRegistered, nobody.Outcome);
        Assert.Equal(ProduceCardOutcome.NotRegistered, otherInstitution.Outcome);
        Assert.Equal(blankBefore, BlankSlots());
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM cards WHERE serial IN ('KART-0010', 'KART-0011')"));
    }

    [Fact]
    public async Task Produce_SameSerialTwice_IsRefused()
    {
        await ProduceAsync("KART-0004", "99000000042", "Anna", "Schmidt", "İkili Kurum");

        var again = await ProduceAsync("KART-0004", "10000000146", "Deniz", "Ak", "Başka Kurum");

        Assert.Equal(ProduceCardOutcome.CardSerialInUse, again.Outcome);
    }

    [Fact]
    public async Task Produce_SerialAlreadyOnAnInsertedToken_IsRefusedAndTheTokenLeftAlone()
    {
        using (var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath))
        {
            var blank = module.GetSlots(tokenPresent: true).First(s => !module.GetTokenInfo(s.SlotId).Flags.HasFlag(TokenState.TokenInitialized));
            module.InitToken(blank.SlotId, "87654321", "KART-9999");
        }

        var result = await ProduceAsync("KART-9999", "12345678950", "Yarım", "Kalmış", "Yarım Üniversitesi");

        Assert.Equal(ProduceCardOutcome.CardSerialInUse, result.Outcome);
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM cards WHERE serial = 'KART-9999'"));
    }

    [Fact]
    public void Secrets_TamperedOrMovedToAnotherCard_DoNotOpen()
    {
        var secrets = app.Services.GetRequiredService<CardSecrets>();
        var sealedSecrets = secrets.Seal("KART-0005", "123456", "12345678");
        var tampered = sealedSecrets with { PinEnvelope = [.. sealedSecrets.PinEnvelope[..^1], (byte)(sealedSecrets.PinEnvelope[^1] ^ 1)] };
        var swapped = sealedSecrets with { PinEnvelope = sealedSecrets.PukEnvelope, PukEnvelope = sealedSecrets.PinEnvelope };

        Assert.Equal(("123456", "12345678"), secrets.Open("KART-0005", sealedSecrets));
        Assert.ThrowsAny<CryptographicException>(() => secrets.Open("KART-0005", tampered));
        Assert.ThrowsAny<CryptographicException>(() => secrets.Open("KART-0006", sealedSecrets));
        Assert.ThrowsAny<CryptographicException>(() => secrets.Open("KART-0005", swapped));
        Assert.True(sealedSecrets.PinEnvelope.AsSpan().IndexOf("123456"u8) < 0);
    }

    private async Task<ProduceCardResult> ProduceAsync(string serial, string nationalId, string givenName, string surname, string institution, bool rsa = false)
    {
        var holder = await CaTestSupport.RegisterAsync(app, nationalId, institution, givenName, surname);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProduceCard>().RunAsync(
            new ProduceCardRequest(SoftHsmCardFactory.ModulePath, serial, holder.PersonId, holder.InstitutionId, Rsa: rsa), "test", CancellationToken.None);
    }

    private static ulong FindSlot(string label)
    {
        using var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath);
        return module.GetSlots(tokenPresent: true).Single(s => module.GetTokenInfo(s.SlotId).Label == label).SlotId;
    }

    private static int BlankSlots()
    {
        using var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath);
        return module.GetSlots(tokenPresent: true).Count(s => !module.GetTokenInfo(s.SlotId).Flags.HasFlag(TokenState.TokenInitialized));
    }
}
