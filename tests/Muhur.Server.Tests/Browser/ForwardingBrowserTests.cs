using Microsoft.Playwright;
using Muhur.Server.Tests.Infrastructure;
using Support = Muhur.Server.Tests.Infrastructure.ApplicationFormTestSupport;

namespace Muhur.Server.Tests.Browser;

// R-APP-9 (WCAG 2.2 SC 1.4.10, 2.1.1): in Chromium, the institution authority's barcode field has the focus, a barcode
// typed as a scanner types it (digits then Enter) marks the form received and the field has the focus again for the
// next; the batch is made and sent, and the centre's officer marks the form found the same way and finishes the
// receipt. The pages fit 360 px without sideways scrolling; screenshots at 360 and 1280 px are kept beside the tests.
public class ForwardingBrowserTests(KestrelAppFactory app) : ChromiumTest, IClassFixture<KestrelAppFactory>
{
    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task ScanAndForward_TypedBarcodeAndEnter_MarksReceivedAndTheCentreReceives(int width)
    {
        // Arrange: a wet form printed by its applicant.
        var number = await WetFormOverKestrelAsync();
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        await LogInAsync(page, "kurum.yetkili", "Kurum.Yetkili-2026", "**/kurum");
        await page.GotoAsync(app.BaseAddress + "/kurum/evrak");
        Assert.Equal("barcode", await page.EvaluateAsync<string>("document.activeElement.id"));
        await ShotAsync(page, $"kurum-evrak-bos-{width}");

        // Act: the scanner types the digits and Enter into the focused field.
        await page.Keyboard.TypeAsync(number);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "teslim alındı" }).WaitForAsync();

        // Assert
        Assert.Contains($"{number} numaralı form (Gülşen Öztürkoğlu) teslim alındı.", await page.InnerTextAsync("#scan-result"), StringComparison.Ordinal);
        Assert.Equal("barcode", await page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.True(await page.GetByRole(AriaRole.Checkbox, new() { Name = "Gülşen Öztürkoğlu" }).First.IsCheckedAsync());
        Assert.True(await FitsAsync(page));
        await ShotAsync(page, $"kurum-evrak-{width}");

        // The batch with the letterhead's defaults, then sent with a courier number.
        await page.GetByLabel("İmzalayanın unvanı").FillAsync("Genel Sekreter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Üst yazıyı oluştur" }).ClickAsync();
        await page.WaitForURLAsync("**/kurum/evrak/gonderiler/*-*");
        Assert.True(await FitsAsync(page));
        await ShotAsync(page, $"kurum-parti-{width}");
        var letter = await page.Context.APIRequest.GetAsync(page.Url + "/ust-yazi.pdf");
        Assert.Equal("application/pdf", letter.Headers["content-type"]);
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, $"forwarding-ust-yazi-{width}.pdf"), await letter.BodyAsync());
        await page.GetByLabel("Kargo / iadeli taahhütlü numarası").FillAsync("RR123456789TR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gönderildi olarak işaretle" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Parti gönderildi" }).WaitForAsync();
        var batchPath = new Uri(page.Url).AbsolutePath;
        await page.GotoAsync(app.BaseAddress + "/kurum/evrak/gonderiler");
        Assert.True(await FitsAsync(page));
        await ShotAsync(page, $"kurum-gonderiler-{width}");

        // The centre's officer, in a browser of their own.
        var officer = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        await LogInAsync(officer, "merkez.operator", "Merkez.Operator-2026", "**/merkez");
        await officer.GotoAsync(app.BaseAddress + "/merkez/gelen-evrak");
        Assert.True(await FitsAsync(officer));
        await ShotAsync(officer, $"merkez-gelen-evrak-{width}");
        await officer.GotoAsync(app.BaseAddress + batchPath.Replace("/kurum/evrak/gonderiler", "/merkez/gelen-evrak", StringComparison.Ordinal));
        Assert.Equal("barcode", await officer.EvaluateAsync<string>("document.activeElement.id"));
        await officer.Keyboard.TypeAsync(number);
        await officer.Keyboard.PressAsync("Enter");
        await officer.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "başvuru merkezde" }).WaitForAsync();
        await officer.Keyboard.TypeAsync("202699999993");
        await officer.Keyboard.PressAsync("Enter");
        await officer.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "bilinmeyen barkod" }).WaitForAsync();
        Assert.True(await FitsAsync(officer));
        await ShotAsync(officer, $"merkez-parti-{width}");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Teslim almayı bitir" }).ClickAsync();
        await officer.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Teslim alma tamamlandı" }).WaitForAsync();
        await ShotAsync(officer, $"merkez-parti-bitti-{width}");

        // The institution reads the same report.
        await page.GotoAsync(app.BaseAddress + batchPath);
        var report = await page.InnerTextAsync("main");
        Assert.Contains("Teslim alma tamamlandı: 1 formdan 1 tanesi zarftan çıktı.", report, StringComparison.Ordinal);
        Assert.Contains("bilinmeyen barkod", report, StringComparison.Ordinal);
        Assert.True(await FitsAsync(page));
        await ShotAsync(page, $"kurum-parti-rapor-{width}");
    }

    /// <summary>An applicant's wet form through the real pages, over the Kestrel port (the factory's own clients talk to no port).</summary>
    private async Task<string> WetFormOverKestrelAsync()
    {
        var identifier = await Support.RegisterPersonAsync(app);
        var (_, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseAddress) };
        var login = await ApplicantTestSupport.PostLoginAsync(app, client, identifier, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, login.StatusCode);
        await Support.ConfirmAndApproveAsync(app, client);
        return await Support.PrintAsync(client);
    }

    private async Task LogInAsync(IPage page, string userName, string password, string landing)
    {
        await page.GotoAsync(app.BaseAddress + "/giris");
        await page.GetByLabel("Kullanıcı adı").FillAsync(userName);
        await page.GetByLabel("Parola").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Giriş Yap" }).ClickAsync();
        await page.WaitForURLAsync(landing);
    }

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");

    private static async Task ShotAsync(IPage page, string name)
    {
        var file = Path.Combine(AppContext.BaseDirectory, $"forwarding-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 0);
    }
}
