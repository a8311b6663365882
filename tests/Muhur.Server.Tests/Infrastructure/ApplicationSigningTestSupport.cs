using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>An applicant signed in at the signing step (PhoneApproved), and the signed-code endpoint's client side.</summary>
internal static partial class ApplicationSigningTestSupport
{
    /// <summary>A valid T.C. Kimlik No nobody else in the test uses (the checksum of the identity register).</summary>
    public static string NewTurkishId()
    {
        var digits = new int[11];
        digits[0] = RandomNumberGenerator.GetInt32(1, 10);
        for (var i = 1; i < 9; i++)
        {
            digits[i] = RandomNumberGenerator.GetInt32(0, 10);
        }

        var odd = digits[0] + digits[2] + digits[4] + digits[6] + digits[8];
        var even = digits[1] + digits[3] + digits[5] + digits[7];
        digits[9] = ((odd * 7 - even) % 10 + 10) % 10;
        digits[10] = digits.Take(10).Sum() % 10;
        return string.Concat(digits);
    }

    /// <summary>
    /// Registers <paramref name="identifier"/> at <paramref name="institution"/>, opens an application with an access
    /// password and drives it to PhoneApproved as the form and SMS pages would (FillForm + ConfirmForm, ApprovePhone).
    /// </summary>
    public static async Task<(Guid ApplicationId, string Password)> OpenPhoneApprovedAsync(
        MuhurAppFactory app, string identifier, string institution = "İmza Yöntemi Üniversitesi", string? passportCountry = null)
    {
        await CaTestSupport.RegisterAsync(app, identifier, institution, "Derya", "Çınar", passportCountry);
        var (id, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var change = scope.ServiceProvider.GetRequiredService<ChangeApplicationState>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var application = await change.LockAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("gone");
        application.FillForm(new ApplicationFormFields("+905321234567", 6, "Çankaya", "Atatürk Bulvarı No: 1", "06100", "hash-not-checked-here", true, null), DateTimeOffset.UtcNow);
        Assert.True((await change.ApplyAsync(application, ApplicationEvent.ConfirmForm, "applicant:test", null, CancellationToken.None)).Changed);
        Assert.True((await change.ApplyAsync(application, ApplicationEvent.ApprovePhone, "applicant:test", null, CancellationToken.None)).Changed);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return (id, password);
    }

    /// <summary>An applicant at the signing step, signed in through the real login form.</summary>
    public static async Task<(HttpClient Client, Guid ApplicationId)> PhoneApprovedAsync(
        MuhurAppFactory app, string identifier, string institution = "İmza Yöntemi Üniversitesi", string? passportCountry = null)
    {
        var (id, password) = await OpenPhoneApprovedAsync(app, identifier, institution, passportCountry);
        var client = app.CreateBrowserLikeClient();
        var response = await ApplicantTestSupport.PostLoginAsync(app, client, identifier, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return (client, id);
    }

    /// <summary>The code the page shows (R-APP-8), read as the holder reads it.</summary>
    public static string CodeOnPage(string html)
    {
        var match = CodePattern().Match(html);
        Assert.True(match.Success, "no verification code on the page");
        return match.Groups["code"].Value;
    }

    /// <summary>Posts what muhur-imza sign-code --gonder posts.</summary>
    public static async Task<(int Status, JsonElement Answer)> PostSignedCodeAsync(HttpClient client, string code, byte[] signature)
    {
        using var response = await client.PostAsJsonAsync("/imzali-kod", new { code, signature = Convert.ToBase64String(signature) });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, json);
    }

    public static async Task<string> StateAsync(MuhurAppFactory app, Guid applicationId) =>
        (await app.Database.ScalarAsync<string>("SELECT state FROM applications WHERE id = $1", applicationId))!;

    [GeneratedRegex("""id="sign-code"[^>]*>(?<code>[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<""")]
    private static partial Regex CodePattern();
}
