using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Browser;

// R-CARD-5: a relying party opens /dogrula in a real browser, uploads a signed PDF and reads the verdict.
public class DocumentVerificationBrowserTests(KestrelAppFactory app) : ChromiumTest, IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task UploadSignedPdf_InChromium_ShowsValidVerdictWithSignerAndChain()
    {
        // Arrange: a PDF signed as PAdES by muhur-imza's code with a certificate our CA issued.
        var (holder, _) = await CadesTestSigner.HolderAsync(app, "34567891238", "Tarayıcı Üniversitesi");
        using var key = holder.GetECDsaPrivateKey()!;
        var signed = Muhur.Signer.PadesSignature.Sign(Muhur.Signer.Tests.TestPdf.Create("Dilekçe"), holder, key, "Onay");
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.BaseAddress + "/dogrula");

        // Act
        await page.GetByLabel("İmzalı PDF ya da imza dosyası (.p7s)").SetInputFilesAsync(new FilePayload
        {
            Name = "dilekçe-imzali.pdf",
            MimeType = "application/pdf",
            Buffer = signed,
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Doğrula" }).ClickAsync();
        await page.WaitForSelectorAsync("section.verdict");

        // Assert
        var verdict = await page.InnerTextAsync("section.verdict");
        Assert.Equal("GEÇERLİ", (await page.InnerTextAsync("section.verdict h2")).Trim());
        Assert.Contains("İmza Sahibi", verdict, StringComparison.Ordinal);
        Assert.Contains("*********38", verdict, StringComparison.Ordinal);
        Assert.Contains("Mühür Kök Sertifika Hizmet Sağlayıcısı", verdict, StringComparison.Ordinal);
        Assert.DoesNotContain("34567891238", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileFields_BrowserInEnglish_ButtonAndFileNameInTurkish()
    {
        // Arrange: R-X-1, a browser whose own language is English draws "Choose File" / "No file chosen".
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "en-US" });
        await page.GotoAsync(app.BaseAddress + "/dogrula");

        // Act: chosen by keyboard focus and file, as a person would.
        var field = page.GetByLabel("İmzalı PDF ya da imza dosyası (.p7s)");
        await field.FocusAsync();
        await field.SetInputFilesAsync(new FilePayload { Name = "sözleşme.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7"u8.ToArray() });

        // Assert: the page's own words, and the chosen file's name beside its button.
        var text = await page.InnerTextAsync("main");
        Assert.Equal(2, await page.Locator(".file-button", new() { HasTextString = "Dosya seçin" }).CountAsync());
        Assert.Contains("sözleşme.pdf", text, StringComparison.Ordinal);
        Assert.Contains("Dosya seçilmedi", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Choose", text, StringComparison.OrdinalIgnoreCase);
    }
}
