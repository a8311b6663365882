using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Muhur.Server.Data;
using Muhur.Server.Features.Captcha;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Browser;

// R-APP-2, WCAG 2.2 SC 3.3.8 and R-APP-3 in Chromium: the login page's labels, paste into every field, "Yeni resim" in
// place, a login with the keyboard only, and the start page at 360 px.
public class ApplicantLoginBrowserTests(KestrelAppFactory app) : ChromiumTest, IClassFixture<KestrelAppFactory>
{
    private const string KnownAnswer = "HKMNP";

    [Fact]
    public async Task NewPicture_WithJavaScript_ChangesTheImageInPlaceKeepingWhatWasTyped()
    {
        // Arrange
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.BaseAddress + "/basvuru/giris");
        await page.GetByLabel("T.C. Kimlik No / Pasaport No").FillAsync("52987148206");
        var before = await page.GetAttributeAsync("#captcha-image", "src");

        // Act
        await page.GetByRole(AriaRole.Button, new() { Name = "Yeni resim" }).ClickAsync();
        await page.WaitForFunctionAsync("before => document.getElementById('captcha-image').getAttribute('src') !== before", before);

        // Assert: still the same page, the identifier kept, the new picture loaded, said to screen readers.
        var after = await page.GetAttributeAsync("#captcha-image", "src");
        Assert.EndsWith("/basvuru/giris", page.Url, StringComparison.Ordinal);
        Assert.NotEqual(before, after);
        Assert.Equal("52987148206", await page.GetByLabel("T.C. Kimlik No / Pasaport No").InputValueAsync());
        Assert.Equal("Yeni bir resim gösterildi.", await page.InnerTextAsync("#captcha-status"));
        Assert.True(await page.EvalOnSelectorAsync<bool>("#captcha-image", "img => img.complete && img.naturalWidth === 240"));
        Assert.Equal(await page.GetAttributeAsync("#captcha-id", "value"), Uri.UnescapeDataString(after!.Split('/')[^1]));
    }

    [Fact]
    public async Task Login_KeyboardOnlyWithPastedPassword_ReachesTheStartPage()
    {
        // Arrange
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (_, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 900 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseAddress + "/basvuru/giris");
        await KnowThePictureAsync(await page.GetAttributeAsync("#captcha-id", "value"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "basvuru-giris-360.png"), FullPage = true });

        // Act: Tab to the identifier, type; Tab past "Yeni resim" to the picture's text; paste the password as a mail
        // client copies it; Enter.
        for (var i = 0; i < 20 && await ActiveIdAsync(page) != "Input_Identifier"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.TypeAsync(identifier);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("new-picture", await ActiveIdAsync(page));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Input_CaptchaAnswer", await ActiveIdAsync(page));
        await page.Keyboard.TypeAsync(KnownAnswer.ToLowerInvariant());
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Input_AccessPassword", await ActiveIdAsync(page));
        await page.EvaluateAsync("text => navigator.clipboard.writeText(text)", password);
        await page.Keyboard.PressAsync("Control+V");
        Assert.Equal(password, await page.GetByLabel("Erişim parolası").InputValueAsync());
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/basvuru");

        // Assert
        Assert.Equal("Sipariş Formu Seçimi", await page.InnerTextAsync("h1"));
        Assert.Contains("Yeni Başvuru", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "basvuru-baslangic-360.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Çıkış" }).ClickAsync();
        await page.WaitForURLAsync("**/basvuru/giris?cikis=1");
        Assert.Equal("Oturumunuz kapatıldı.", (await page.GetByRole(AriaRole.Status).First.InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task LoginPage_EveryField_HasItsLabelAndTakesPaste()
    {
        // Arrange
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 360, Height = 900 } });
        await page.GotoAsync(app.BaseAddress + "/basvuru/giris");

        // Act: a paste event into each field, as the browser fires it; a page that blocked paste would cancel it.
        var results = new List<bool>();
        foreach (var label in new[] { "T.C. Kimlik No / Pasaport No", "Resimdeki yazı", "Erişim parolası" })
        {
            var field = page.GetByLabel(label);
            await field.FillAsync("ABCD-1234");
            results.Add(await field.EvaluateAsync<bool>("el => el.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true }))"));
        }

        // Assert
        Assert.All(results, Assert.True);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"));
        Assert.Equal("Resimdeki yazı: eğri çizilmiş beş harf ve rakam", await page.GetAttributeAsync("#captcha-image", "alt"));
    }

    private static Task<string> ActiveIdAsync(IPage page) => page.EvaluateAsync<string>("document.activeElement ? document.activeElement.id : ''");

    // The test cannot read the picture any more than a script can: it sets the stored answer's hash to one it knows.
    private async Task KnowThePictureAsync(string? captchaId)
    {
        ArgumentNullException.ThrowIfNull(captchaId);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var hash = CaptchaChallenge.HashAnswer(captchaId, KnownAnswer);
        await db.Database.ExecuteSqlAsync($"UPDATE captcha_challenges SET answer_hash = {hash} WHERE id = {captchaId}");
    }
}
