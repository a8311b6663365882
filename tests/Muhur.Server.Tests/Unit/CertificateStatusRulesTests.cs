using System.Security.Cryptography.X509Certificates;
using Muhur.Server.Features.Certificates;

namespace Muhur.Server.Tests.Unit;

// R-CA-2: suspension (certificateHold) can be lifted; revocation can never be undone; repeating a
// request changes nothing.
public class CertificateStatusRulesTests
{
    [Theory]
    [InlineData("Good", "Suspend", "Changed", "Suspended")]
    [InlineData("Suspended", "Reinstate", "Changed", "Good")]
    [InlineData("Good", "Revoke", "Changed", "Revoked")]
    [InlineData("Suspended", "Revoke", "Changed", "Revoked")]
    [InlineData("Suspended", "Suspend", "Unchanged", "Suspended")]
    [InlineData("Good", "Reinstate", "Unchanged", "Good")]
    [InlineData("Revoked", "Revoke", "Unchanged", "Revoked")]
    [InlineData("Revoked", "Reinstate", "Refused", "Revoked")]
    [InlineData("Revoked", "Suspend", "Refused", "Revoked")]
    public void Decide_Transition_FollowsTheStateMachine(string currentName, string kindName, string outcomeName, string nextName)
    {
        var current = Enum.Parse<CertificateStatus>(currentName);
        var kind = Enum.Parse<StatusChangeKind>(kindName);
        var outcome = Enum.Parse<StatusChangeOutcome>(outcomeName);
        var next = Enum.Parse<CertificateStatus>(nextName);
        var reason = current == CertificateStatus.Revoked ? X509RevocationReason.KeyCompromise : (X509RevocationReason?)null;

        var decision = CertificateStatusRules.Decide(current, reason, kind, X509RevocationReason.KeyCompromise);

        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(next, decision.NewStatus);
    }

    [Fact]
    public void Decide_Suspend_UsesCertificateHold()
    {
        var decision = CertificateStatusRules.Decide(CertificateStatus.Good, null, StatusChangeKind.Suspend);

        Assert.Equal(X509RevocationReason.CertificateHold, decision.Reason);
    }

    [Fact]
    public void Decide_RevokedAgainWithOtherReason_KeepsTheFirstReason()
    {
        var decision = CertificateStatusRules.Decide(CertificateStatus.Revoked, X509RevocationReason.KeyCompromise, StatusChangeKind.Revoke, X509RevocationReason.Superseded);

        Assert.Equal(StatusChangeOutcome.Unchanged, decision.Outcome);
        Assert.Equal(X509RevocationReason.KeyCompromise, decision.Reason);
    }

    [Theory]
    [InlineData(X509RevocationReason.CertificateHold)]
    [InlineData(X509RevocationReason.RemoveFromCrl)]
    [InlineData(X509RevocationReason.CACompromise)]
    public void Decide_RevokeWithReasonNotForHolders_Throws(X509RevocationReason reason)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CertificateStatusRules.Decide(CertificateStatus.Good, null, StatusChangeKind.Revoke, reason));
    }
}
