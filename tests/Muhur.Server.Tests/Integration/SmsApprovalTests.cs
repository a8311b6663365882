using System.Net;
using Muhur.Server.Tests.Infrastructure;
using Support = Muhur.Server.Tests.Infrastructure.ApplicationFormTestSupport;

namespace Muhur.Server.Tests.Integration;

// R-APP-5 (R-X-3): the SMS approval at /basvuru/sms-onay — six digits to the masked number, valid three minutes, used
// once, void after three wrong entries, new codes spaced; each outcome in Turkish; the code never logged or stored in
// the clear; accepted → the signing method (R-APP-6).
public class SmsApprovalTests(LogCapturingAppFactory app) : IClassFixture<LogCapturingAppFactory>
{
    private static Dictionary<string, string> Code(string code) => new() { ["Code"] = code };

    [Fact]
    public async Task Get_AfterTheForm_ShowsTheNumberMaskedAndWhenANewCodeIsPossible()
    {
        // Arrange
        var (client, _, _) = await Support.LogInNewAsync(app);
        await Support.PostFormAsync(client, Support.ValidForm());

        // Act
        var html = await client.GetStringAsync("/basvuru/sms-onay");

        // Assert
        Assert.Contains("0532 *** ** 67", html, StringComparison.Ordinal);
        Assert.DoesNotContain("123 45", html, StringComparison.Ordinal);
        Assert.Contains("Yeni kodu en erken saat", html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"one-time-code\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_RightCode_ApprovesThePhoneAndGoesToTheSigningMethod()
    {
        // Arrange
        var (client, id, _) = await Support.LogInNewAsync(app);
        await Support.PostFormAsync(client, Support.ValidForm());
        var code = await Support.LatestSmsCodeAsync(app);

        // Act: pasted with a space, as some phones copy it.
        var response = await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", Code(code[..3] + " " + code[3..]));

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/basvuru/imza-yontemi", response.Headers.Location!.OriginalString);
        Assert.Equal("PhoneApproved", await Support.ScalarAsync<string>(app, $"SELECT state AS \"Value\" FROM applications WHERE id = {id}"));
        Assert.Contains("Cep telefonunuz onaylandı.", await client.GetStringAsync("/basvuru/sms-onay"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WrongCodeThreeTimes_VoidsTheCodeSoTheRightOneNoLongerWorks()
    {
        // Arrange
        var (client, id, _) = await Support.LogInNewAsync(app);
        await Support.PostFormAsync(client, Support.ValidForm());
        var code = await Support.LatestSmsCodeAsync(app);
        var wrong = code == "000000" ? "111111" : "000000";

        // Act
        var first = await (await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", Code(wrong))).Content.ReadAsStringAsync();
        var second = await (await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", Code("12a"))).Content.ReadAsStringAsync();
        var third = await (await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", Code(wrong))).Content.ReadAsStringAsync();
        var right = await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", Code(code));

        // Assert
        Assert.Contains("Onay kodu hatalı. 2 deneme hakkınız kaldı.", first, StringComparison.Ordinal);
        Assert.Contains("Onay kodu hatalı. 1 deneme hakkınız kaldı.", second, StringComparison.Ordinal);
        Assert.Contains("Onay kodu üç kez hatalı girildi ve geçersiz oldu. Yeni kod isteyin.", third, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("hatalı girişler nedeniyle geçersiz", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("FormConfirmed", await Support.ScalarAsync<string>(app, $"SELECT state AS \"Value\" FROM applications WHERE id = {id}"));
    }

    [Fact]
    public async Task Post_CodeOlderThanThreeMinutes_SaysItExpired()
    {
        // Arrange: a code row sent four minutes ago for a form confirmed just before it.
        var (client, id, _) = await Support.LogInNewAsync(app);
        await Support.PostFormAsync(client, Support.ValidForm());
        var code = await Support.LatestSmsCodeAsync(app);
        await Support.ExecuteAsync(app, $"UPDATE applications SET form_confirmed_at = now() - interval '10 minutes' WHERE id = {id}");
        await Support.ExecuteAsync(app, $"UPDATE application_sms_codes SET sent_at = now() - interval '4 minutes' WHERE application_id = {id}");

        // Act
        var response = await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", Code(code));

        // Assert
        Assert.Contains("Onay kodunun süresi doldu. Yeni kod isteyin.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("FormConfirmed", await Support.ScalarAsync<string>(app, $"SELECT state AS \"Value\" FROM applications WHERE id = {id}"));
    }

    [Fact]
    public async Task Resend_TooSoon_IsRefusedWithTheTimeAndLaterSendsANewCode()
    {
        // Arrange
        var (client, id, _) = await Support.LogInNewAsync(app);
        await Support.PostFormAsync(client, Support.ValidForm());

        // Act
        var tooSoon = await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay?handler=Resend", new Dictionary<string, string>(), "/basvuru/sms-onay");
        await Support.ExecuteAsync(app, $"UPDATE application_sms_codes SET sent_at = sent_at - interval '61 seconds' WHERE application_id = {id}");
        var later = await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay?handler=Resend", new Dictionary<string, string>(), "/basvuru/sms-onay");

        // Assert
        Assert.Matches(@"Yeni kod henüz gönderilemez; en erken saat \d\d:\d\d itibarıyla yeniden isteyin\.", await tooSoon.Content.ReadAsStringAsync());
        Assert.Contains("Yeni kod 0532 *** ** 67 numarasına gönderildi.", await later.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_sms_codes WHERE application_id = {id}"));
    }

    [Fact]
    public async Task Correction_WithinAMinuteOfTheLastCode_SendsNoneYetAndSaysWhenOneCanBeAskedFor()
    {
        // Arrange: the form confirmed (a code sent), then corrected with another number at once.
        var (client, id, _) = await Support.LogInNewAsync(app);
        await Support.PostFormAsync(client, Support.ValidForm());
        var oldCode = await Support.LatestSmsCodeAsync(app);

        // Act
        var corrected = await Support.PostFormAsync(client, Support.ValidForm(overrides: new Dictionary<string, string> { ["Input.MobilePhone"] = "+90 544 987 65 43" }));
        var page = await client.GetStringAsync("/basvuru/sms-onay");
        var withOldCode = await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", Code(oldCode));

        // Assert: the code sent to the old number does not approve the new one.
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Contains("0544 *** ** 43 numaralı cep telefonunuza henüz geçerli bir kod gönderilmedi", page, StringComparison.Ordinal);
        Assert.Contains("Yeni kodu en erken saat", page, StringComparison.Ordinal);
        Assert.Contains("Geçerli bir onay kodu yok; yeni kod isteyin.", await withOldCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("FormConfirmed", await Support.ScalarAsync<string>(app, $"SELECT state AS \"Value\" FROM applications WHERE id = {id}"));
    }

    [Fact]
    public async Task Code_IsNeitherLoggedNorStoredInTheClear()
    {
        // Arrange
        var (client, id, _) = await Support.LogInNewAsync(app);

        // Act
        await Support.PostFormAsync(client, Support.ValidForm());
        var code = await Support.LatestSmsCodeAsync(app);
        await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", Code(code));

        // Assert: no log line and no column of the code's row holds the six digits.
        Assert.NotEmpty(app.Lines);
        Assert.DoesNotContain(app.Lines, line => line.Contains(code, StringComparison.Ordinal));
        var row = await Support.ScalarAsync<string>(app,
            $"SELECT row_to_json(c)::text || encode(c.code_hash, 'escape') AS \"Value\" FROM application_sms_codes c WHERE application_id = {id}");
        Assert.DoesNotContain(code, row, StringComparison.Ordinal);
        Assert.Equal(32, await Support.ScalarAsync<int>(app, $"SELECT octet_length(code_hash) AS \"Value\" FROM application_sms_codes WHERE application_id = {id}"));
    }
}
