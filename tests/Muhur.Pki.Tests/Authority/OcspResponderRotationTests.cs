using Muhur.Pki.Authority;
using Muhur.Pki.Tests.Support;

namespace Muhur.Pki.Tests.Authority;

// R-CA-3: the delegated OCSP responder certificate is short-lived and replaced before it expires.
public sealed class OcspResponderRotationTests(CaFixture ca) : IClassFixture<CaFixture>
{
    [Fact]
    public void IsDue_OneSecondBeforeRenewWindow_False()
    {
        // Arrange
        var notAfter = new DateTimeOffset(ca.Responder.NotAfter.ToUniversalTime());

        // Act
        bool due = OcspResponderRotation.IsDue(ca.Responder, notAfter - TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));

        // Assert
        Assert.False(due);
    }

    [Fact]
    public void IsDue_SevenDaysBeforeExpiry_True()
    {
        // Arrange
        var notAfter = new DateTimeOffset(ca.Responder.NotAfter.ToUniversalTime());

        // Act
        bool due = OcspResponderRotation.IsDue(ca.Responder, notAfter - TimeSpan.FromDays(7));

        // Assert
        Assert.True(due);
    }

    [Fact]
    public void IsDue_CustomRenewBefore_UsesIt()
    {
        // Arrange
        var notAfter = new DateTimeOffset(ca.Responder.NotAfter.ToUniversalTime());

        // Act
        bool due = OcspResponderRotation.IsDue(ca.Responder, notAfter - TimeSpan.FromDays(5), TimeSpan.FromDays(3));

        // Assert
        Assert.False(due);
    }
}
