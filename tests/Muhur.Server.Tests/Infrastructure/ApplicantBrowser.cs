using Microsoft.Playwright;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>The applicant's login (R-APP-2) in Chromium, through the real page.</summary>
internal static class ApplicantBrowser
{
    /// <summary>
    /// Fills the login form; the picture's id is swapped for one whose answer the test knows (the page's own answer is
    /// never in the page, which is the point of it).
    /// </summary>
    public static async Task LogInAsync(IPage page, MuhurAppFactory app, string baseAddress, string identifier, string password)
    {
        await page.GotoAsync(baseAddress + "/basvuru/giris");
        var (captchaId, answer) = await ApplicantTestSupport.CaptchaAsync(app);
        await page.EvalOnSelectorAsync("input[name='Input.CaptchaId']", "(e, v) => e.value = v", captchaId);
        await page.FillAsync("input[name='Input.Identifier']", identifier);
        await page.FillAsync("input[name='Input.CaptchaAnswer']", answer);
        await page.FillAsync("input[name='Input.AccessPassword']", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Giriş", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/basvuru/giris", StringComparison.Ordinal));
    }
}
