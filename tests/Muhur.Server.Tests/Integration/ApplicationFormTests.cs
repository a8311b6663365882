using System.Net;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Tests.Infrastructure;
using Support = Muhur.Server.Tests.Infrastructure.ApplicationFormTestSupport;

namespace Muhur.Server.Tests.Integration;

// R-APP-4 (and R-APP-3 "Önceki Başvuru", R-APP-5's first code): the applicant's form at /basvuru/form — the
// institution's part read-only, the applicant's part checked field by field with a Turkish message, the security word
// kept only as a slow salted hash, "Formu Onayla" in one transaction with the SMS code; refused once at the centre.
public class ApplicationFormTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Get_NewApplication_ShowsTheInstitutionsPartReadOnlyAndTheRegisteredMobile()
    {
        // Arrange: Ayşe Yılmaz of the demo data, with the mobile number her institution reported.
        await Support.ExecuteAsync(app, $"UPDATE people SET mobile_phone = '+905551112233' WHERE identifier_number = '10000000146'");
        var (client, _) = await ApplicantTestSupport.LogInAsync(app, "10000000146");

        // Act
        var response = await client.GetAsync("/basvuru/form");
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ayşe Yılmaz", html, StringComparison.Ordinal);
        Assert.Contains("*********46", html, StringComparison.Ordinal);
        Assert.DoesNotContain("10000000146", html, StringComparison.Ordinal);
        Assert.Contains("Prof. Dr.", html, StringComparison.Ordinal);
        Assert.Contains("Dekan", html, StringComparison.Ordinal);
        Assert.Contains("Mühendislik Fakültesi", html, StringComparison.Ordinal);
        Assert.Contains("Örnek Üniversitesi", html, StringComparison.Ordinal);
        Assert.Contains("ayse.yilmaz@ornek.edu.tr", html, StringComparison.Ordinal);
        Assert.Contains("İlk başvuru", html, StringComparison.Ordinal);
        Assert.Contains("Kurum ödemeli (görev: Dekan)", html, StringComparison.Ordinal);
        Assert.Contains("value=\"0555 111 22 33\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"81\">Düzce</option>", html, StringComparison.Ordinal);
        Assert.Contains("8–32 karakter", html, StringComparison.Ordinal);
        Assert.Contains("Formu Onayla", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ValidForm_ConfirmsWithTheWordHashedAndTextsACode()
    {
        // Arrange
        var (client, id, _) = await Support.LogInNewAsync(app);

        // Act
        var response = await Support.PostFormAsync(client, Support.ValidForm());

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/basvuru/sms-onay", response.Headers.Location!.OriginalString);
        Assert.Equal("FormConfirmed", await Support.ScalarAsync<string>(app, $"SELECT state AS \"Value\" FROM applications WHERE id = {id}"));
        var hash = await Support.ScalarAsync<string>(app, $"SELECT security_word_hash AS \"Value\" FROM applications WHERE id = {id}");
        Assert.StartsWith("pbkdf2-sha256$210000$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain("Gümüş", hash, StringComparison.Ordinal);
        Assert.True(SecurityWord.Matches(Support.Word, hash));
        Assert.Equal("+905321234567|6|06420|true", await Support.ScalarAsync<string>(app,
            $"SELECT mobile_phone || '|' || province_code || '|' || postal_code || '|' || publish_consent AS \"Value\" FROM applications WHERE id = {id}"));
        Assert.Equal(1, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_sms_codes WHERE application_id = {id}"));
        Assert.Matches(@"^\d{6}$", await Support.LatestSmsCodeAsync(app));
    }

    [Theory]
    [InlineData("Input.MobilePhone", "0212 123 45 67", "Geçerli bir Türkiye cep telefonu numarası girin")]
    [InlineData("Input.MobilePhone", "", "Bu alan zorunludur.")]
    [InlineData("Input.PostalCode", "34000", "Bu posta kodu Ankara iline ait değil")]
    [InlineData("Input.PostalCode", "6420", "Posta kodu 5 rakamdan oluşur.")]
    [InlineData("Input.ProvinceCode", "82", "Listeden bir il seçin.")]
    [InlineData("Input.District", "", "Bu alan zorunludur.")]
    [InlineData("Input.SecurityWordRepeat", "Gümüşsuyu-Işık8", "İki güvenlik sözcüğü aynı değil.")]
    [InlineData("Input.SecurityWord", "kısa1", "8 ile 32 karakter arasında")]
    [InlineData("Input.SecurityWord", "sadeceharfler", "en az bir harf ve en az bir rakam")]
    [InlineData("Input.SecurityWord", "IDENTIFIER", "kimlik numaranızı içeremez")]
    [InlineData("Input.SecurityWord", "öztürkoğlu99", "adınızı veya soyadınızı içeremez")]
    [InlineData("Input.SecurityWord", "iki sözcük 12", "boşluk kullanılamaz")]
    public async Task Post_BadField_ShowsItsTurkishMessageAndSavesNothing(string field, string value, string message)
    {
        // Arrange
        var (client, id, identifier) = await Support.LogInNewAsync(app);
        value = value.Replace("IDENTIFIER", "x" + identifier, StringComparison.Ordinal);
        var form = Support.ValidForm();
        form[field] = value;
        if (field == "Input.SecurityWord")
        {
            form["Input.SecurityWordRepeat"] = value;
        }

        // Act
        var response = await Support.PostFormAsync(client, form);
        var html = await response.Content.ReadAsStringAsync();

        // Assert: the message next to its field, linked to it, and nothing written.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("Formda düzeltilmesi gereken alanlar var.", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Support.Word, html, StringComparison.Ordinal);
        Assert.Equal("PasswordSent", await Support.ScalarAsync<string>(app, $"SELECT state AS \"Value\" FROM applications WHERE id = {id}"));
        Assert.Equal(0, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_sms_codes WHERE application_id = {id}"));
    }

    [Fact]
    public async Task Post_RenewalWithoutReason_AsksForTheReason()
    {
        // Arrange
        var (client, id, _) = await Support.LogInNewAsync(app, ApplicationKind.Renewal);
        var page = await client.GetStringAsync("/basvuru/form");

        // Act
        var missing = await Support.PostFormAsync(client, Support.ValidForm());
        var given = await Support.PostFormAsync(client, Support.ValidForm(overrides: new Dictionary<string, string> { ["Input.RepeatReason"] = "Sertifikamın süresi doluyor." }));

        // Assert
        Assert.Contains("Yeniden başvuru nedeni", page, StringComparison.Ordinal);
        Assert.Contains("Yeniden başvuru nedenini yazın.", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        Assert.Equal("Sertifikamın süresi doluyor.", await Support.ScalarAsync<string>(app, $"SELECT repeat_reason AS \"Value\" FROM applications WHERE id = {id}"));
    }

    [Fact]
    public async Task Post_ApplicationAtTheCentre_ShowsTheRefusalAndChangesNothing()
    {
        // Arrange: the application was e-signed (from another tab) while this page was open; the session stays open for
        // a short while so that the signing page can show its success (CheckApplicantSession), and the form must refuse.
        var (client, id, _) = await Support.LogInNewAsync(app);
        var token = MuhurAppFactory.AntiforgeryToken(await client.GetStringAsync("/basvuru/form"));
        await Support.ExecuteAsync(app, $"UPDATE applications SET state = 'ESigned', updated_at = now() WHERE id = {id}");

        // Act
        var form = Support.ValidForm();
        form["__RequestVerificationToken"] = token;
        using var content = new FormUrlEncodedContent(form);
        var response = await client.PostAsync("/basvuru/form", content);
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Başvurunuz merkeze ulaştı; form artık değiştirilemez.", html, StringComparison.Ordinal);
        Assert.Equal(0, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_sms_codes WHERE application_id = {id}"));
        Assert.Equal(0, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM applications WHERE id = {id} AND form_confirmed_at IS NOT NULL"));
    }

    [Fact]
    public async Task Post_FormForwardedToTheCentre_RefusedAndNothingChanged()
    {
        // Arrange: the paper form has been forwarded while the applicant's page was still open.
        var (client, id, _) = await Support.LogInNewAsync(app);
        var token = MuhurAppFactory.AntiforgeryToken(await client.GetStringAsync("/basvuru/form"));
        await Support.ExecuteAsync(app, $"UPDATE applications SET state = 'ForwardedToCentre' WHERE id = {id}");

        // Act
        var form = Support.ValidForm();
        form["__RequestVerificationToken"] = token;
        using var content = new FormUrlEncodedContent(form);
        var response = await client.PostAsync("/basvuru/form", content);

        // Assert: R-APP-1, the access password opens the form only until it is signed and at the centre; since R-APP-11
        // the session goes on read-only (the status page), so the form is refused (403) rather than the session ended.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("/hata/403", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
        Assert.Equal(0, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_sms_codes WHERE application_id = {id}"));
        Assert.Equal(0, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM applications WHERE id = {id} AND form_confirmed_at IS NOT NULL"));
    }

    [Fact]
    public async Task Get_PreviouslyConfirmedForm_ShowsTheStoredValuesButNeverTheWord()
    {
        // Arrange
        var (client, _, _) = await Support.LogInNewAsync(app);
        await Support.PostFormAsync(client, Support.ValidForm());

        // Act: "Önceki Başvuru" opens the form again.
        var html = await client.GetStringAsync("/basvuru/form");

        // Assert
        Assert.Contains("value=\"0532 123 45 67\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"6\" selected=\"selected\">Ankara</option>", html, StringComparison.Ordinal);
        Assert.Contains("Çankaya", html, StringComparison.Ordinal);
        Assert.Contains("06420", html, StringComparison.Ordinal);
        Assert.Contains("Güvenlik sözcüğünüz gösterilmez", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Support.Word, html, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", html, StringComparison.Ordinal);
    }
}
