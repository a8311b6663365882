using System.Net;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-X-4: every portal is a route prefix with its own policy; each actor sees only their portal.
public class PortalAuthorizationTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Theory]
    [InlineData("/kurum", "/giris")]
    [InlineData("/kurum/kisiler", "/giris")]
    [InlineData("/merkez", "/giris")]
    public async Task Get_ProtectedPortalAnonymously_RedirectsToThatPortalsLogin(string path, string loginPath)
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(loginPath + "?", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/giris")]
    [InlineData("/basvuru/giris")]
    [InlineData("/islemler/giris")]
    [InlineData("/health/live")]
    [InlineData("/dogrula")]
    public async Task Get_PublicPage_IsServedAnonymously(string path)
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_CentrePortalAsInstitutionAuthority_IsForbidden()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var response = await client.GetAsync("/merkez");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/hata/403", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("merkez.operator", "Merkez.Operator-2026")]
    [InlineData("cagri.merkezi", "Cagri.Merkezi-2026")]
    public async Task Get_InstitutionPortalAsCentreStaff_IsForbiddenButCentreIsOpen(string userName, string password)
    {
        var client = await app.LoginAsync(userName, password);

        var institution = await client.GetAsync("/kurum");
        var centre = await client.GetAsync("/merkez");

        Assert.Equal(HttpStatusCode.Redirect, institution.StatusCode);
        Assert.StartsWith("/hata/403", institution.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, centre.StatusCode);
        Assert.Contains("Merkez Paneli", await centre.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ForbiddenPage_ExplainsInTurkishWithoutStackTrace()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/hata/403");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Erişim yetkiniz yok", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownPage_ShowsTurkishNotFound()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/boyle-bir-sayfa-yok");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Sayfa bulunamadı", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AnyPage_CarriesSecurityHeaders()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
