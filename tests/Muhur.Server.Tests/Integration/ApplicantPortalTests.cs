using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-APP-3: the start page "Sipariş Formu Seçimi" shows the state, "Yeni Başvuru" and "Önceki Başvuru" with the one that
// applies, and the next step; the logout ends the session; R-X-4: the session names one application, the applicant
// reaches only that one; R-APP-11: the start page shows the application's history in Turkish, with who did it in
// words (the shared history of the applicant, the institution and the call centre).
public class ApplicantPortalTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Start_NoFormYet_ShowsBothChoicesWithNewApplying()
    {
        // Arrange
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (client, _) = await ApplicantTestSupport.LogInAsync(app, identifier);

        // Act
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/basvuru"));

        // Assert
        Assert.Contains("<h1>Sipariş Formu Seçimi</h1>", page, StringComparison.Ordinal);
        Assert.Contains("Yeni Başvuru", page, StringComparison.Ordinal);
        Assert.Contains("Önceki Başvuru", page, StringComparison.Ordinal);
        Assert.Contains("Erişim parolası gönderildi; form bekleniyor", page, StringComparison.Ordinal);
        Assert.Contains("class=\"card choice-current\" id=\"choice-new\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/basvuru/form\"", page, StringComparison.Ordinal);
        Assert.Contains("Başvuru formunu doldurup onaylayın.", page, StringComparison.Ordinal);
        Assert.Contains("action=\"/basvuru/cikis\"", page, StringComparison.Ordinal);
        Assert.Contains("Deniz Şahin", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Opened_HistoryInTurkishWithWhoInWords()
    {
        // Arrange: opened and its password sent by the institution authority (ApplicantTestSupport's actor).
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (client, _) = await ApplicantTestSupport.LogInAsync(app, identifier);

        // Act
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/basvuru"));

        // Assert: the raw actor never; the authority's name and role instead.
        var history = page[page.IndexOf("Başvurunuzun geçmişi", StringComparison.Ordinal)..];
        Assert.Matches(@"[0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2}</time></strong>\s*— <span class=""history-state"">Kaydedildi</span>\s*<br /><span class=""muted"">İşlemi yapan: Elif Demir \(Kurum Yetkilisi\)</span>", history);
        Assert.Contains(">Erişim parolası gönderildi</span>", history, StringComparison.Ordinal);
        Assert.DoesNotContain(ApplicantTestSupport.Actor, page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PhoneApproved", "/basvuru/imza-yontemi")]
    [InlineData("WetFormPrinted", "/basvuru/islak-imza")]
    public async Task Start_FormConfirmed_PreviousAppliesAndTheNextStepIsLinked(string state, string next)
    {
        // Arrange
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (client, applicationId) = await ApplicantTestSupport.LogInAsync(app, identifier);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE applications SET state = {state}, form_confirmed_at = now(), mobile_phone = '+905321234567', province_code = 6,
                    district = 'Çankaya', address_line = 'Atatürk Bulvarı 1', postal_code = '06420', security_word_hash = 'x', publish_consent = false
                WHERE id = {applicationId}
                """);
        }

        // Act
        var page = await client.GetStringAsync("/basvuru");

        // Assert
        Assert.Contains("class=\"card choice-current\" id=\"choice-previous\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{next}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_Post_EndsTheSession()
    {
        // Arrange
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (client, _) = await ApplicantTestSupport.LogInAsync(app, identifier);

        // Act
        var logout = await MuhurAppFactory.PostFormAsync(client, "/basvuru/cikis", new Dictionary<string, string>(), "/basvuru");
        var after = await client.GetAsync("/basvuru");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/basvuru/giris?cikis=1", logout.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/basvuru/giris", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_Get_DoesNothing()
    {
        // Arrange
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (client, _) = await ApplicantTestSupport.LogInAsync(app, identifier);

        // Act
        var get = await client.GetAsync("/basvuru/cikis");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/basvuru")).StatusCode);
    }

    [Fact]
    public async Task Start_TwoApplicants_EachSeesOnlyTheirOwn()
    {
        // Arrange
        var first = await ApplicantTestSupport.NewPersonAsync(app);
        var second = await ApplicantTestSupport.NewPersonAsync(app);
        var (firstClient, firstApplication) = await ApplicantTestSupport.LogInAsync(app, first);
        var (_, secondApplication) = await ApplicantTestSupport.LogInAsync(app, second);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
            await db.Database.ExecuteSqlAsync($"UPDATE people SET given_name = 'İkinci' WHERE identifier_number = {second}");
        }

        // Act: the second application's id, however it is offered, is not what the page reads.
        var page = await firstClient.GetStringAsync($"/basvuru?id={secondApplication}&application={secondApplication}");

        // Assert
        Assert.NotEqual(firstApplication, secondApplication);
        Assert.Contains("Deniz Şahin", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("İkinci", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutSession_GoesToTheLogin()
    {
        // Act
        var response = await app.CreateBrowserLikeClient().GetAsync("/basvuru");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/basvuru/giris", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
