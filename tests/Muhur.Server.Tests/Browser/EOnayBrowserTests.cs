using System.Text;
using Microsoft.Playwright;
using Muhur.Server.Tests.Infrastructure;
using static Muhur.Server.Tests.Infrastructure.ApplicationSigningTestSupport;

namespace Muhur.Server.Tests.Browser;

// R-APP-6, R-EONAY-1, R-EONAY-2 in Chromium: a holder who gave E-Onay consent (a code signed with a certificate of
// ours, posted as muhur-imza posts it) signs in, sees E-Onay among the signing methods with e-signed and wet-signed,
// completes with "E-Onay ile tamamla" and reads "İşleminiz Başarılıdır"; at 1280 and 360 px.
public class EOnayBrowserTests(KestrelAppFactory app) : ChromiumTest, IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task EOnay_AfterConsent_CompletedInTheBrowser()
    {
        // Arrange: consent given through the signed-code endpoint with the holder's key.
        var id = NewTurkishId();
        var (applicationId, password) = await OpenPhoneApprovedAsync(app, id);
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(app.BaseAddress),
        };
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await ApplicantTestSupport.PostLoginAsync(app, client, id, password)).StatusCode);
        var (certificate, _) = await CadesTestSigner.HolderAsync(app, id, "E-Onay Sertifika Kurumu");
        var code = CodeOnPage(await client.GetStringAsync("/basvuru/e-onay-izni"));
        Assert.Equal(200, (await PostSignedCodeAsync(client, code, CadesTestSigner.Sign(Encoding.UTF8.GetBytes(code), certificate))).Status);
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        // Act
        await ApplicantBrowser.LogInAsync(page, app, app.BaseAddress, id, password);
        await page.GotoAsync(app.BaseAddress + "/basvuru/imza-yontemi");
        var methods = await page.InnerTextAsync("main");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "imza-yontemi-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(360, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "imza-yontemi-360.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "E-Onay ile tamamla" }).ClickAsync();
        await page.WaitForURLAsync("**/basvuru/tamamlandi");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "e-onay-tamamlandi-360.png"), FullPage = true });

        // Assert
        Assert.Contains("Islak imzalı", methods, StringComparison.Ordinal);
        Assert.Contains("E-imza ile imzala", methods, StringComparison.Ordinal);
        Assert.Contains("E-Onay ile tamamla", methods, StringComparison.Ordinal);
        Assert.Equal("İşleminiz Başarılıdır", (await page.InnerTextAsync("h1")).Trim());
        Assert.Contains("e-onaylı olarak tamamlandı ve merkeze ulaştı", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal("EApproved", await StateAsync(app, applicationId));
    }
}
