using Microsoft.Playwright;
using Muhur.Server.Features.Applications;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Browser;

// R-APP-10, R-ELIG-5: in Chromium, the centre officer finds an individually paid application in the queue by a Turkish
// name typed in capitals, opens it, is told the receipt must be accepted first, accepts the receipt and approves; the
// queue and the application are readable at 360 px (WCAG 2.2 SC 1.4.10) and at 1280 px.
public class CentreDecisionBrowserTests(KestrelAppFactory app) : ChromiumTest, IClassFixture<KestrelAppFactory>
{
    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task SearchAcceptReceiptApprove_AtWidth_Approved(int width)
    {
        var surname = width == 360 ? "Işıkçı" : "Ilıcalı";
        var application = await CentreDecisionTestSupport.AtCentreAsync(app, "Şule", surname, "Tarayıcı Üniversitesi", ApplicationEvent.Receive, PaymentMode.Individual);
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        await page.GotoAsync(app.BaseAddress + "/giris");
        await page.GetByLabel("Kullanıcı adı").FillAsync("merkez.operator");
        await page.GetByLabel("Parola").FillAsync("Merkez.Operator-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Giriş Yap" }).ClickAsync();
        await page.WaitForURLAsync("**/merkez");
        await page.GotoAsync(app.BaseAddress + "/merkez/basvurular");

        await page.GetByLabel("Ara: ad soyad").FillAsync($"ŞULE {surname.ToUpper(new System.Globalization.CultureInfo("tr-TR"))}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Süz" }).ClickAsync();
        await page.WaitForURLAsync("**/merkez/basvurular?*");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, $"merkez-basvurular-{width}.png"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = $"Şule {surname}" }).ClickAsync();
        await page.WaitForURLAsync($"**/merkez/basvurular/{application.Id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Onayla" }).ClickAsync();
        var refused = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Dekontu kabul et" }).ClickAsync();
        var accepted = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, $"merkez-basvuru-{width}.png"), FullPage = true });
        var widest = await page.EvaluateAsync<string>("[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth).map(e => e.tagName + '.' + e.className + '#' + e.id).join(' ')");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), widest);
        await page.GetByRole(AriaRole.Button, new() { Name = "Onayla" }).ClickAsync();
        var approved = await page.GetByRole(AriaRole.Status).InnerTextAsync();

        Assert.Contains("dekontu kabul edilmeden onaylanamaz", refused, StringComparison.Ordinal);
        Assert.Contains("Dekont kabul edildi", accepted, StringComparison.Ordinal);
        Assert.Contains("Başvuru onaylandı", approved, StringComparison.Ordinal);
        Assert.Equal("Approved", await ApplicationSigningTestSupport.StateAsync(app, application.Id));
    }
}
