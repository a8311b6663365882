using Microsoft.Playwright;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Browser;

// R-APP-1, R-ELIG-4, R-ELIG-5: in Chromium at phone width, the institution authority registers a person whose position
// is not in the table, sees the individual payment stated, uploads the receipt, and finds the application in the list.
public class InstitutionApplicationBrowserTests(KestrelAppFactory app) : ChromiumTest, IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task RegisterWithReceipt_AtPhoneWidth_ApplicationIsListed()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 800 } });
        await page.GotoAsync(app.BaseAddress + "/giris");
        await page.GetByLabel("Kullanıcı adı").FillAsync("kurum.yetkili");
        await page.GetByLabel("Parola").FillAsync("Kurum.Yetkili-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Giriş Yap" }).ClickAsync();
        await page.WaitForURLAsync("**/kurum");

        await page.GetByRole(AriaRole.Link, new() { Name = "Başvuruları gör" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Kişi kaydet ve başvuru aç" }).ClickAsync();
        await page.GetByLabel("Kimlik numarası").FillAsync(InstitutionApplicationSupport.TurkishId(777));
        await page.GetByLabel("Ad", new() { Exact = true }).FillAsync("Tülay");
        await page.GetByLabel("Soyad", new() { Exact = true }).FillAsync("Çiftçi");
        await page.GetByLabel("Görev", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await page.GetByLabel("Kurumsal e-posta").FillAsync("tulay.ciftci@ornek.edu.tr");
        await page.GetByLabel("Cep telefonu").FillAsync("0533 444 55 66");
        await page.GetByLabel("Ödeme dekontu").SetInputFilesAsync(new FilePayload
        {
            Name = "dekont.pdf",
            MimeType = "application/pdf",
            Buffer = InstitutionApplicationSupport.ReceiptPdf,
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Kaydet ve başvuruyu aç" }).ClickAsync();
        await page.WaitForURLAsync("**/kurum/basvurular/*-*");

        var details = await page.InnerTextAsync("main");
        Assert.Contains("Tülay Çiftçi kaydedildi ve başvurusu açıldı", details, StringComparison.Ordinal);
        Assert.Contains("Bireysel ödeme: görev tabloda değil", details, StringComparison.Ordinal);
        Assert.Contains("dekont.pdf", details, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Başvurulara dön" }).ClickAsync();
        await page.WaitForURLAsync("**/kurum/basvurular");
        var card = page.Locator(".record", new() { HasText = "Tülay Çiftçi" });
        Assert.Contains("Erişim parolası gönderildi", await card.InnerTextAsync(), StringComparison.Ordinal);

        // Readable at 360 px: nothing wider than the screen (WCAG 2.2 SC 1.4.10).
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        var screenshot = Path.Combine(AppContext.BaseDirectory, "kurum-basvurular-360.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 0);
    }

    [Fact]
    public async Task ChooseReceipt_OverFiveMegabytes_SaidAtOnceAndTheFormIsNotSent()
    {
        // Arrange
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.BaseAddress + "/giris");
        await page.GetByLabel("Kullanıcı adı").FillAsync("kurum.yetkili");
        await page.GetByLabel("Parola").FillAsync("Kurum.Yetkili-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Giriş Yap" }).ClickAsync();
        await page.WaitForURLAsync("**/kurum");
        await page.GotoAsync(app.BaseAddress + "/kurum/basvurular/yeni");

        // Act: a scan straight from the copier.
        await page.GetByLabel("Ödeme dekontu").SetInputFilesAsync(new FilePayload
        {
            Name = "dekont-tarama.pdf",
            MimeType = "application/pdf",
            Buffer = [.. "%PDF-1.7\n"u8, .. new byte[6 * 1024 * 1024]],
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Kaydet ve başvuruyu aç" }).ClickAsync();

        // Assert: the field says why in Turkish, as an alert, and the page stays where it was.
        var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasTextString = "5 MB" });
        Assert.Equal("Bu dosya 5 MB'tan büyük: dekontu daha küçük bir PDF ya da resim olarak seçin.", (await alert.InnerTextAsync()).Trim());
        Assert.EndsWith("/kurum/basvurular/yeni", page.Url, StringComparison.Ordinal);
    }
}
