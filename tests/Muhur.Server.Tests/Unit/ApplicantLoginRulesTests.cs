using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.ApplicantPortal;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Tests.Unit;

// R-APP-2: increasing waits after failed logins, the session's states; R-APP-3: the choice and next step.
public class ApplicantLoginRulesTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(15);

    [Theory]
    [InlineData(0, null)]
    [InlineData(2, null)]
    [InlineData(3, 30)]
    [InlineData(4, 60)]
    [InlineData(5, 120)]
    [InlineData(8, 900)]
    [InlineData(100, 900)]
    public void DelayAfter_Failures_DoublesFromTheThresholdUpToTheCap(int failures, int? seconds)
    {
        var delay = LoginThrottleRules.DelayAfter(failures, 3, First, Max);

        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), delay);
    }

    [Fact]
    public void Show_BlockedUntil_RoundedUpToTheMinuteInTurkeyTime()
    {
        var until = new DateTimeOffset(2026, 12, 3, 14, 5, 10, TimeSpan.Zero);

        Assert.Equal("03.12.2026 17:06", LoginThrottleRules.Show(until));
        Assert.Equal("03.12.2026 17:05", LoginThrottleRules.Show(until.AddSeconds(-10)));
    }

    // R-APP-11: after the form is signed the session goes on read-only (Status) until the application is finished
    // and 30 days have passed; a cancelled or merely registered application has no session.
    [Theory]
    [InlineData("PasswordSent", 0, "Form")]
    [InlineData("WetFormPrinted", 0, "Form")]
    [InlineData("ESigned", 5, "Form")]
    [InlineData("EApproved", 14, "Form")]
    [InlineData("ESigned", 16, "Status")]
    [InlineData("ForwardedToCentre", 0, "Status")]
    [InlineData("Approved", 0, "Status")]
    [InlineData("Shipped", 60 * 24 * 40, "Status")]
    [InlineData("Delivered", 60 * 24 * 29, "Status")]
    [InlineData("Rejected", 60 * 24 * 31, "None")]
    [InlineData("Cancelled", 0, "None")]
    [InlineData("Registered", 0, "None")]
    public void AccessOf_State_FormWhileEditableThenStatusUntilFinishedAndAWhile(string state, int minutesSinceChange, string access)
    {
        var now = DateTimeOffset.UtcNow;
        var updated = now.AddMinutes(-minutesSinceChange);

        Assert.Equal(Enum.Parse<ApplicantAccess>(access), CheckApplicantSession.AccessOf(Enum.Parse<ApplicationState>(state), updated, now));
        Assert.Equal(access != "None", CheckApplicantSession.KeepsSession(Enum.Parse<ApplicationState>(state), updated, now));
    }

    [Theory]
    [InlineData("/basvuru", true)]
    [InlineData("/basvuru/", true)]
    [InlineData("/basvuru/cikis", true)]
    [InlineData("/basvuru/form", false)]
    [InlineData("/basvuru/islak-imza", false)]
    [InlineData("/basvuru/e-imza", false)]
    public void IsStatusPage_Path_OnlyTheStartPageAndLogout(string path, bool allowed)
    {
        Assert.Equal(allowed, ApplicantStart.IsStatusPage(new Microsoft.AspNetCore.Http.PathString(path)));
    }

    [Theory]
    [InlineData("PasswordSent", "/basvuru/form")]
    [InlineData("PhoneApproved", "/basvuru/imza-yontemi")]
    [InlineData("WetFormPrinted", "/basvuru/islak-imza")]
    [InlineData("ESigned", null)]
    public void NextStep_State_LinksTheRightPage(string state, string? path)
    {
        Assert.Equal(path, ApplicantStart.NextStep(Enum.Parse<ApplicationState>(state)).Path);
    }

    [Fact]
    public void ChoiceFor_FormConfirmedOrNot_PreviousOrNew()
    {
        Assert.Equal(OrderFormChoice.New, ApplicantStart.ChoiceFor(null));
        Assert.Equal(OrderFormChoice.Previous, ApplicantStart.ChoiceFor(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void LoginLink_Token_Is256BitsAndOnlyItsHashIsKept()
    {
        var (link, token) = ApplicantLoginLink.Create(Guid.NewGuid(), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(20));

        Assert.True(ApplicantLoginLink.IsWellFormed(token));
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token).Length);
        Assert.Equal(ApplicantLoginLink.HashToken(token), link.TokenHash);
        Assert.Equal(TimeSpan.FromMinutes(20), link.ExpiresAt - link.CreatedAt);
    }
}
