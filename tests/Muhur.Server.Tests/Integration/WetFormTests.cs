using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Tests.Infrastructure;
using Npgsql;
using Support = Muhur.Server.Tests.Infrastructure.ApplicationFormTestSupport;

namespace Muhur.Server.Tests.Integration;

// R-APP-7 (R-APP-4, R-X-3, R-X-4): the wet-signed form at /basvuru/islak-imza — made while the applicant has just typed
// the security word, every field and the word on it (pdftotext), a Code 128 barcode of its number (zbarimg), kept only
// encrypted, served only to its own applicant while valid; a correction voids it for good.
public class WetFormTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Print_AsAyse_PdfHasEveryFieldTheWordAndABarcodeOfItsNumber()
    {
        // Arrange
        var (client, id) = await ApplicantTestSupport.LogInAsync(app, "10000000146");
        await Support.ConfirmAndApproveAsync(app, client);

        // Act
        var number = await Support.PrintAsync(client);
        var download = await client.GetAsync($"/basvuru/islak-imza/{number}.pdf");
        var pdf = await download.Content.ReadAsByteArrayAsync();
        var (text, barcode) = await Support.ReadPdfAsync(pdf);

        // Assert
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("no-store", download.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.True(FormNumber.TryNormalize(number, out _));
        string[] expected =
        [
            number, "İlk başvuru", "Örnek Üniversitesi", "Mühendislik Fakültesi", "10000000146", "Ayşe", "Yılmaz", "Prof. Dr.",
            "Dekan", "ayse.yilmaz@ornek.edu.tr", "0532 123 45 67", "Ankara / Çankaya", "Kızılay Mah. Atatürk Bulvarı No: 5 Daire: 3",
            "06420", Support.Word, "Kurum ödemeli (görev: Dekan)", "SERTİFİKA TAAHHÜTNAMESİ",
        ];
        Assert.All(expected, value => Assert.Contains(value, text, StringComparison.Ordinal));
        Assert.Equal($"CODE-128:{number}", barcode);
        Assert.Equal("WetFormPrinted", await Support.ScalarAsync<string>(app, $"SELECT state AS \"Value\" FROM applications WHERE id = {id}"));
        Assert.Equal("WetSigned", await Support.ScalarAsync<string>(app, $"SELECT signing_method AS \"Value\" FROM applications WHERE id = {id}"));

        // Kept only encrypted: neither the PDF header nor the word is in the row.
        var stored = await Support.ScalarAsync<byte[]>(app, $"SELECT protected_pdf AS \"Value\" FROM application_forms WHERE form_number = {number}");
        Assert.Equal(-1, stored.AsSpan().IndexOf("%PDF"u8));
        Assert.Equal(-1, stored.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(Support.Word)));

        // The confirming mail, with the number and what comes next.
        var mail = await Support.ScalarAsync<string>(app,
            $"SELECT subject || ' ' || body AS \"Value\" FROM outbox_messages WHERE recipient = 'ayse.yilmaz@ornek.edu.tr' AND channel = 'Email' ORDER BY created_at DESC LIMIT 1");
        Assert.Contains(number, mail, StringComparison.Ordinal);
        Assert.Contains("kurumunuzun e-imza yetkilisine teslim edin", mail, StringComparison.Ordinal);
        Assert.DoesNotContain(Support.Word, mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_Again_KeepsTheSameValidForm()
    {
        // Arrange
        var (client, id, _) = await Support.LogInNewAsync(app);
        await Support.ConfirmAndApproveAsync(app, client);
        var number = await Support.PrintAsync(client);

        // Act
        var page = await client.GetStringAsync("/basvuru/islak-imza");
        var again = await Support.PrintAsync(client, "ne-olursa-olsun1");

        // Assert
        Assert.Equal(number, again);
        Assert.Contains($"Başvuru formunuz {number} numarasıyla hazır.", page, StringComparison.Ordinal);
        Assert.Contains("İmzalı formun aslını kurumunuzun e-imza yetkilisine teslim edin", page, StringComparison.Ordinal);
        Assert.Equal(1, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_forms WHERE application_id = {id}"));
    }

    [Fact]
    public async Task Print_WrongSecurityWord_IsRefusedAndMakesNoForm()
    {
        // Arrange
        var (client, id, _) = await Support.LogInNewAsync(app);
        await Support.ConfirmAndApproveAsync(app, client);

        // Act
        var response = await MuhurAppFactory.PostFormAsync(client, "/basvuru/islak-imza", new Dictionary<string, string> { ["SecurityWord"] = "Gümüşsuyu-Işık8" });

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Güvenlik sözcüğü, formda belirlediğinizle aynı değil.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_forms WHERE application_id = {id}"));
        Assert.Equal("PhoneApproved", await Support.ScalarAsync<string>(app, $"SELECT state AS \"Value\" FROM applications WHERE id = {id}"));
    }

    [Fact]
    public async Task Get_BeforeThePhoneApproval_OffersNoForm()
    {
        // Arrange
        var (client, _, _) = await Support.LogInNewAsync(app);
        await Support.PostFormAsync(client, Support.ValidForm());

        // Act
        var html = await client.GetStringAsync("/basvuru/islak-imza");
        var post = await MuhurAppFactory.PostFormAsync(client, "/basvuru/islak-imza", new Dictionary<string, string> { ["SecurityWord"] = Support.Word });

        // Assert
        Assert.Contains("cep telefonunuz SMS ile onaylandıktan sonra", html, StringComparison.Ordinal);
        Assert.Contains("Bu adım başvurunuzun şimdiki aşamasında yapılamaz.", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correction_VoidsTheOldNumberForGoodAndTheNewFormHasANewOne()
    {
        // Arrange
        var (client, id, _) = await Support.LogInNewAsync(app);
        await Support.ConfirmAndApproveAsync(app, client);
        var old = await Support.PrintAsync(client);

        // A minute later (codes are spaced, R-APP-5), the applicant corrects the address; the form is approved and printed again.
        await Support.ExecuteAsync(app, $"UPDATE application_sms_codes SET sent_at = sent_at - interval '61 seconds' WHERE application_id = {id}");

        // Act
        var corrected = await Support.PostFormAsync(client, Support.ValidForm(overrides: new Dictionary<string, string> { ["Input.District"] = "Keçiören" }));
        var oldAfterCorrection = await client.GetAsync($"/basvuru/islak-imza/{old}.pdf");
        var pageAfterCorrection = await client.GetStringAsync("/basvuru/islak-imza");
        await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", new Dictionary<string, string> { ["Code"] = await Support.LatestSmsCodeAsync(app) });
        var renewed = await Support.PrintAsync(client);
        var (text, barcode) = await Support.ReadPdfAsync(await client.GetByteArrayAsync($"/basvuru/islak-imza/{renewed}.pdf"));
        var oldAtTheEnd = await client.GetAsync($"/basvuru/islak-imza/{old}.pdf");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, oldAfterCorrection.StatusCode);
        Assert.DoesNotContain(old, pageAfterCorrection, StringComparison.Ordinal);
        Assert.NotEqual(old, renewed);
        Assert.Contains("Ankara / Keçiören", text, StringComparison.Ordinal);
        Assert.Equal($"CODE-128:{renewed}", barcode);
        Assert.Equal(HttpStatusCode.NotFound, oldAtTheEnd.StatusCode);
        Assert.Equal("correction", await Support.ScalarAsync<string>(app, $"SELECT voided_reason AS \"Value\" FROM application_forms WHERE form_number = {old} AND voided_at IS NOT NULL"));
        Assert.Equal(1, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_forms WHERE application_id = {id} AND voided_at IS NULL"));
    }

    [Fact]
    public async Task Download_AnotherApplicantsForm_IsNotFound()
    {
        // Arrange
        var (owner, _, _) = await Support.LogInNewAsync(app);
        await Support.ConfirmAndApproveAsync(app, owner);
        var number = await Support.PrintAsync(owner);
        var (other, _, _) = await Support.LogInNewAsync(app);
        var anonymous = app.CreateBrowserLikeClient();

        // Act
        var byOther = await other.GetAsync($"/basvuru/islak-imza/{number}.pdf");
        var byNobody = await anonymous.GetAsync($"/basvuru/islak-imza/{number}.pdf");
        var malformed = await owner.GetAsync("/basvuru/islak-imza/20260000000.pdf");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, byNobody.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task Delete_AWetForm_IsRefusedByTheDatabase()
    {
        // Arrange
        var (client, _, _) = await Support.LogInNewAsync(app);
        await Support.ConfirmAndApproveAsync(app, client);
        var number = await Support.PrintAsync(client);

        // Act
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var failure = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync($"DELETE FROM application_forms WHERE form_number = {number}"));

        // Assert
        Assert.Contains("never deleted", failure.MessageText, StringComparison.Ordinal);
    }
}
