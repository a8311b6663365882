using System.Security.Cryptography.Pkcs;
using System.Text;
using Muhur.Tests.OpenCryptoki;

namespace Muhur.Signer.Tests.OpenCryptoki;

/// <summary>
/// The real <c>muhur-imza</c> program against an openCryptoki card, which counts wrong PINs and PUKs and locks after
/// three, as a smart card does (R-CARD-3, R-CARD-4). Every command is a process of its own in the card's sandbox, so
/// each sees only what the token stored, like a holder running the program again.
/// </summary>
public sealed class OpenCryptokiSignerTests(OpenCryptokiCardFixture fixture) : IClassFixture<OpenCryptokiCardFixture>
{
    private const string WrongPin = "000000";
    private const string NewPin = "240719";

    [Fact]
    public void SignCode_RsaCard_SignedCmsVerifiesWithTheCardsCertificate()
    {
        // Arrange
        var (card, certificate) = fixture.NewCard();

        // Act
        var list = OpenCryptokiCardFixture.Imza(card, ["list"]);
        var signed = OpenCryptokiCardFixture.Imza(card, ["sign-code", "482913", "--pin", OpenCryptokiCardFixture.Pin]);

        // Assert: R-CARD-4 on a second PKCS#11 implementation; the RSA key signs through CKM_RSA_PKCS.
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains($"Kart: {OpenCryptokiCardFixture.Label} (yuva 0)", list.Output, StringComparison.Ordinal);
        Assert.Contains(OpenCryptokiCardFixture.Holder, list.Output, StringComparison.Ordinal);
        Assert.True(signed.ExitCode == 0, signed.Error);
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(signed.Output.Trim()));
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal("482913", Encoding.UTF8.GetString(cms.ContentInfo.Content));
        Assert.Equal(certificate, Assert.Single(cms.SignerInfos.Cast<SignerInfo>()).Certificate!.RawData);
    }

    [Fact]
    public void SignCode_WrongPinThreeTimes_TriesLeftThenLastTryThenLockedWithHowToUnlock()
    {
        // Arrange
        var (card, _) = fixture.NewCard();
        string[] wrong = ["sign-code", "482913", "--pin", WrongPin];

        // Act
        var first = OpenCryptokiCardFixture.Imza(card, wrong);
        var second = OpenCryptokiCardFixture.Imza(card, wrong);
        var third = OpenCryptokiCardFixture.Imza(card, wrong);
        var rightPinTooLate = OpenCryptokiCardFixture.Imza(card, ["sign-code", "482913", "--pin", OpenCryptokiCardFixture.Pin]);

        // Assert: the token's CKF_USER_PIN_COUNT_LOW, _FINAL_TRY and _LOCKED (PKCS#11 v2.40 §3.2) in Turkish.
        Assert.Equal(1, first.ExitCode);
        Assert.Equal($"{PinMessages.Wrong} {PinMessages.CountLow}", first.Error.Trim());
        Assert.Equal(1, second.ExitCode);
        Assert.Equal($"{PinMessages.Wrong} {PinMessages.FinalTry}", second.Error.Trim());
        Assert.Equal(1, third.ExitCode);
        Assert.Equal(PinMessages.Locked, third.Error.Trim());
        Assert.Contains("muhur-imza unlock", third.Error, StringComparison.Ordinal);
        Assert.Equal(1, rightPinTooLate.ExitCode);
        Assert.Equal(PinMessages.Locked, rightPinTooLate.Error.Trim());
        Assert.Equal("", rightPinTooLate.Output);
    }

    [Fact]
    public void Doctor_LockedPin_SaysPinLockedAndHowToUnlock()
    {
        // Arrange
        var (card, _) = fixture.NewCard();
        Lock(card);

        // Act
        var doctor = OpenCryptokiCardFixture.Imza(card, ["doctor"]);

        // Assert: R-CARD-4, "PIN locked" among the reasons a certificate does not show up (seed 000 §9, §10).
        Assert.Equal(1, doctor.ExitCode);
        Assert.Contains($"Kart '{OpenCryptokiCardFixture.Label}' (yuva 0): {DoctorCommand.LockedFix}", doctor.Output, StringComparison.Ordinal);
        // The certificate is still read and checked (it is public), but a locked card cannot sign.
        Assert.Contains($"Kart '{OpenCryptokiCardFixture.Label}' (yuva 0): 1 sertifika var.", doctor.Output, StringComparison.Ordinal);
        Assert.Contains(DoctorCommand.NotUsable, doctor.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unlock_LockedCardWithPukAndNewPinTypedIn_CardSignsAgainWithTheNewPin()
    {
        // Arrange
        var (card, certificate) = fixture.NewCard();
        Lock(card);

        // Act: R-CARD-3, the answers come on stdin, one line per prompt, as the program reads them when not on a terminal.
        var unlock = OpenCryptokiCardFixture.Imza(card, ["unlock"], $"{OpenCryptokiCardFixture.Puk}\n{NewPin}\n{NewPin}\n");
        var doctor = OpenCryptokiCardFixture.Imza(card, ["doctor"]);
        var oldPin = OpenCryptokiCardFixture.Imza(card, ["sign-code", "775501", "--pin", OpenCryptokiCardFixture.Pin]);
        var signed = OpenCryptokiCardFixture.Imza(card, ["sign-code", "775501", "--pin", NewPin]);

        // Assert
        Assert.True(unlock.ExitCode == 0, unlock.Error);
        Assert.Equal(UnlockCommand.Done, unlock.Output.Trim());
        Assert.Equal($"{UnlockCommand.PukPrompt}\n{UnlockCommand.NewPinPrompt}\n{UnlockCommand.RepeatPrompt}\n", unlock.Error);
        Assert.Equal(0, doctor.ExitCode);
        Assert.Contains("1 sertifika var.", doctor.Output, StringComparison.Ordinal);
        Assert.Equal($"{PinMessages.Wrong} {PinMessages.CountLow}", oldPin.Error.Trim());
        Assert.True(signed.ExitCode == 0, signed.Error);
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(signed.Output.Trim()));
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal(certificate, Assert.Single(cms.SignerInfos.Cast<SignerInfo>()).Certificate!.RawData);
        Assert.DoesNotContain(OpenCryptokiCardFixture.Puk, unlock.Output + unlock.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPin, unlock.Output + unlock.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unlock_WrongPukThreeTimes_TriesLeftThenPukLockedAndCardMustBeRenewed()
    {
        // Arrange
        var (card, _) = fixture.NewCard();
        string[] wrongPuk = ["unlock", "--puk", "99887766", "--new-pin", NewPin];

        // Act
        var first = OpenCryptokiCardFixture.Imza(card, wrongPuk);
        var second = OpenCryptokiCardFixture.Imza(card, wrongPuk);
        var third = OpenCryptokiCardFixture.Imza(card, wrongPuk);
        var rightPukTooLate = OpenCryptokiCardFixture.Imza(card, ["unlock", "--puk", OpenCryptokiCardFixture.Puk, "--new-pin", NewPin]);
        var pinStillWorks = OpenCryptokiCardFixture.Imza(card, ["sign-code", "1", "--pin", OpenCryptokiCardFixture.Pin]);

        // Assert: the SO PIN's own CKF_SO_PIN_COUNT_LOW, _FINAL_TRY and _LOCKED; the user PIN is not touched.
        Assert.Equal($"{PinMessages.PukWrong} {PinMessages.CountLow}", first.Error.Trim());
        Assert.Equal($"{PinMessages.PukWrong} {PinMessages.PukFinalTry}", second.Error.Trim());
        Assert.Equal(PinMessages.PukLocked, third.Error.Trim());
        Assert.Equal(1, rightPukTooLate.ExitCode);
        Assert.Equal(PinMessages.PukLocked, rightPukTooLate.Error.Trim());
        Assert.True(pinStillWorks.ExitCode == 0, pinStillWorks.Error);
    }

    [Fact]
    public void Doctor_PinAndPukLocked_SaysTheCardMustBeRenewed()
    {
        // Arrange
        var (card, _) = fixture.NewCard();
        Lock(card);
        card.Probe("login-so:99887766", "login-so:99887766", "login-so:99887766");

        // Act
        var doctor = OpenCryptokiCardFixture.Imza(card, ["doctor"]);

        // Assert
        Assert.Equal(1, doctor.ExitCode);
        Assert.Contains($"PIN kilitli. {PinMessages.PukLocked}", doctor.Output, StringComparison.Ordinal);
    }

    /// <summary>Three wrong user PINs through the binding, faster than three runs of the program.</summary>
    private static void Lock(OpenCryptokiSandbox card)
    {
        var lines = card.Probe($"login-user:{WrongPin}", $"login-user:{WrongPin}", $"login-user:{WrongPin}");
        Assert.True(lines[2].Flags.HasFlag(SmartCard.TokenState.UserPinLocked), "the card did not lock");
    }
}
