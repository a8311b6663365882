using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.CardProduction;
using Muhur.Server.Features.Cards;
using Muhur.Server.Tests.Infrastructure;
using Muhur.SmartCard;

namespace Muhur.Server.Tests.Integration;

// R-CARD-1, R-REN-2, issue 11 item 4: the card of an approved application, produced on a real SoftHSM2 token and
// recorded with the application linked and moved to CardProduced in one transaction; a production that fails (a token
// that refuses key generation, a certificate that cannot be written) leaves the application Approved, the token
// reusable and no valid certificate behind.
[Collection(SoftHsmTokenStores.Name)]
public class ApprovedCardProductionTests(SoftHsmCardFactory app) : IClassFixture<SoftHsmCardFactory>
{
    private const string Actor = "staff:merkez.operator";

    [Fact]
    public async Task ProduceApproved_BlankToken_CardCertificateAndApplicationLinked()
    {
        // Arrange
        var (applicationId, holder, identifier) = await ApprovedApplicationSupport.OpenAsync(app, "Üretim Üniversitesi");

        // Act
        var result = await ProduceAsync(applicationId);

        // Assert
        Assert.True(result.Produced, result.OutcomeKey);
        var card = result.Card!.Card!;
        Assert.Matches("^MHR-[0-9]{10}$", card.Serial);
        Assert.Equal("CardProduced", await ApprovedApplicationSupport.StateAsync(app, applicationId));
        Assert.Equal(card.Serial, await app.Database.ScalarAsync<string>("SELECT card_serial FROM applications WHERE id = $1", applicationId));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM cards k JOIN certificates c ON c.serial = k.certificate_serial WHERE k.serial = $1 AND c.person_id = $2 AND c.institution_id = $3 AND c.status = 'Good'",
            card.Serial, holder.PersonId, holder.InstitutionId));
        Assert.Equal(Actor, await app.Database.ScalarAsync<string>(
            "SELECT actor FROM application_state_changes WHERE application_id = $1 AND event = 'ProduceCard'", applicationId));

        using var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath);
        var slot = module.GetSlots(tokenPresent: true).Single(s => module.GetTokenInfo(s.SlotId).Label.Trim() == card.Serial).SlotId;
        var (pin, _) = app.Services.GetRequiredService<CardSecrets>().Open(card.Serial, card.Secrets);
        using var session = module.OpenSession(slot, readWrite: false);
        session.Login(UserType.User, pin);
        using var written = X509CertificateLoader.LoadCertificate(Assert.Single(session.ReadCertificates()).RawData);
        Assert.Contains($"SERIALNUMBER={identifier}", written.Subject, StringComparison.Ordinal);
        Assert.Contains("O=Üretim Üniversitesi", written.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProduceApproved_Renewal_CertificateStartsWhenThePreviousEnds()
    {
        // Arrange: a holder whose certificate ends in a month (inside the renewal window, R-REN-1).
        var holder = await CaTestSupport.RegisterAsync(app, ApplicantTestSupport.NewTurkishIdentityNumber(), "Yenileme Kart Üniversitesi", "Sevgi", "Ilgaz");
        var previous = (await CaTestSupport.TryIssueAsync(app, holder)).Certificate!;
        var previousEnd = DateTimeOffset.UtcNow.AddMonths(1);
        previousEnd = new DateTimeOffset(previousEnd.Ticks - (previousEnd.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        await app.Database.ExecuteAsync("UPDATE certificates SET not_after = $1 WHERE serial = $2", previousEnd, previous.Serial);
        var applicationId = await ApprovedApplicationSupport.OpenForAsync(app, holder, ApplicationKind.Renewal);

        // Act
        var result = await ProduceAsync(applicationId);

        // Assert: R-REN-2 on the production path.
        Assert.True(result.Produced, result.OutcomeKey);
        using var certificate = X509CertificateLoader.LoadCertificate(result.Card!.Certificate!.Der);
        Assert.Equal(previousEnd.UtcDateTime, certificate.NotBefore.ToUniversalTime());
        Assert.Equal("CardProduced", await ApprovedApplicationSupport.StateAsync(app, applicationId));
    }

    [Fact]
    public async Task ProduceApproved_TokenRefusesKeyGeneration_ApplicationStaysApprovedAndTheTokenIsProducedAfterwards()
    {
        // Arrange: the same token store, seen through a SoftHSM2 configuration whose tokens perform only signing mechanisms
        // (SoftHSM2 2.6 slots.mechanisms: the list enabled; its "-" form left the first mechanism named enabled in 2.6.1):
        // a card that cannot generate keys.
        var (applicationId, holder, _) = await ApprovedApplicationSupport.OpenAsync(app, "Reddeden Kart Üniversitesi");
        var goodConfig = Path.Combine(app.TokenStore, "softhsm2.conf");
        var refusingConfig = Path.Combine(app.TokenStore, "softhsm2-refusing.conf");
        await File.WriteAllTextAsync(refusingConfig, await File.ReadAllTextAsync(goodConfig) + "slots.mechanisms = CKM_ECDSA,CKM_RSA_PKCS\n");
        var certificatesBefore = await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificates WHERE person_id = $1", holder.PersonId);
        var blankBefore = BlankTokenSerials();
        ApprovedCardResult refused;
        try
        {
            NativeEnvironment.Set("SOFTHSM2_CONF", refusingConfig);

            // Act
            refused = await ProduceAsync(applicationId);
        }
        finally
        {
            NativeEnvironment.Set("SOFTHSM2_CONF", goodConfig);
        }

        var blankAfterRefusal = BlankTokenSerials();
        var certificatesAfterRefusal = await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificates WHERE person_id = $1", holder.PersonId);
        var stateAfterRefusal = await ApprovedApplicationSupport.StateAsync(app, applicationId);
        var again = await ProduceAsync(applicationId);

        // Assert: nothing recorded, no certificate, the application Approved, the token untouched …
        Assert.Equal(ProduceCardOutcome.TokenFailed, refused.Card!.Outcome);
        Assert.Equal("CKR_MECHANISM_INVALID", refused.Card.TokenError);
        Assert.Equal(certificatesBefore, certificatesAfterRefusal);
        Assert.Equal("Approved", stateAfterRefusal);
        Assert.Equal(blankBefore, blankAfterRefusal);

        // … and produced on that very token (SoftHSM2 always shows one blank token) once it generates keys.
        Assert.Single(blankBefore);
        Assert.True(again.Produced, again.OutcomeKey);
        Assert.Equal("CardProduced", await ApprovedApplicationSupport.StateAsync(app, applicationId));
    }

    [Fact]
    public async Task ProduceApproved_TokenLeftByAnInterruptedProduction_IsInitialisedAgainAndProduced()
    {
        // Arrange: a production stopped after the key was generated (the process ended): a token with a generated label,
        // its key, the transport PUK, and no card record.
        var (applicationId, _, _) = await ApprovedApplicationSupport.OpenAsync(app, "Yarıda Kalan Kart Üniversitesi");
        var secrets = app.Services.GetRequiredService<CardSecrets>();
        var interrupted = CardSerials.Generate();
        using (var token = TokenCardMedium.Open(SoftHsmCardFactory.ModulePath, secrets.TransportPuk))
        {
            Assert.True(token.Choose(interrupted, null, new HashSet<string>(token.InitialisedLabels)));
            token.GenerateKey(new CardCredentials(interrupted, "123456", "12345678", secrets.TransportPuk(interrupted), false));
        }

        var leftover = TokenSerialOf(interrupted);

        // Act
        var result = await ProduceAsync(applicationId);

        // Assert: leftovers are taken first; the old label is gone.
        Assert.True(result.Produced, result.OutcomeKey);
        Assert.Equal(leftover, TokenSerialOf(result.Card!.Card!.Serial));
        Assert.DoesNotContain(interrupted, Labels());
        using var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath);
        var slot = module.GetSlots(tokenPresent: true).Single(s => module.GetTokenInfo(s.SlotId).Label.Trim() == result.Card.Card.Serial).SlotId;
        var (pin, puk) = secrets.Open(result.Card.Card.Serial, result.Card.Card.Secrets);
        using var session = module.OpenSession(slot, readWrite: true);
        session.Login(UserType.SecurityOfficer, puk);
        session.Logout();
        session.Login(UserType.User, pin);
        Assert.Single(session.FindObjects(ObjectClass.PrivateKey));
    }

    [Fact]
    public async Task ProduceApproved_CertificateCannotBeWritten_CertificateRevokedAtOnceAndApplicationStaysApproved()
    {
        // Arrange: the card is pulled out (its SoftHSM2 token directory removed) after the key is made, before the
        // certificate is written.
        var (applicationId, holder, _) = await ApprovedApplicationSupport.OpenAsync(app, "Çekilen Kart Üniversitesi");
        using var token = TokenCardMedium.Open(SoftHsmCardFactory.ModulePath, app.Services.GetRequiredService<CardSecrets>().TransportPuk);
        Assert.True(token.Choose("MHR-0000000000", null, new HashSet<string>(token.InitialisedLabels)));
        using var pulled = new PulledOutBeforeWriting(token, Path.Combine(app.TokenStore, "tokens"));
        IReadOnlyList<ApprovedCardResult> results;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Act
            results = await scope.ServiceProvider.GetRequiredService<ProduceApprovedCard>().RunManyAsync([(applicationId, pulled)], Actor, CancellationToken.None);
        }

        // Assert
        var result = Assert.Single(results);
        Assert.Equal(ProduceCardOutcome.CertificateNotWritten, result.Card!.Outcome);
        Assert.Equal("Revoked", await app.Database.ScalarAsync<string>("SELECT status FROM certificates WHERE person_id = $1", holder.PersonId));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log a JOIN certificates c ON a.subject = 'certificate:' || encode(c.serial, 'hex') OR a.subject = 'certificate:' || upper(encode(c.serial, 'hex')) WHERE c.person_id = $1 AND a.action = 'certificate.revoked' AND a.actor = $2",
            holder.PersonId, Actor));
        Assert.Equal("Approved", await ApprovedApplicationSupport.StateAsync(app, applicationId));
        Assert.Null(await app.Database.ScalarAsync<string>("SELECT card_serial FROM applications WHERE id = $1", applicationId));
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM cards WHERE person_id = $1", holder.PersonId));
    }

    [Fact]
    public async Task ProduceApproved_ApplicationNotApproved_RefusedBeforeTouchingAToken()
    {
        // Arrange: e-signed, waiting for the officer's decision.
        var (applicationId, holder, _) = await ApprovedApplicationSupport.OpenAsync(app, "Onaysız Kart Üniversitesi", approve: false);
        var blankBefore = BlankSlots();

        // Act
        var result = await ProduceAsync(applicationId);
        var unknown = await ProduceAsync(Guid.NewGuid());

        // Assert
        Assert.Equal("NotApproved", result.OutcomeKey);
        Assert.Equal(ApplicationState.ESigned, result.NotApprovedState);
        Assert.Equal("NotFound", unknown.OutcomeKey);
        Assert.Equal(blankBefore, BlankSlots());
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificates WHERE person_id = $1", holder.PersonId));
        Assert.Equal("ESigned", await ApprovedApplicationSupport.StateAsync(app, applicationId));
    }

    [Fact]
    public async Task ProductionPage_OfficerSelectsAndProduces_ResultInTurkishAndCallCentreRefused()
    {
        // Arrange
        var (applicationId, _, _) = await ApprovedApplicationSupport.OpenAsync(app, "Sayfa Kart Üniversitesi", givenName: "Gökçe", surname: "Şenyüz");
        var officer = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");
        var agent = await app.LoginAsync("cagri.merkezi", "Cagri.Merkezi-2026");

        // Act
        var list = await officer.GetStringAsync("/merkez/uretim");
        var none = await MuhurAppFactory.PostFormAsync(officer, "/merkez/uretim", new Dictionary<string, string>());
        var produced = await MuhurAppFactory.PostFormAsync(officer, "/merkez/uretim", new Dictionary<string, string> { ["secilen"] = applicationId.ToString() });
        var forbidden = await agent.GetAsync("/merkez/uretim");

        // Assert
        Assert.Contains("Gökçe Şenyüz", list, StringComparison.Ordinal);
        Assert.Contains($"for=\"secilen-{applicationId}\"", list, StringComparison.Ordinal);
        Assert.Contains("Kart üretmek için en az bir başvuru seçin.", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var html = await produced.Content.ReadAsStringAsync();
        Assert.Contains("Kart üretildi: MHR-", html, StringComparison.Ordinal);
        Assert.Equal("CardProduced", await ApprovedApplicationSupport.StateAsync(app, applicationId));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, forbidden.StatusCode);
        Assert.StartsWith("/hata/403", forbidden.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProduceApprovedCommand_ApprovedApplication_ProducedWithATurkishLine()
    {
        // Arrange
        var (applicationId, _, _) = await ApprovedApplicationSupport.OpenAsync(app, "Komut Onaylı Kart Üniversitesi");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Muhur"] = app.Database.ConnectionString,
            ["Muhur__Ca__KeyPassphrase"] = "test-ca-passphrase",
            ["Muhur__Cards__MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["SOFTHSM2_CONF"] = Path.Combine(app.TokenStore, "softhsm2.conf"),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        string[] command = [Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll"), "card", "produce-approved", "--module", SoftHsmCardFactory.ModulePath];

        // Act
        var produced = await Tool.RunAsync("dotnet", [.. command, "--application", applicationId.ToString()], environment);
        var again = await Tool.RunAsync("dotnet", [.. command, "--application", applicationId.ToString()], environment);
        var badLimit = await Tool.RunAsync("dotnet", [.. command, "--limit", "0"], environment);

        // Assert
        Assert.True(produced.ExitCode == 0, produced.All);
        Assert.Contains($"{applicationId}: kart üretildi: MHR-", produced.Output, StringComparison.Ordinal);
        Assert.Equal("CardProduced", await ApprovedApplicationSupport.StateAsync(app, applicationId));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("başvuru onaylı değil (CardProduced)", again.Output, StringComparison.Ordinal);
        Assert.Equal(2, badLimit.ExitCode);
        Assert.Contains("--limit 1 ya da daha büyük olmalı", badLimit.Error, StringComparison.Ordinal);
    }

    private async Task<ApprovedCardResult> ProduceAsync(Guid applicationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProduceApprovedCard>().RunAsync(
            applicationId, SoftHsmCardFactory.ModulePath, null, Actor, CancellationToken.None);
    }

    private static List<string> BlankTokenSerials()
    {
        using var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath);
        return [.. module.GetSlots(tokenPresent: true).Select(s => module.GetTokenInfo(s.SlotId))
            .Where(t => !t.Flags.HasFlag(TokenState.TokenInitialized)).Select(t => t.SerialNumber)];
    }

    private static List<string> Labels()
    {
        using var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath);
        return [.. module.GetSlots(tokenPresent: true).Select(s => module.GetTokenInfo(s.SlotId).Label.Trim())];
    }

    private static string TokenSerialOf(string label)
    {
        using var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath);
        return module.GetSlots(tokenPresent: true).Select(s => module.GetTokenInfo(s.SlotId)).Single(t => t.Label.Trim() == label).SerialNumber;
    }

    private static int BlankSlots()
    {
        using var module = Pkcs11Module.Load(SoftHsmCardFactory.ModulePath);
        return module.GetSlots(tokenPresent: true).Count(s => !module.GetTokenInfo(s.SlotId).Flags.HasFlag(TokenState.TokenInitialized));
    }

    /// <summary>A real token that is taken out of the reader between the key's generation and the certificate's writing.</summary>
    private sealed class PulledOutBeforeWriting(TokenCardMedium token, string tokenDirectory) : ICardMedium
    {
        public string Manufacturer => token.Manufacturer;

        public string Model => token.Model;

        private string _label = string.Empty;

        public PublicKey GenerateKey(CardCredentials credentials)
        {
            _label = credentials.Serial;
            return token.GenerateKey(credentials);
        }

        public void WriteCertificate(byte[] der)
        {
            // SoftHSM2 keeps each token in a directory of its own, its label in token.object.
            var label = System.Text.Encoding.UTF8.GetBytes(_label);
            new DirectoryInfo(tokenDirectory).GetDirectories()
                .Single(d => File.ReadAllBytes(Path.Combine(d.FullName, "token.object")).AsSpan().IndexOf(label) >= 0)
                .Delete(recursive: true);
            token.WriteCertificate(der);
        }

        public void Complete() => token.Complete();

        public void Abandon() => token.Abandon();

        public void Dispose()
        {
        }
    }
}
