using Microsoft.Playwright;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Browser;

// R-X-1: a person opens the Turkish home page and the institution authority logs in.
public class HomeAndLoginBrowserTests(KestrelAppFactory app) : ChromiumTest, IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task HomePage_InChromium_IsTurkish()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "en-US" });

        await page.GotoAsync(app.BaseAddress + "/");

        Assert.Equal("tr", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Nitelikli elektronik imza, baştan sona tek yerde", await page.InnerTextAsync("h1"));
        Assert.Equal("Ana Sayfa — Mühür", await page.TitleAsync());
    }

    [Fact]
    public async Task Login_AsDemoInstitutionAuthority_ReachesInstitutionPortal()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.BaseAddress + "/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Personel Girişi" }).First.ClickAsync();
        await page.GetByLabel("Kullanıcı adı").FillAsync("kurum.yetkili");
        await page.GetByLabel("Parola").FillAsync("Kurum.Yetkili-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Giriş Yap" }).ClickAsync();
        await page.WaitForURLAsync("**/kurum");

        Assert.Equal("Kurum Yetkilisi Paneli", await page.InnerTextAsync("h1"));
        Assert.Contains("Örnek Üniversitesi", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "kurum-paneli.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 0);
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsAlertInTurkish()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.BaseAddress + "/giris");

        await page.GetByLabel("Kullanıcı adı").FillAsync("kurum.yetkili");
        await page.GetByLabel("Parola").FillAsync("yanlış");
        await page.GetByRole(AriaRole.Button, new() { Name = "Giriş Yap" }).ClickAsync();

        Assert.Equal("Kullanıcı adı veya parola hatalı.", (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).Trim());
    }
}
