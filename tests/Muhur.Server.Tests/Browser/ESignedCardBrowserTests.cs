using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Muhur.Server.Features.Cards;
using Muhur.Server.Tests.Infrastructure;
using Muhur.SmartCard;
using static Muhur.Server.Tests.Infrastructure.ApplicationSigningTestSupport;

namespace Muhur.Server.Tests.Browser;

// R-APP-8 end to end: a card produced on SoftHSM2 (key generated on the token, R-CARD-1), the applicant's e-signed page
// in Chromium, the exact command the page shows run with the real muhur-imza program against the real server on a
// loopback port, and the page updating by itself to "İşleminiz Başarılıdır"; the same signed code sent again is
// refused by the server and muhur-imza exits 1 with the server's Turkish reason.
[Collection(SoftHsmTokenStores.Name)]
public partial class ESignedCardBrowserTests(SoftHsmKestrelFactory app) : ChromiumTest, IClassFixture<SoftHsmKestrelFactory>
{
    [Fact]
    public async Task ESign_RealMuhurImzaWithCard_PageUpdatesToSuccessAndReplayRefused()
    {
        // Arrange: an applicant at the signing step who holds a card of ours (registered by another institution).
        var id = NewTurkishId();
        var (applicationId, password) = await OpenPhoneApprovedAsync(app, id);
        var holder = await CaTestSupport.RegisterAsync(app, id, "Kart Veren Kurum", "Derya", "Çınar");
        string pin;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var produced = await scope.ServiceProvider.GetRequiredService<ProduceCard>().RunAsync(
                new ProduceCardRequest(SoftHsmKestrelFactory.ModulePath, "KART-EIMZA", holder.PersonId, holder.InstitutionId), "test", CancellationToken.None);
            Assert.Equal(ProduceCardOutcome.Produced, produced.Outcome);
            pin = scope.ServiceProvider.GetRequiredService<CardSecrets>().Open(produced.Card!.Serial, produced.Card.Secrets).Pin;
        }

        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await ApplicantBrowser.LogInAsync(page, app, app.BaseAddress, id, password);
        await page.GotoAsync(app.BaseAddress + "/basvuru/imza-yontemi");
        await page.GetByRole(AriaRole.Link, new() { Name = "E-imza ile imzala" }).ClickAsync();
        await page.WaitForURLAsync("**/basvuru/e-imza");
        var command = (await page.InputValueAsync("#sign-command")).Trim();
        var code = (await page.InnerTextAsync("#sign-code")).Trim();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "e-imza-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(360, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "e-imza-360.png"), FullPage = true });
        var match = CommandPattern().Match(command);
        Assert.True(match.Success, command);
        Assert.Equal(code, match.Groups["code"].Value);
        Assert.StartsWith(app.BaseAddress, match.Groups["url"].Value, StringComparison.Ordinal);

        // Act: exactly the page's command, with the card's module, slot and PIN.
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "muhur-imza.dll"), "sign-code", code, "--gonder", match.Groups["url"].Value,
            "--pin", pin, "--slot", Slot("KART-EIMZA").ToString(System.Globalization.CultureInfo.InvariantCulture), "--module", SoftHsmKestrelFactory.ModulePath,
        ];
        var environment = new Dictionary<string, string> { ["SOFTHSM2_CONF"] = app.ConfigPath };
        var signed = await Tool.RunAsync("dotnet", arguments, environment);
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "İşleminiz Başarılıdır" }).WaitForAsync(new() { Timeout = 15_000 });
        var replay = await Tool.RunAsync("dotnet", arguments, environment);

        // Assert
        Assert.True(signed.ExitCode == 0, signed.All);
        Assert.Equal("İşleminiz Başarılıdır", signed.Output.Trim());
        Assert.Equal("ESigned", await StateAsync(app, applicationId));
        Assert.True(await page.Locator("#sign-instructions").IsHiddenAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "e-imza-basarili-360.png"), FullPage = true });
        Assert.Equal(1, replay.ExitCode);
        Assert.Contains("Sunucu imzayı kabul etmedi: Bu doğrulama kodu daha önce kullanılmış", replay.Error, StringComparison.Ordinal);
    }

    private static ulong Slot(string label)
    {
        using var module = Pkcs11Module.Load(SoftHsmKestrelFactory.ModulePath);
        return module.GetSlots(tokenPresent: true).Single(s => module.GetTokenInfo(s.SlotId).Label == label).SlotId;
    }

    [GeneratedRegex("^muhur-imza sign-code (?<code>[0-9A-Z-]+) --gonder (?<url>\\S+)$")]
    private static partial Regex CommandPattern();
}
