using Muhur.SmartCard;

namespace Muhur.Signer.Tests;

// R-CARD-3: a wrong PIN says how many tries are left; a locked card says how to unlock it.
/// <summary>PIN states SoftHSM2 cannot produce (it never locks a PIN), checked on the message mapping itself.</summary>
public sealed class PinMessagesTests
{
    [Fact]
    public void ForLoginFailure_PinIncorrectWithFinalTry_SaysLastTryLeft()
    {
        // Act
        var message = PinMessages.ForLoginFailure(new Pkcs11Exception(ReturnValues.PinIncorrect, "C_Login"), TokenState.UserPinFinalTry | TokenState.UserPinCountLow);

        // Assert
        Assert.Equal("PIN yanlış. Son deneme hakkınız kaldı; PIN bir kez daha yanlış girilirse kart kilitlenir.", message);
    }

    [Fact]
    public void ForLoginFailure_PinIncorrectNoFlags_SaysOnlyWrongPin()
    {
        // Act
        var message = PinMessages.ForLoginFailure(new Pkcs11Exception(ReturnValues.PinIncorrect, "C_Login"), TokenState.None);

        // Assert
        Assert.Equal("PIN yanlış.", message);
    }

    [Theory]
    [InlineData(ReturnValues.PinLocked, TokenState.None)]
    [InlineData(ReturnValues.PinIncorrect, TokenState.UserPinLocked)]
    public void ForLoginFailure_Locked_PointsToKilitCozme(ulong code, TokenState flags)
    {
        // Act
        var message = PinMessages.ForLoginFailure(new Pkcs11Exception(code, "C_Login"), flags);

        // Assert
        Assert.Equal("Kartınızın PIN'i kilitlenmiş. Kilidi çevrimiçi işlemlerden Kilit Çözme ile açın.", message);
    }
}
