using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Tests.Infrastructure;
using static Muhur.Server.Tests.Infrastructure.ApplicationSigningTestSupport;

namespace Muhur.Server.Tests.Integration;

// R-APP-6: the signing methods offered by certificate and consent; R-APP-8: the e-signed path through the signed-code
// endpoint (bound to this application and person, single use, expiring; signature, chain, qualified profile, status);
// R-EONAY-1/2: consent by a signed code, its withdrawal, and completion "e-onaylı". Each refusal is a Turkish message
// and changes nothing. The signatures are CAdES-BES made with software keys on certificates of our CA; the card and
// the real muhur-imza are in ESignedCardTests.
public class ApplicationSigningTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task SigningMethod_WithoutCertificate_OffersOnlyWetSignedAndSaysWhy()
    {
        var (client, _) = await PhoneApprovedAsync(app, NewTurkishId());

        var html = await client.GetStringAsync("/basvuru/imza-yontemi");

        Assert.Contains("href=\"/basvuru/islak-imza\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/basvuru/e-imza\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("E-Onay ile tamamla", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/basvuru/e-onay-izni\"", html, StringComparison.Ordinal);
        Assert.Contains("geçerli bir nitelikli sertifikanız yok (ilk başvuru)", html, StringComparison.Ordinal);
        Assert.Contains("kayıtlı bir E-Onay izniniz yok", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningMethod_WithValidCertificateOfAnotherRegistration_OffersESignedAndConsent()
    {
        var id = NewTurkishId();
        var (client, _) = await PhoneApprovedAsync(app, id);
        await CadesTestSigner.HolderAsync(app, id, "Sertifika Veren Kurum 1");

        var html = await client.GetStringAsync("/basvuru/imza-yontemi");

        Assert.Contains("href=\"/basvuru/islak-imza\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/basvuru/e-imza\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/basvuru/e-onay-izni\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("E-Onay ile tamamla", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ESign_SignedCodePosted_ApplicationESignedAuditedMailedAndPageSaysSuccess()
    {
        var id = NewTurkishId();
        var (client, applicationId) = await PhoneApprovedAsync(app, id);
        var (certificate, issued) = await CadesTestSigner.HolderAsync(app, id, "Sertifika Veren Kurum 2");
        var page = await client.GetStringAsync("/basvuru/e-imza");
        var code = CodeOnPage(page);
        var mailsBefore = await ReachedCentreMailsAsync("e-imzalı");

        var (status, answer) = await PostSignedCodeAsync(app.CreateClient(), code, Sign(code, certificate));

        Assert.Equal(200, status);
        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Equal("İşleminiz Başarılıdır", answer.GetProperty("message").GetString());
        Assert.Contains($"--gonder http://localhost/imzali-kod", page, StringComparison.Ordinal);
        Assert.Equal("ESigned", await StateAsync(app, applicationId));
        Assert.Equal("ESigned", await app.Database.ScalarAsync<string>("SELECT signing_method FROM applications WHERE id = $1", applicationId));
        Assert.Equal($"applicant:card:{issued.SerialHex}", await app.Database.ScalarAsync<string>(
            "SELECT actor FROM application_state_changes WHERE application_id = $1 AND event = 'ESign'", applicationId));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'application.state-changed' AND subject = $1 AND details LIKE '%ESign%'", $"application:{applicationId}"));
        Assert.Equal(mailsBefore + 1, await ReachedCentreMailsAsync("e-imzalı"));
        Assert.Contains("\"done\":true", await client.GetStringAsync("/basvuru/e-imza?handler=Status"), StringComparison.Ordinal);
        Assert.Contains("İşleminiz Başarılıdır", await client.GetStringAsync("/basvuru/e-imza"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ESign_ReplayedSignedCode_SecondPostRefusedInTurkish()
    {
        var id = NewTurkishId();
        var (client, applicationId) = await PhoneApprovedAsync(app, id);
        var (certificate, _) = await CadesTestSigner.HolderAsync(app, id, "Sertifika Veren Kurum 3");
        var code = CodeOnPage(await client.GetStringAsync("/basvuru/e-imza"));
        var signed = Sign(code, certificate);
        var anonymous = app.CreateClient();

        var first = await PostSignedCodeAsync(anonymous, code, signed);
        var second = await PostSignedCodeAsync(anonymous, code, signed);

        Assert.Equal(200, first.Status);
        Assert.Equal(409, second.Status);
        Assert.False(second.Answer.GetProperty("ok").GetBoolean());
        Assert.Equal("code_used", second.Answer.GetProperty("error").GetString());
        Assert.Contains("daha önce kullanılmış", second.Answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM application_state_changes WHERE application_id = $1 AND event = 'ESign'", applicationId));
    }

    [Fact]
    public async Task ESign_CodeOfAnotherApplicationSignedWithMyCard_IsForeignAndChangesNothing()
    {
        var victim = NewTurkishId();
        var attacker = NewTurkishId();
        var (victimClient, victimApplication) = await PhoneApprovedAsync(app, victim);
        await CadesTestSigner.HolderAsync(app, victim, "Sertifika Veren Kurum 4");
        var (attackerCertificate, _) = await CadesTestSigner.HolderAsync(app, attacker, "Sertifika Veren Kurum 4");
        var code = CodeOnPage(await victimClient.GetStringAsync("/basvuru/e-imza"));

        var (status, answer) = await PostSignedCodeAsync(app.CreateClient(), code, Sign(code, attackerCertificate));

        Assert.Equal(403, status);
        Assert.Equal("foreign_code", answer.GetProperty("error").GetString());
        Assert.Contains("başka bir başvuruya ya da başka bir kişiye ait", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("PhoneApproved", await StateAsync(app, victimApplication));
        Assert.Null(await app.Database.ScalarAsync<DateTime?>("SELECT used_at FROM verification_codes WHERE code = $1", code));
    }

    [Fact]
    public async Task ESign_ExpiredCode_RefusedAndStateUnchanged()
    {
        var id = NewTurkishId();
        var (client, applicationId) = await PhoneApprovedAsync(app, id);
        var (certificate, _) = await CadesTestSigner.HolderAsync(app, id, "Sertifika Veren Kurum 5");
        var code = CodeOnPage(await client.GetStringAsync("/basvuru/e-imza"));
        await app.Database.ExecuteAsync("UPDATE verification_codes SET issued_at = now() - interval '1 hour', expires_at = now() - interval '1 minute' WHERE code = $1", code);

        var (status, answer) = await PostSignedCodeAsync(app.CreateClient(), code, Sign(code, certificate));

        Assert.Equal(410, status);
        Assert.Equal("code_expired", answer.GetProperty("error").GetString());
        Assert.Contains("süresi dolmuş", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("PhoneApproved", await StateAsync(app, applicationId));
        Assert.NotEqual(code, CodeOnPage(await client.GetStringAsync("/basvuru/e-imza")));
    }

    [Theory]
    [InlineData("Suspend", "certificate_suspended", "askıya alınmış")]
    [InlineData("Revoke", "certificate_revoked", "iptal edilmiş")]
    public async Task ESign_CertificateSuspendedOrRevokedAfterTheCodeWasShown_RefusedAndNoLongerOffered(string change, string error, string words)
    {
        var id = NewTurkishId();
        var (client, applicationId) = await PhoneApprovedAsync(app, id);
        var (certificate, issued) = await CadesTestSigner.HolderAsync(app, id, $"Sertifika Veren Kurum {change}");
        var code = CodeOnPage(await client.GetStringAsync("/basvuru/e-imza"));
        await CaTestSupport.ChangeAsync(app, issued.Serial, Enum.Parse<StatusChangeKind>(change), X509RevocationReason.KeyCompromise);

        var (status, answer) = await PostSignedCodeAsync(app.CreateClient(), code, Sign(code, certificate));
        var methods = await client.GetStringAsync("/basvuru/imza-yontemi");
        var eSignPage = await client.GetStringAsync("/basvuru/e-imza");

        Assert.Equal(422, status);
        Assert.Equal(error, answer.GetProperty("error").GetString());
        Assert.Contains(words, answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("PhoneApproved", await StateAsync(app, applicationId));
        Assert.DoesNotContain("href=\"/basvuru/e-imza\"", methods, StringComparison.Ordinal);
        Assert.Contains("askıya alınmış ya da iptal edilmiş", methods, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"sign-code\"", eSignPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ESign_PassportHolder_AcceptedFromTheSamePassportOnlyNotTheSameNumberOfAnotherCountry()
    {
        // verification_codes names the person by number; a passport number is unique only with its country.
        var number = "U" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (client, applicationId) = await PhoneApprovedAsync(app, number, passportCountry: "GB");
        var sameNumberOtherCountry = await PassportHolderAsync(number, "DE", "Pasaport Kurumu DE");
        var own = await PassportHolderAsync(number, "GB", "Pasaport Kurumu GB");
        var code = CodeOnPage(await client.GetStringAsync("/basvuru/e-imza"));
        var anonymous = app.CreateClient();

        var foreign = await PostSignedCodeAsync(anonymous, code, Sign(code, sameNumberOtherCountry));
        var stateAfterForeign = await StateAsync(app, applicationId);
        var accepted = await PostSignedCodeAsync(anonymous, code, Sign(code, own));

        Assert.Equal(403, foreign.Status);
        Assert.Equal("foreign_code", foreign.Answer.GetProperty("error").GetString());
        Assert.Equal("PhoneApproved", stateAfterForeign);
        Assert.Equal(200, accepted.Status);
        Assert.Equal("ESigned", await StateAsync(app, applicationId));
    }

    [Fact]
    public async Task ESign_GarbageOrMalformedRequests_RefusedInTurkishWithoutChange()
    {
        var id = NewTurkishId();
        var (client, applicationId) = await PhoneApprovedAsync(app, id);
        await CadesTestSigner.HolderAsync(app, id, "Sertifika Veren Kurum 7");
        var code = CodeOnPage(await client.GetStringAsync("/basvuru/e-imza"));
        var anonymous = app.CreateClient();

        var garbage = await PostSignedCodeAsync(anonymous, code, [0x30, 0x03, 0x02, 0x01, 0x01]);
        using var notJson = await anonymous.PostAsync("/imzali-kod", new StringContent("code=1", Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var notBase64 = await anonymous.PostAsync("/imzali-kod", new StringContent($$"""{"code":"{{code}}","signature":"%%%"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(400, garbage.Status);
        Assert.Equal("signature_malformed", garbage.Answer.GetProperty("error").GetString());
        Assert.Contains("imza okunamadı", garbage.Answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("bad_request", await notJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notBase64.StatusCode);
        Assert.Equal("PhoneApproved", await StateAsync(app, applicationId));
    }

    [Fact]
    public async Task ESign_WithoutValidCertificate_PageExplainsAndNoCodeIsShown()
    {
        var (client, _) = await PhoneApprovedAsync(app, NewTurkishId());

        var html = await client.GetStringAsync("/basvuru/e-imza");

        Assert.DoesNotContain("id=\"sign-code\"", html, StringComparison.Ordinal);
        Assert.Contains("E-imzalı başvuru sunulmuyor", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EOnay_ConsentBySignedCodeThenComplete_EApprovedAuditedMailed()
    {
        var id = NewTurkishId();
        var (client, applicationId) = await PhoneApprovedAsync(app, id);
        var (certificate, issued) = await CadesTestSigner.HolderAsync(app, id, "Sertifika Veren Kurum 8");
        var code = CodeOnPage(await client.GetStringAsync("/basvuru/e-onay-izni"));
        var mailsBefore = await ReachedCentreMailsAsync("e-onaylı");

        var (status, answer) = await PostSignedCodeAsync(app.CreateClient(), code, Sign(code, certificate));
        var methods = await client.GetStringAsync("/basvuru/imza-yontemi");
        var completed = await MuhurAppFactory.PostFormAsync(client, "/basvuru/imza-yontemi?handler=EOnay", new Dictionary<string, string>());

        Assert.Equal(200, status);
        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM eonay_consents WHERE verification_code = $1 AND certificate_serial = $2 AND withdrawn_at IS NULL", code, issued.Serial));
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'eonay.consent-given' AND actor = $1", $"applicant:card:{issued.SerialHex}"));
        Assert.Contains("E-Onay ile tamamla", methods, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        Assert.Equal("/basvuru/tamamlandi", completed.Headers.Location!.OriginalString);
        Assert.Equal("EApproved", await StateAsync(app, applicationId));
        Assert.Equal("EOnay", await app.Database.ScalarAsync<string>("SELECT signing_method FROM applications WHERE id = $1", applicationId));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'application.state-changed' AND subject = $1 AND details LIKE '%EApprove%' AND actor LIKE 'applicant:e-onay:%'", $"application:{applicationId}"));
        Assert.Equal(mailsBefore + 1, await ReachedCentreMailsAsync("e-onaylı"));
        var done = await client.GetStringAsync("/basvuru/tamamlandi");
        Assert.Contains("İşleminiz Başarılıdır", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EOnay_ConsentWithdrawn_NotOfferedAndCompletionRefused()
    {
        var id = NewTurkishId();
        var (client, applicationId) = await PhoneApprovedAsync(app, id);
        var (certificate, _) = await CadesTestSigner.HolderAsync(app, id, "Sertifika Veren Kurum 9");
        var code = CodeOnPage(await client.GetStringAsync("/basvuru/e-onay-izni"));
        Assert.Equal(200, (await PostSignedCodeAsync(app.CreateClient(), code, Sign(code, certificate))).Status);

        var unconfirmed = await MuhurAppFactory.PostFormAsync(client, "/basvuru/e-onay-izni?handler=Withdraw", new Dictionary<string, string>());
        var unconfirmedHtml = await unconfirmed.Content.ReadAsStringAsync();
        var inForceAfterUnconfirmed = await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM eonay_consents c JOIN people p ON p.id = c.person_id WHERE p.identifier_number = $1 AND c.withdrawn_at IS NULL", id);
        var withdrawn = await MuhurAppFactory.PostFormAsync(client, "/basvuru/e-onay-izni?handler=Withdraw", new Dictionary<string, string> { ["confirm"] = "true" });
        var methods = await client.GetStringAsync("/basvuru/imza-yontemi");
        var refused = await MuhurAppFactory.PostFormAsync(client, "/basvuru/imza-yontemi?handler=EOnay", new Dictionary<string, string>(), "/basvuru/imza-yontemi");

        Assert.Contains("onay kutusunu işaretleyin", unconfirmedHtml, StringComparison.Ordinal);
        Assert.Equal(1, inForceAfterUnconfirmed);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM eonay_consents c JOIN people p ON p.id = c.person_id WHERE p.identifier_number = $1 AND c.withdrawn_at IS NULL", id));
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'eonay.consent-withdrawn' AND actor = $1", $"applicant:{applicationId}"));
        Assert.DoesNotContain("E-Onay ile tamamla", methods, StringComparison.Ordinal);
        Assert.Contains("yürürlükte bir E-Onay izniniz yok", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("PhoneApproved", await StateAsync(app, applicationId));
    }

    [Fact]
    public async Task EOnay_SecondConsentWhileOneIsInForce_Refused()
    {
        var id = NewTurkishId();
        var (client, _) = await PhoneApprovedAsync(app, id);
        var (certificate, _) = await CadesTestSigner.HolderAsync(app, id, "Sertifika Veren Kurum 10");
        var code = CodeOnPage(await client.GetStringAsync("/basvuru/e-onay-izni"));
        Assert.Equal(200, (await PostSignedCodeAsync(app.CreateClient(), code, Sign(code, certificate))).Status);
        var second = await IssueAsync(Features.Signatures.CodePurpose.EOnayConsent, await ApplicationOfAsync(id), id);

        var (status, answer) = await PostSignedCodeAsync(app.CreateClient(), second, Sign(second, certificate));

        Assert.Equal(409, status);
        Assert.Equal("consent_exists", answer.GetProperty("error").GetString());
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM eonay_consents c JOIN people p ON p.id = c.person_id WHERE p.identifier_number = $1", id));
    }

    // The test people share one corporate address; the tests of a class run one at a time, so a difference counts.
    private async Task<long> ReachedCentreMailsAsync(string method) =>
        await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE channel = 'Email' AND recipient = 'test@ornek.edu.tr' AND subject = 'Başvurunuz merkeze ulaştı'"
            + " AND body LIKE '%Sayın Derya Çınar%' AND body LIKE '%' || $1 || ' olarak tamamlandı%'", method);

    private async Task<X509Certificate2> PassportHolderAsync(string number, string country, string institution)
    {
        var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var holder = await CaTestSupport.RegisterAsync(app, number, institution, "Emma", "Clarke", country);
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IssueCertificate>().RunAsync(
            new IssueCertificateRequest(new System.Security.Cryptography.X509Certificates.PublicKey(key), holder.PersonId, holder.InstitutionId), "test", CancellationToken.None);
        using var certificate = X509CertificateLoader.LoadCertificate(result.Certificate!.Der);
        return certificate.CopyWithPrivateKey(key);
    }

    private async Task<Guid> ApplicationOfAsync(string identifier) =>
        await app.Database.ScalarAsync<Guid>("SELECT a.id FROM applications a JOIN people p ON p.id = a.person_id WHERE p.identifier_number = $1", identifier);

    private async Task<string> IssueAsync(Features.Signatures.CodePurpose purpose, Guid applicationId, string identifier)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var code = await scope.ServiceProvider.GetRequiredService<Features.Signatures.IssueVerificationCode>()
            .RunAsync(purpose, applicationId.ToString(), identifier, CancellationToken.None);
        return code.Code;
    }

    private static byte[] Sign(string code, X509Certificate2 certificate) => CadesTestSigner.Sign(Encoding.UTF8.GetBytes(code), certificate);
}
