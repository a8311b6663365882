using System.Globalization;

namespace Muhur.Signer.Tests;

/// <summary>
/// <c>muhur-imza unlock</c> (R-CARD-3, Kilit Çözme) on SoftHSM2 cards of their own. SoftHSM2 never locks a PIN, so these
/// prove the flow, the PUK check and the new-PIN rules; the lock itself is proven on openCryptoki
/// (OpenCryptoki/OpenCryptokiSignerTests).
/// </summary>
[Collection(SignerTokenGroup.Name)]
public sealed class UnlockCommandTests(SignerTokenFixture hsm)
{
    private const string Module = SignerTokenFixture.ModulePath;
    private const string NewPin = "240719";

    [Fact]
    public void Unlock_RightPukAndNewPinTwice_NewPinSignsAndOldPinIsWrong()
    {
        // Arrange
        var prompts = new List<string>();
        var answers = new Queue<string>([SignerTokenFixture.SoPin, NewPin, NewPin]);
        var output = new StringWriter();
        var error = new StringWriter();

        var (exitCode, withNewPin, withOldPin) = hsm.WithFreshCard(slot =>
        {
            // Act: as the holder types it; the PUK and the new PIN twice are asked, not given on the command line.
            var exit = SignerCli.Run(["--module", Module, "unlock", "--slot", Text(slot)], output, error,
                prompt => { prompts.Add(prompt); return answers.Dequeue(); });
            var signedWithNew = SignerCli.Run(["--module", Module, "sign-code", "123", "--pin", NewPin], new StringWriter(), new StringWriter(), _ => null);
            var oldError = new StringWriter();
            _ = SignerCli.Run(["--module", Module, "sign-code", "123", "--pin", SignerTokenFixture.UserPin], new StringWriter(), oldError, _ => null);
            return (exit, signedWithNew, oldError.ToString().Trim());
        });

        // Assert
        Assert.True(exitCode == 0, error.ToString());
        Assert.Equal([UnlockCommand.PukPrompt, UnlockCommand.NewPinPrompt, UnlockCommand.RepeatPrompt], prompts);
        Assert.Equal(UnlockCommand.Done, output.ToString().Trim());
        Assert.Equal(0, withNewPin);
        Assert.StartsWith(PinMessages.Wrong, withOldPin, StringComparison.Ordinal);
        var printed = output.ToString() + error;
        Assert.DoesNotContain(SignerTokenFixture.SoPin, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPin, printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Unlock_WrongPuk_SaysPukWrongAndKeepsThePin()
    {
        // Arrange
        var error = new StringWriter();

        var (exitCode, oldPinStillSigns) = hsm.WithFreshCard(slot =>
        {
            // Act
            var exit = SignerCli.Run(["--module", Module, "unlock", "--puk", "11112222", "--new-pin", NewPin, "--slot", Text(slot)],
                new StringWriter(), error, _ => throw new InvalidOperationException("nothing to ask"));
            var signed = SignerCli.Run(["--module", Module, "sign-code", "1", "--pin", SignerTokenFixture.UserPin], new StringWriter(), new StringWriter(), _ => null);
            return (exit, signed);
        });

        // Assert: SoftHSM2 sets CKF_SO_PIN_COUNT_LOW after a wrong SO PIN, as it does for the user PIN.
        Assert.Equal(1, exitCode);
        Assert.Equal($"{PinMessages.PukWrong} {PinMessages.CountLow}", error.ToString().Trim());
        Assert.DoesNotContain("11112222", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, oldPinStillSigns);
    }

    [Fact]
    public void Unlock_NewPinsDoNotMatch_RefusedAndCardUnchanged()
    {
        // Arrange
        var answers = new Queue<string>([SignerTokenFixture.SoPin, NewPin, "240718"]);
        var error = new StringWriter();

        var (exitCode, oldPinStillSigns) = hsm.WithFreshCard(slot =>
        {
            // Act
            var exit = SignerCli.Run(["--module", Module, "unlock", "--slot", Text(slot)], new StringWriter(), error, _ => answers.Dequeue());
            var signed = SignerCli.Run(["--module", Module, "sign-code", "1", "--pin", SignerTokenFixture.UserPin], new StringWriter(), new StringWriter(), _ => null);
            return (exit, signed);
        });

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal(NewPinRules.Mismatch, error.ToString().Trim());
        Assert.Empty(answers);
        Assert.Equal(0, oldPinStillSigns);
    }

    [Theory]
    [InlineData("24O719", NewPinRules.NotDigits)]
    [InlineData("24071", NewPinRules.WrongLength)]
    [InlineData("240719240", NewPinRules.WrongLength)]
    [InlineData("123456", NewPinRules.Guessable)]
    public void Unlock_InvalidNewPinOption_RefusedWithItsReasonBeforeAskingAnything(string newPin, string reason)
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = hsm.WithFreshCard(slot => SignerCli.Run(
            ["--module", Module, "unlock", "--puk", SignerTokenFixture.SoPin, "--new-pin", newPin, "--slot", Text(slot)],
            new StringWriter(), error, _ => throw new InvalidOperationException("nothing to ask")));

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal(reason, error.ToString().Trim());
    }

    [Fact]
    public void Unlock_EmptyPukAnswer_SaysPukMissing()
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = hsm.WithFreshCard(slot => SignerCli.Run(["--module", Module, "unlock", "--slot", Text(slot)], new StringWriter(), error, _ => ""));

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal("PUK girilmedi.", error.ToString().Trim());
    }

    [Fact]
    public void Unlock_PinOption_ExitsTwoAndNamesPukAndNewPin()
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["unlock", "--pin", "123456"], new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("--puk", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--new-pin", error.ToString(), StringComparison.Ordinal);
    }

    private static string Text(ulong slot) => slot.ToString(CultureInfo.InvariantCulture);
}
