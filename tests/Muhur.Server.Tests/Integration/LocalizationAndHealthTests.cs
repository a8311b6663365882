using System.Net;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-X-1: Turkish by default with correct letters, English on request; health endpoints for the
// load balancer.
public class LocalizationAndHealthTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Home_ByDefault_IsTurkishWithRealLetters()
    {
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var html = await client.GetStringAsync("/");

        Assert.Contains("<html lang=\"tr\">", html, StringComparison.Ordinal);
        Assert.Contains("Nitelikli elektronik imza, baştan sona tek yerde", html, StringComparison.Ordinal);
        Assert.Contains("Personel Girişi", html, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_OnlyTheHolderPortal_SaysItIsNotOpenYet()
    {
        var client = app.CreateBrowserLikeClient();

        var html = await client.GetStringAsync("/");

        // The applicant's login is open (R-APP-2); the holder's comes with the online operations (a later issue).
        Assert.Equal(1, html.Split("Bu giriş bu sürümde henüz açılmadı.").Length - 1);
        Assert.Contains("href=\"/basvuru/giris\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetLanguage_English_SwitchesAndRemembers()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/dil?kultur=en&donus=%2Fgiris");
        var login = await client.GetStringAsync("/giris");
        var back = await client.GetAsync("/dil?kultur=tr-TR&donus=%2F");
        var home = await client.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/giris", response.Headers.Location!.OriginalString);
        Assert.Contains("Staff login", login, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", login, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Contains("Personel Girişi", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetLanguage_ExternalReturnUrl_StaysOnSite()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/dil?kultur=en&donus=https%3A%2F%2Fkotu.example%2F");

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_WrongPasswordInEnglish_IsEnglish()
    {
        var client = app.CreateBrowserLikeClient();
        await client.GetAsync("/dil?kultur=en&donus=%2F");

        var response = await MuhurAppFactory.PostFormAsync(client, "/giris", new Dictionary<string, string>
        {
            ["Input.UserName"] = "kurum.yetkili",
            ["Input.Password"] = "wrong",
        });

        Assert.Contains("The user name or password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthReady_DatabaseUp_IsHealthy()
    {
        var client = app.CreateBrowserLikeClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthReady_DatabaseGone_IsUnavailableWhileLiveStaysUp()
    {
        var database = await TestDatabase.CreateAsync();
        await using var factory = new DetachableFactory(database);
        await factory.InitializeAsync();
        var client = factory.CreateBrowserLikeClient();

        await database.DisposeAsync(); // drops the database under the running server
        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");
        var page = await client.GetAsync("/kurum/kisiler");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.NotEqual(HttpStatusCode.InternalServerError, page.StatusCode);
    }

    private sealed class DetachableFactory(TestDatabase database) : MuhurAppFactory(database);
}
