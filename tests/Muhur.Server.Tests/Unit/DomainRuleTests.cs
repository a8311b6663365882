using Muhur.Server.Features.Messaging;
using Muhur.Server.Features.Staff;
using Muhur.Server.Web;

namespace Muhur.Server.Tests.Unit;

// R-X-4 (portal policies, staff roles) and R-X-2 (message delivery retries) as plain rules.
public class DomainRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RecordFailedLogin_FifthFailure_LocksForFifteenMinutes()
    {
        var account = StaffAccount.Create("kurum.yetkili", "Elif Demir", StaffRole.InstitutionAuthority, Guid.NewGuid(), Now);

        var locked = Enumerable.Range(0, 5).Select(_ => account.RecordFailedLogin(Now, LockoutPolicy.Default)).ToList();

        Assert.Equal([false, false, false, false, true], locked);
        Assert.True(account.IsLockedOut(Now.AddMinutes(14)));
        Assert.False(account.IsLockedOut(Now.AddMinutes(15)));
    }

    [Fact]
    public void RecordSuccessfulLogin_AfterFailures_ResetsTheCount()
    {
        var account = StaffAccount.Create("merkez.operator", "Mehmet Kaya", StaffRole.CentreOfficer, null, Now);
        account.RecordFailedLogin(Now, LockoutPolicy.Default);
        account.RecordFailedLogin(Now, LockoutPolicy.Default);

        account.RecordSuccessfulLogin(Now);

        Assert.Equal(0, account.FailedLoginCount);
        Assert.Equal(Now, account.LastLoginAt);
    }

    [Fact]
    public void Create_CentreStaffWithInstitution_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => StaffAccount.Create("x.y", "X Y", StaffRole.CentreOfficer, Guid.NewGuid(), Now));
        Assert.Throws<ArgumentException>(() => StaffAccount.Create("x.y", "X Y", StaffRole.InstitutionAuthority, null, Now));
    }

    [Theory]
    [InlineData("kurum", Portals.InstitutionPolicy)]
    [InlineData("/kurum/kisiler/yeni", Portals.InstitutionPolicy)]
    [InlineData("merkez", Portals.CentrePolicy)]
    [InlineData("basvuru/form", Portals.ApplicantPolicy)]
    [InlineData("islemler", Portals.HolderPolicy)]
    [InlineData("kurumsal", null)]
    [InlineData("", null)]
    [InlineData("ocsp/{request}", null)]
    [InlineData("crl/nitelikli.crl", null)]
    public void PolicyFor_Route_MapsToItsPortal(string route, string? expected)
    {
        Assert.Equal(expected, Portals.PolicyFor(route));
    }

    [Fact]
    public void MarkAttemptFailed_RepeatedFailures_BacksOffThenGivesUp()
    {
        var message = OutboxMessage.Email("a@b.tr", "Konu", "Gövde", Now);

        message.MarkAttemptFailed("timeout", Now);
        var firstRetry = message.NextAttemptAt;
        for (var i = 0; i < 8; i++)
        {
            message.MarkAttemptFailed("timeout", Now);
        }

        Assert.Equal(Now.AddSeconds(10), firstRetry);
        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.Equal(9, message.Attempts);
    }
}
