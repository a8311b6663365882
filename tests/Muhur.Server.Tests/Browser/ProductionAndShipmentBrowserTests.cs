using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Muhur.Server.Features.CardProduction;
using Muhur.Server.Features.Cards;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Browser;

// R-CARD-1, issue 11 items 4 and 5: in Chromium at phone width, the officer's production and shipment pages and the public
// tracking page are readable (WCAG 2.2 SC 1.4.10) and worked by their labels.
public class ProductionAndShipmentBrowserTests(KestrelAppFactory app) : ChromiumTest, IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task OfficerShipsAProducedCard_AtPhoneWidth_TrackingPageShowsIt()
    {
        // Arrange: one application waiting for its card, one whose card was made (key made beforehand).
        await ApprovedApplicationSupport.OpenAsync(app, "Tarayıcı Üretim Üniversitesi", givenName: "Şebnem", surname: "Ağaoğlu");
        var (producedId, _, _) = await ApprovedApplicationSupport.OpenAsync(app, "Tarayıcı Kargo Üniversitesi", givenName: "İlkay", surname: "Güçlü");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var medium = new PremadeKeyMedium(new PublicKey(key)))
        {
            await using var scope = app.Services.CreateAsyncScope();
            Assert.True(Assert.Single(await scope.ServiceProvider.GetRequiredService<ProduceApprovedCard>().RunManyAsync([(producedId, medium)], "test", CancellationToken.None)).Produced);
        }

        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 800 } });
        await page.GotoAsync(app.BaseAddress + "/giris");
        await page.GetByLabel("Kullanıcı adı").FillAsync("merkez.operator");
        await page.GetByLabel("Parola").FillAsync("Merkez.Operator-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Giriş Yap" }).ClickAsync();
        await page.WaitForURLAsync("**/merkez");

        // Act
        await page.GotoAsync(app.BaseAddress + "/merkez/uretim");
        var production = await page.InnerTextAsync("main");
        var productionFits = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "merkez-uretim-360.png"), FullPage = true });

        await page.GotoAsync(app.BaseAddress + "/merkez/kargo");
        var record = page.Locator(".record", new() { HasText = "İlkay Güçlü" });
        await record.GetByLabel("Posta kodu").FillAsync("06100");
        await record.GetByRole(AriaRole.Button, new() { Name = "Kargoya ver" }).ClickAsync();
        var shipped = await page.InnerTextAsync("main");
        var shipmentFits = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "merkez-kargo-360.png"), FullPage = true });
        var trackingNumber = (await app.Database.ScalarAsync<string>("SELECT tracking_number FROM shipments WHERE application_id = $1", producedId))!;

        var tracking = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 800 } });
        await tracking.GotoAsync(app.BaseAddress + "/kargo-takip");
        await tracking.GetByLabel("Takip numarası").FillAsync(trackingNumber);
        await tracking.GetByRole(AriaRole.Button, new() { Name = "Sorgula" }).ClickAsync();
        var tracked = await tracking.InnerTextAsync("main");
        var trackingFits = await tracking.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
        await tracking.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "kargo-takip-360.png"), FullPage = true });

        // Assert
        Assert.Contains("Şebnem Ağaoğlu", production, StringComparison.Ordinal);
        Assert.Contains("Kart yazıcısı", production, StringComparison.Ordinal);
        Assert.Contains($"Kart kargoya verildi; takip numarası {trackingNumber}.", shipped, StringComparison.Ordinal);
        Assert.Contains("Yolda", tracked, StringComparison.Ordinal);
        Assert.Contains("Ankara", tracked, StringComparison.Ordinal);
        Assert.True(productionFits && shipmentFits && trackingFits);
    }
}
