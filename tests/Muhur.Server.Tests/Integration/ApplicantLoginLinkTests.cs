using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

/// <summary>A server with a configured public address other than the test server's, and link requests not limited per address.</summary>
public sealed class LoginLinkAppFactory : MuhurAppFactory
{
    public const string PublicBase = "https://basvuru.muhur.example/";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Muhur:Ca:PublicBaseUrl"] = PublicBase,
        ["Muhur:ApplicantLogin:LinkRequestsPerAddress"] = "1000",
    };
}

// R-APP-2, WCAG 2.2 SC 3.3.8: "Resmi okuyamıyorum — giriş bağlantısı gönder". A one-time link mailed through the outbox
// (R-X-2) for an application that takes the login, the same answer otherwise; built from the configured public address;
// opening it (GET) uses nothing, the POST with the access password signs in once; expired links are refused; audited.
public partial class ApplicantLoginLinkTests(LoginLinkAppFactory app) : IClassFixture<LoginLinkAppFactory>
{
    private const string Answered = "Bu kimlik numarasıyla giriş yapılabilen bir başvuru varsa, kurumsal e-posta adresinize bir giriş bağlantısı gönderdik. Bağlantı 20 dakika geçerlidir ve bir kez kullanılabilir.";

    [Fact]
    public async Task Request_ExistingAndUnknownIdentifier_SameAnswerAndAMailOnlyForTheExistingOne()
    {
        // Arrange
        var email = $"link.{Guid.NewGuid():N}@ornek.edu.tr";
        var identifier = await ApplicantTestSupport.NewPersonAsync(app, email);
        var (applicationId, _) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Host = "saldirgan.example";
        var mailsBefore = await MailCountAsync();

        // Act
        var existing = await RequestAsync(client, identifier);
        var afterExisting = await MailCountAsync();
        var watch = Stopwatch.StartNew();
        var unknown = await RequestAsync(client, ApplicantTestSupport.NewTurkishIdentityNumber());
        watch.Stop();

        // Assert
        Assert.Equal(Answered, existing);
        Assert.Equal(Answered, unknown);
        Assert.Equal(mailsBefore + 1, afterExisting);
        Assert.Equal(afterExisting, await MailCountAsync());
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(390), $"answered in {watch.Elapsed}");
        var mail = await MailToAsync(email);
        Assert.StartsWith("Mühür e-imza başvurusu", mail.Subject, StringComparison.Ordinal);
        Assert.Matches($"{Regex.Escape(LoginLinkAppFactory.PublicBase)}basvuru/giris/baglanti/[A-Za-z0-9_-]{{43}}", mail.Body);
        Assert.DoesNotContain("saldirgan", mail.Body, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        Assert.True(await db.AuditLog.AnyAsync(e => e.Action == AuditActions.ApplicantLoginLinkSent && e.Subject == $"application:{applicationId}"));
        var stored = await db.Database.SqlQuery<byte[]>($"SELECT token_hash AS \"Value\" FROM applicant_login_links WHERE application_id = {applicationId}").SingleAsync();
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Token(mail.Body))), stored);
    }

    [Fact]
    public async Task Open_GetThenPostWithThePassword_SignsInOnceAndTheGetUsesNothing()
    {
        // Arrange
        var email = $"link.{Guid.NewGuid():N}@ornek.edu.tr";
        var identifier = await ApplicantTestSupport.NewPersonAsync(app, email);
        var (applicationId, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        await RequestAsync(app.CreateBrowserLikeClient(), identifier);
        var path = "/basvuru/giris/baglanti/" + Token((await MailToAsync(email)).Body);
        var scanner = app.CreateBrowserLikeClient();

        // Act: a mail scanner fetches the link twice, then the person opens it and types the password.
        var scanned = await scanner.GetStringAsync(path);
        await scanner.GetStringAsync(path);
        var client = app.CreateBrowserLikeClient();
        var signedIn = await MuhurAppFactory.PostFormAsync(client, path, new Dictionary<string, string> { ["Input.AccessPassword"] = password });
        var start = await client.GetStringAsync("/basvuru");
        var reopened = await app.CreateBrowserLikeClient().GetStringAsync(path);
        var second = await MuhurAppFactory.PostFormAsync(app.CreateBrowserLikeClient(), path, new Dictionary<string, string> { ["Input.AccessPassword"] = password }, "/basvuru/giris");

        // Assert
        Assert.Contains("Input.AccessPassword", scanned, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/basvuru", signedIn.Headers.Location!.OriginalString);
        Assert.Contains("Sipariş Formu Seçimi", start, StringComparison.Ordinal);
        Assert.Contains("Bu giriş bağlantısı kullanılamıyor", reopened, StringComparison.Ordinal);
        Assert.False(ApplicantLoginTests.SetsApplicantCookie(second));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var entry = await db.AuditLog.SingleAsync(e => e.Action == AuditActions.ApplicantSignedIn && e.Subject == $"application:{applicationId}");
        Assert.Contains("\"method\":\"link\"", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WrongPassword_RefusedAndTheLinkStillWorks()
    {
        // Arrange
        var email = $"link.{Guid.NewGuid():N}@ornek.edu.tr";
        var identifier = await ApplicantTestSupport.NewPersonAsync(app, email);
        var (_, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        await RequestAsync(app.CreateBrowserLikeClient(), identifier);
        var path = "/basvuru/giris/baglanti/" + Token((await MailToAsync(email)).Body);
        var client = app.CreateBrowserLikeClient();

        // Act
        var wrong = await MuhurAppFactory.PostFormAsync(client, path, new Dictionary<string, string> { ["Input.AccessPassword"] = "AAAA-BBBB-CCCC" });
        var right = await MuhurAppFactory.PostFormAsync(client, path, new Dictionary<string, string> { ["Input.AccessPassword"] = password });

        // Assert
        Assert.Equal("Giriş yapılamadı. E-postayla gelen erişim parolasını kontrol edip yeniden deneyin.", ApplicantLoginTests.Alert(await wrong.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
    }

    [Fact]
    public async Task Open_ExpiredLink_Refused()
    {
        // Arrange
        var email = $"link.{Guid.NewGuid():N}@ornek.edu.tr";
        var identifier = await ApplicantTestSupport.NewPersonAsync(app, email);
        var (applicationId, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        await RequestAsync(app.CreateBrowserLikeClient(), identifier);
        var path = "/basvuru/giris/baglanti/" + Token((await MailToAsync(email)).Body);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
            await db.Database.ExecuteSqlAsync($"UPDATE applicant_login_links SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 minute' WHERE application_id = {applicationId}");
        }

        // Act
        var client = app.CreateBrowserLikeClient();
        var page = await client.GetStringAsync(path);
        var post = await MuhurAppFactory.PostFormAsync(client, path, new Dictionary<string, string> { ["Input.AccessPassword"] = password }, "/basvuru/giris");

        // Assert
        Assert.Contains("Bu giriş bağlantısı kullanılamıyor", page, StringComparison.Ordinal);
        Assert.False(ApplicantLoginTests.SetsApplicantCookie(post));
    }

    [Fact]
    public async Task Request_MoreThanThreeInAnHour_SendsOnlyThreeAndAnswersAlike()
    {
        // Arrange
        var email = $"link.{Guid.NewGuid():N}@ornek.edu.tr";
        var identifier = await ApplicantTestSupport.NewPersonAsync(app, email);
        await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        var client = app.CreateBrowserLikeClient();

        // Act
        var answers = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await RequestAsync(client, identifier));
        }

        // Assert
        Assert.All(answers, a => Assert.Equal(Answered, a));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        Assert.Equal(3, await db.Set<OutboxMessage>().CountAsync(m => m.Recipient == email));
    }

    [Fact]
    public async Task Request_FromTheLoginPagesButton_UsesTheIdentifierTyped()
    {
        // Arrange: the login form's "Resmi okuyamıyorum" button posts the whole form to the link page.
        var email = $"link.{Guid.NewGuid():N}@ornek.edu.tr";
        var identifier = await ApplicantTestSupport.NewPersonAsync(app, email);
        await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);

        // Act
        var response = await MuhurAppFactory.PostFormAsync(app.CreateBrowserLikeClient(), "/basvuru/giris/baglanti", new Dictionary<string, string>
        {
            ["Input.Identifier"] = identifier,
            ["Input.CaptchaId"] = "x",
            ["Input.CaptchaAnswer"] = string.Empty,
            ["Input.AccessPassword"] = string.Empty,
        }, "/basvuru/giris");

        // Assert
        Assert.Contains(Answered, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await MailToAsync(email);
    }

    // R-APP-11, WCAG 2.2 SC 3.3.8: the link opens what the password opens, the read-only status after signing too.
    [Fact]
    public async Task Open_ApplicationAtTheCentre_StatusOnlySession()
    {
        // Arrange
        var email = $"link.{Guid.NewGuid():N}@ornek.edu.tr";
        var identifier = await ApplicantTestSupport.NewPersonAsync(app, email);
        var (applicationId, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        await app.Database.ExecuteAsync("UPDATE applications SET state = 'ReceivedByCentre' WHERE id = $1", applicationId);
        await RequestAsync(app.CreateBrowserLikeClient(), identifier);
        var path = "/basvuru/giris/baglanti/" + Token((await MailToAsync(email)).Body);
        var client = app.CreateBrowserLikeClient();

        // Act
        var signedIn = await MuhurAppFactory.PostFormAsync(client, path, new Dictionary<string, string> { ["Input.AccessPassword"] = password });
        var start = await client.GetStringAsync("/basvuru");
        var form = await client.GetAsync("/basvuru/form");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("id=\"status-only\"", start, StringComparison.Ordinal);
        Assert.StartsWith("/hata/403", form.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static async Task<string?> RequestAsync(HttpClient client, string identifier)
    {
        var response = await MuhurAppFactory.PostFormAsync(client, "/basvuru/giris/baglanti", new Dictionary<string, string> { ["Input.Identifier"] = identifier });
        var match = StatusPattern().Match(await response.Content.ReadAsStringAsync());
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : null;
    }

    private static string Token(string body) => TokenPattern().Match(body).Groups[1].Value;

    private async Task<int> MailCountAsync()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MuhurDbContext>().Set<OutboxMessage>().CountAsync();
    }

    private async Task<OutboxMessage> MailToAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MuhurDbContext>().Set<OutboxMessage>()
            .Where(m => m.Recipient == email).OrderByDescending(m => m.CreatedAt).FirstAsync();
    }

    [GeneratedRegex("role=\"status\"[^>]*>([^<]*)<", RegexOptions.CultureInvariant)]
    private static partial Regex StatusPattern();

    [GeneratedRegex("/basvuru/giris/baglanti/([A-Za-z0-9_-]{43})", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
