using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-APP-2: failed logins are throttled per identifier with increasing delays; while blocked the login is refused with
// a Turkish message that says when to try again, the same whether the identifier exists; a success clears the count;
// the identifier is never stored in the clear.
public partial class ApplicantLoginThrottleTests(HighAddressLimitAppFactory app) : IClassFixture<HighAddressLimitAppFactory>
{
    [Fact]
    public async Task Post_ThreeFailures_TheRightPasswordIsThenRefusedWithTheTimeToTryAgain()
    {
        // Arrange
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (_, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 3; i++)
        {
            await ApplicantTestSupport.PostLoginAsync(app, client, identifier, "AAAA-BBBB-CCCC");
        }

        // Act
        var response = await ApplicantTestSupport.PostLoginAsync(app, client, identifier, password);

        // Assert
        var alert = ApplicantLoginTests.Alert(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(ApplicantLoginTests.SetsApplicantCookie(response));
        Assert.Matches(@"^Çok sayıda başarısız giriş denemesi oldu\. Lütfen \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} saatinden sonra yeniden deneyin\.$", alert);
        var shown = DateTimeOffset.ParseExact(TimePattern().Match(alert!).Value + " +03:00", "dd.MM.yyyy HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(shown - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(91));
    }

    [Fact]
    public async Task Post_UnknownIdentifierThrottled_SameMessageAsAKnownOne()
    {
        // Arrange
        var known = await ApplicantTestSupport.NewPersonAsync(app);
        await ApplicantTestSupport.OpenWithPasswordAsync(app, known);
        var unknown = ApplicantTestSupport.NewTurkishIdentityNumber();
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 3; i++)
        {
            await ApplicantTestSupport.PostLoginAsync(app, client, known, "AAAA-BBBB-CCCC");
            await ApplicantTestSupport.PostLoginAsync(app, client, unknown, "AAAA-BBBB-CCCC");
        }

        // Act
        var forKnown = ApplicantLoginTests.Alert(await (await ApplicantTestSupport.PostLoginAsync(app, client, known, "AAAA-BBBB-CCCC")).Content.ReadAsStringAsync());
        var forUnknown = ApplicantLoginTests.Alert(await (await ApplicantTestSupport.PostLoginAsync(app, client, unknown, "AAAA-BBBB-CCCC")).Content.ReadAsStringAsync());

        // Assert: the same sentence; only the minute may differ if the two straddle one.
        Assert.StartsWith("Çok sayıda başarısız giriş denemesi oldu.", forKnown, StringComparison.Ordinal);
        Assert.Equal(TimePattern().Replace(forKnown!, "T"), TimePattern().Replace(forUnknown!, "T"));
    }

    [Fact]
    public async Task Post_SuccessAfterTwoFailures_ClearsTheIdentifiersCount()
    {
        // Arrange
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (_, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        var client = app.CreateBrowserLikeClient();
        await ApplicantTestSupport.PostLoginAsync(app, client, identifier, "AAAA-BBBB-CCCC");
        await ApplicantTestSupport.PostLoginAsync(app, client, identifier, "AAAA-BBBB-CCCC");
        var rowsBefore = await IdentifierRowsAsync();

        // Act
        var success = await ApplicantTestSupport.PostLoginAsync(app, app.CreateBrowserLikeClient(), identifier, password);
        await ApplicantTestSupport.PostLoginAsync(app, client, identifier, "AAAA-BBBB-CCCC");
        await ApplicantTestSupport.PostLoginAsync(app, client, identifier, "AAAA-BBBB-CCCC");
        var again = await ApplicantTestSupport.PostLoginAsync(app, app.CreateBrowserLikeClient(), identifier, password);

        // Assert: two more failures after the success are not a third and fourth.
        Assert.Equal(HttpStatusCode.Redirect, success.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains(rowsBefore, k => k.StartsWith("identifier:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Throttle_Keys_NeverHoldTheIdentifierInTheClear()
    {
        // Arrange
        var identifier = ApplicantTestSupport.NewTurkishIdentityNumber();

        // Act
        await ApplicantTestSupport.PostLoginAsync(app, app.CreateBrowserLikeClient(), identifier, "AAAA-BBBB-CCCC");

        // Assert
        var keys = await IdentifierRowsAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.DoesNotContain(identifier, k, StringComparison.Ordinal));
        Assert.All(keys.Where(k => k.StartsWith("identifier:", StringComparison.Ordinal)), k => Assert.Matches("^identifier:[0-9a-f]{64}$", k));
    }

    private async Task<List<string>> IdentifierRowsAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        return await db.Database.SqlQuery<string>($"SELECT key AS \"Value\" FROM login_throttle").ToListAsync();
    }

    [GeneratedRegex(@"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}

/// <summary>A server whose per-address limit is out of reach, so that only the identifiers' waits are seen.</summary>
public sealed class HighAddressLimitAppFactory : MuhurAppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Muhur:ApplicantLogin:AddressFreeFailures"] = "1000",
    };
}

/// <summary>A server whose per-address limit is low, so that a test reaches it without reaching the identifiers'.</summary>
public sealed class LowAddressLimitAppFactory : MuhurAppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Muhur:ApplicantLogin:AddressFreeFailures"] = "4",
        ["Muhur:ApplicantLogin:LinkRequestsPerAddress"] = "3",
    };
}

// R-APP-2: per-address throttling across identifiers (a guesser who changes the identifier at every attempt).
public class ApplicantLoginAddressThrottleTests(LowAddressLimitAppFactory app) : IClassFixture<LowAddressLimitAppFactory>
{
    [Fact]
    public async Task Post_FailuresAcrossIdentifiersFromOneAddress_ThenEvenARightLoginWaits()
    {
        // Arrange: four failures, each for a different identifier.
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (_, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 4; i++)
        {
            await ApplicantTestSupport.PostLoginAsync(app, client, ApplicantTestSupport.NewTurkishIdentityNumber(), "AAAA-BBBB-CCCC");
        }

        // Act
        var response = await ApplicantTestSupport.PostLoginAsync(app, client, identifier, password);

        // Assert
        Assert.False(ApplicantLoginTests.SetsApplicantCookie(response));
        Assert.StartsWith("Çok sayıda başarısız giriş denemesi oldu. Lütfen ", ApplicantLoginTests.Alert(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkRequest_TooManyFromOneAddress_ToldWhenToTryAgain()
    {
        // Arrange
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 3; i++)
        {
            await MuhurAppFactory.PostFormAsync(client, "/basvuru/giris/baglanti", new Dictionary<string, string> { ["Input.Identifier"] = ApplicantTestSupport.NewTurkishIdentityNumber() });
        }

        // Act
        var response = await MuhurAppFactory.PostFormAsync(client, "/basvuru/giris/baglanti", new Dictionary<string, string> { ["Input.Identifier"] = "52987148206" });

        // Assert
        Assert.StartsWith("Bu adresten çok sayıda bağlantı istendi. Lütfen ", ApplicantLoginTests.Alert(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
