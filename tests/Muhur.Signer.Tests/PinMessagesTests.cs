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
        Assert.Equal(
            "Kartınızın PIN'i kilitlendi. Kilidi açmak için PUK gerekir. PUK'unuzu, kartınızı üreten sertifikasyon merkezi saklar; " +
            "kurum yetkiliniz aracılığıyla merkezden isteyin. Sonra muhur-imza unlock komutuyla yeni bir PIN belirleyin.",
            message);
    }

    [Fact]
    public void ForPukFailure_PinIncorrectWithSoFinalTry_WarnsThatTheCardWouldNeedRenewing()
    {
        // Act
        var message = PinMessages.ForPukFailure(new Pkcs11Exception(ReturnValues.PinIncorrect, "C_Login"), TokenState.SoPinFinalTry | TokenState.SoPinCountLow);

        // Assert
        Assert.Equal(
            "PUK yanlış. PUK'unuzu, kartınızı üreten sertifikasyon merkezi saklar; kurum yetkiliniz aracılığıyla merkezden isteyin. " +
            "Son deneme hakkınız kaldı; PUK bir kez daha yanlış girilirse PUK kilitlenir ve kartınızı yeniletmeniz gerekir.",
            message);
    }

    [Fact]
    public void ForPukFailure_UserPinFlagsOnly_IgnoresThem()
    {
        // Act: the user PIN's flags say nothing about the PUK (PKCS#11 v2.40 §3.2 keeps separate SO flags).
        var message = PinMessages.ForPukFailure(new Pkcs11Exception(ReturnValues.PinIncorrect, "C_Login"), TokenState.UserPinLocked | TokenState.UserPinFinalTry);

        // Assert
        Assert.Equal(PinMessages.PukWrong, message);
    }

    [Theory]
    [InlineData(ReturnValues.PinLocked, TokenState.None)]
    [InlineData(ReturnValues.PinIncorrect, TokenState.SoPinLocked)]
    public void ForPukFailure_Locked_SaysTheCardMustBeRenewed(ulong code, TokenState flags)
    {
        // Act
        var message = PinMessages.ForPukFailure(new Pkcs11Exception(code, "C_Login"), flags);

        // Assert
        Assert.Equal("PUK kilitlendi; kartın kilidi artık açılamaz. Kartınızı yeniletmeniz gerekir: kurum yetkilinize başvurun.", message);
    }
}
