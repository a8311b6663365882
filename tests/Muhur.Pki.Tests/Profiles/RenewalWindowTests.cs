using Muhur.Pki.Profiles;

namespace Muhur.Pki.Tests.Profiles;

public sealed class RenewalWindowTests
{
    private static readonly DateTimeOffset PreviousNotAfter = new(2026, 9, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowOpens = new(2026, 7, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_OneSecondBeforeWindowOpens_Refused()
    {
        // Act (R-REN-1)
        RenewalDecision decision = RenewalWindow.Evaluate(PreviousNotAfter, WindowOpens.AddSeconds(-1));

        // Assert
        Assert.False(decision.IsAllowed);
        Assert.Null(decision.NewNotBefore);
        Assert.Equal(WindowOpens, decision.WindowOpensAt);
    }

    [Fact]
    public void Evaluate_ExactlyWhenWindowOpens_AllowedStartingAtPreviousNotAfter()
    {
        // Act (R-REN-1, R-REN-2)
        RenewalDecision decision = RenewalWindow.Evaluate(PreviousNotAfter, WindowOpens);

        // Assert
        Assert.True(decision.IsAllowed);
        Assert.Equal(PreviousNotAfter, decision.NewNotBefore);
    }

    [Fact]
    public void Evaluate_AtPreviousNotAfter_StillStartsAtPreviousNotAfter()
    {
        // Act (R-REN-2: notAfter itself is inside the validity period)
        RenewalDecision decision = RenewalWindow.Evaluate(PreviousNotAfter, PreviousNotAfter);

        // Assert
        Assert.Equal(PreviousNotAfter, decision.NewNotBefore);
    }

    [Fact]
    public void Evaluate_AfterExpiry_StartsNowTruncatedToSeconds()
    {
        // Arrange
        DateTimeOffset now = PreviousNotAfter.AddDays(3).AddMilliseconds(750);

        // Act (R-REN-2 does not apply to an expired certificate)
        RenewalDecision decision = RenewalWindow.Evaluate(PreviousNotAfter, now);

        // Assert
        Assert.True(decision.IsAllowed);
        Assert.Equal(PreviousNotAfter.AddDays(3), decision.NewNotBefore);
    }

    [Fact]
    public void Evaluate_CustomOneMonthWindow_OpensOneCalendarMonthBefore()
    {
        // Act
        RenewalDecision early = RenewalWindow.Evaluate(PreviousNotAfter, PreviousNotAfter.AddMonths(-1).AddSeconds(-1), 1);
        RenewalDecision onTime = RenewalWindow.Evaluate(PreviousNotAfter, PreviousNotAfter.AddMonths(-1), 1);

        // Assert
        Assert.False(early.IsAllowed);
        Assert.True(onTime.IsAllowed);
    }
}
