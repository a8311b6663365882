using Microsoft.Playwright;
using Muhur.Server.Tests.Infrastructure;
using Support = Muhur.Server.Tests.Infrastructure.ApplicationFormTestSupport;

namespace Muhur.Server.Tests.Browser;

// R-APP-2 → R-APP-4 → R-APP-5 → R-APP-7 in Chromium: the applicant logs in, fills the form, approves it with the SMS
// code and downloads the wet-signed form, whose text and barcode poppler and zbar read back (R-X-1: Turkish, 360 px).
public class ApplicationFormBrowserTests(KestrelAppFactory app) : ChromiumTest, IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task Applicant_FromLoginToTheWetForm_DownloadsAFormWithEveryFieldAndItsBarcode()
    {
        // Arrange: Ayşe Yılmaz's application with its access password, as the institution's registration leaves it.
        var (_, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, "10000000146");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        // Act 1: the login. A test cannot read the picture, so it puts in the id of a picture whose answer it knows
        // (the one test-only substitution); everything else is typed as a person would.
        await ApplicantBrowser.LogInAsync(page, app, app.BaseAddress, "10000000146", password);
        await page.WaitForURLAsync("**/basvuru");

        // Act 2: the form, by its labels.
        await page.GotoAsync(app.BaseAddress + "/basvuru/form");
        Assert.Equal("Başvuru Formu", await page.InnerTextAsync("h1"));
        await page.GetByLabel("Cep telefonu").FillAsync("0532 123 45 67");
        await page.GetByLabel("İl", new() { Exact = true }).SelectOptionAsync("34");
        await page.GetByLabel("İlçe", new() { Exact = true }).FillAsync("Üsküdar");
        await page.GetByLabel("Açık adres").FillAsync("Kuzguncuk Mah. İcadiye Cad. No: 12/4");
        await page.GetByLabel("Posta kodu").FillAsync("34674");
        await page.GetByLabel("Güvenlik sözcüğü", new() { Exact = true }).FillAsync(Support.Word);
        await page.GetByLabel("Güvenlik sözcüğü (tekrar)").FillAsync(Support.Word);
        await page.GetByLabel("Sertifikam internetten yayınlansın").CheckAsync();
        await ScreenshotAsync(page, "basvuru-formu-1280.png");
        await page.SetViewportSizeAsync(360, 900);
        await ScreenshotAsync(page, "basvuru-formu-360.png");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        await page.SetViewportSizeAsync(1280, 900);
        await page.GetByRole(AriaRole.Button, new() { Name = "Formu Onayla" }).ClickAsync();
        await page.WaitForURLAsync("**/basvuru/sms-onay");

        // Act 3: the SMS code, read from the outbox as the phone would receive it.
        var masked = await page.InnerTextAsync("main");
        await page.SetViewportSizeAsync(360, 900);
        await ScreenshotAsync(page, "sms-onay-360.png");
        await page.SetViewportSizeAsync(1280, 900);
        await page.GetByLabel("Onay kodu").FillAsync(await Support.LatestSmsCodeAsync(app));
        await page.GetByRole(AriaRole.Button, new() { Name = "Onayla", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/basvuru/imza-yontemi");

        // Act 4: the wet-signed form, made with the word typed again, then downloaded.
        await page.GotoAsync(app.BaseAddress + "/basvuru/islak-imza");
        await page.GetByLabel("Güvenlik sözcüğü").FillAsync(Support.Word);
        await page.GetByRole(AriaRole.Button, new() { Name = "Formu Oluştur" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Formu indir (PDF)" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());
        var (text, barcode) = await Support.ReadPdfAsync(pdf);
        var instructions = await page.InnerTextAsync("main");
        await page.SetViewportSizeAsync(360, 900);
        await ScreenshotAsync(page, "islak-imza-360.png");

        // Assert
        Assert.False(overflow, "The form is wider than a 360 px screen.");
        Assert.Contains("0532 *** ** 67", masked, StringComparison.Ordinal);
        Assert.Matches(@"^basvuru-formu-\d{12}\.pdf$", download.SuggestedFilename);
        var number = download.SuggestedFilename[14..26];
        string[] expected =
        [
            number, "Ayşe", "Yılmaz", "10000000146", "Örnek Üniversitesi", "Mühendislik Fakültesi", "Dekan", "ayse.yilmaz@ornek.edu.tr",
            "0532 123 45 67", "İstanbul / Üsküdar", "Kuzguncuk Mah. İcadiye Cad. No: 12/4", "34674", Support.Word, "İlk başvuru",
        ];
        Assert.All(expected, value => Assert.Contains(value, text, StringComparison.Ordinal));
        Assert.Equal($"CODE-128:{number}", barcode);
        Assert.Contains("kurumunuzun e-imza yetkilisine teslim edin", instructions, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 0);
    }
}
