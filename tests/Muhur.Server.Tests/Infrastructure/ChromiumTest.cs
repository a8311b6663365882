using Microsoft.Playwright;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>
/// Base of the browser tests: Playwright driving Debian's Chromium (<c>MUHUR_CHROMIUM</c>, else /usr/bin/chromium),
/// headless and without any network of its own, one browser per test class.
/// </summary>
public abstract class ChromiumTest : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    protected IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MUHUR_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
