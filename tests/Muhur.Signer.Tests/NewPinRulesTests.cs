namespace Muhur.Signer.Tests;

// R-CARD-3: the new PIN set with Kilit Çözme is 6 to 8 digits and not a first guess.
public sealed class NewPinRulesTests
{
    [Theory]
    [InlineData("240719")]
    [InlineData("9081726")]
    [InlineData("55501234")]
    [InlineData("112233")]
    public void Refusal_SixToEightUnpatternedDigits_Accepted(string pin)
    {
        // Act
        var refusal = NewPinRules.Refusal(pin);

        // Assert
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("", NewPinRules.Missing)]
    [InlineData(null, NewPinRules.Missing)]
    [InlineData("12 456", NewPinRules.NotDigits)]
    [InlineData("٢٤٠٧١٩", NewPinRules.NotDigits)] // Arabic-Indic digits: char.IsDigit, but no card keypad has them
    [InlineData("24071", NewPinRules.WrongLength)]
    [InlineData("240719240", NewPinRules.WrongLength)]
    [InlineData("000000", NewPinRules.Guessable)]
    [InlineData("12345678", NewPinRules.Guessable)]
    [InlineData("987654", NewPinRules.Guessable)]
    public void Refusal_InvalidPin_NamesTheReason(string? pin, string expected)
    {
        // Act
        var refusal = NewPinRules.Refusal(pin);

        // Assert
        Assert.Equal(expected, refusal);
    }
}
