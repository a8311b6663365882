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

    [Theory]
    [InlineData("PasswordSent", 0, true)]
    [InlineData("WetFormPrinted", 0, true)]
    [InlineData("ESigned", 5, true)]
    [InlineData("EApproved", 14, true)]
    [InlineData("ESigned", 16, false)]
    [InlineData("ForwardedToCentre", 0, false)]
    [InlineData("Cancelled", 0, false)]
    [InlineData("Registered", 0, false)]
    public void KeepsSession_State_OnlyLoginStatesAndJustSigned(string state, int minutesSinceChange, bool keeps)
    {
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(keeps, CheckApplicantSession.KeepsSession(Enum.Parse<ApplicationState>(state), now.AddMinutes(-minutesSinceChange), now));
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
