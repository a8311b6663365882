using Muhur.Server.Features.Applications;

namespace Muhur.Server.Tests.Unit;

// R-APP-7: the form number behind the barcode.
public class FormNumberTests
{
    [Fact]
    public void Create_YearAndSequence_TwelveDigitsWithALuhnCheckDigit()
    {
        var number = FormNumber.Create(2026, 1234);

        Assert.Equal("202600012340", number);
        Assert.True(FormNumber.TryNormalize(number, out _));
    }

    [Theory]
    [InlineData(" 2026-0001234-0 ", true)]
    [InlineData("202600012340", true)]
    [InlineData("202600012342", false)]
    [InlineData("202600021340", false)]
    [InlineData("20260001234", false)]
    [InlineData("2026000123A3", false)]
    [InlineData(null, false)]
    public void TryNormalize_TypedOrScanned_AcceptsOnlyAValidNumber(string? typed, bool expected)
    {
        Assert.Equal(expected, FormNumber.TryNormalize(typed, out var number));
        if (expected)
        {
            Assert.Equal("202600012340", number);
        }
    }

    [Fact]
    public void Create_EverySingleDigitChange_IsCaught()
    {
        var number = FormNumber.Create(2026, 7654321);

        for (var i = 0; i < number.Length; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d != number[i])
                {
                    Assert.False(FormNumber.TryNormalize(number[..i] + d + number[(i + 1)..], out _));
                }
            }
        }
    }
}
