using Muhur.Pki.Identity;

namespace Muhur.Pki.Tests.Identity;

// R-APP-1: the institution authority registers people by T.C. Kimlik No (with its checksum),
// a foreigner's 99-prefixed number, or a passport number.
public class PersonIdentifierTests
{
    [Theory]
    [InlineData("10000000146")]
    [InlineData("11111111110")]
    [InlineData("12345678950")]
    [InlineData(" 10000000146 ")]
    public void TryParseNational_ValidTurkishNumber_ReturnsTurkishIdentityNumber(string input)
    {
        var ok = PersonIdentifier.TryParseNational(input, out var identifier, out _);

        Assert.True(ok);
        Assert.Equal(PersonIdentifierKind.TurkishIdentityNumber, identifier!.Kind);
        Assert.Equal(input.Trim(), identifier.Number);
        Assert.Equal("TR", identifier.Country);
    }

    [Fact]
    public void TryParseNational_ValidNinetyNinePrefixedNumber_ReturnsForeignerIdentityNumber()
    {
        var ok = PersonIdentifier.TryParseNational("99000000042", out var identifier, out _);

        Assert.True(ok);
        Assert.Equal(PersonIdentifierKind.ForeignerIdentityNumber, identifier!.Kind);
    }

    [Theory]
    [InlineData("", PersonIdentifierError.Empty)]
    [InlineData("   ", PersonIdentifierError.Empty)]
    [InlineData(null, PersonIdentifierError.Empty)]
    [InlineData("1000000014a", PersonIdentifierError.NotDigits)]
    [InlineData("100 0000146", PersonIdentifierError.NotDigits)]
    [InlineData("١٠٠٠٠٠٠٠١٤٦", PersonIdentifierError.NotDigits)]
    [InlineData("1000000014", PersonIdentifierError.WrongLength)]
    [InlineData("100000001460", PersonIdentifierError.WrongLength)]
    [InlineData("01000000146", PersonIdentifierError.LeadingZero)]
    [InlineData("10000000147", PersonIdentifierError.Checksum)]
    [InlineData("10000000156", PersonIdentifierError.Checksum)]
    [InlineData("12345678901", PersonIdentifierError.Checksum)]
    [InlineData("99000000043", PersonIdentifierError.Checksum)]
    public void TryParseNational_InvalidInput_ReturnsError(string? input, PersonIdentifierError expected)
    {
        var ok = PersonIdentifier.TryParseNational(input, out var identifier, out var error);

        Assert.False(ok);
        Assert.Null(identifier);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParseNational_EveryTenthDigitButTheRightOne_IsRejected()
    {
        for (var tenth = 0; tenth <= 9; tenth++)
        {
            var candidate = $"100000001{tenth}{(2 + tenth) % 10}";

            var ok = PersonIdentifier.TryParseNational(candidate, out _, out _);

            Assert.Equal(tenth == 4, ok);
        }
    }

    [Fact]
    public void TryParsePassport_ValidNumberAndCountry_NormalizesToUpperCase()
    {
        var ok = PersonIdentifier.TryParsePassport(" u1234567 ", "de", out var identifier, out _);

        Assert.True(ok);
        Assert.Equal(PersonIdentifierKind.Passport, identifier!.Kind);
        Assert.Equal("U1234567", identifier.Number);
        Assert.Equal("DE", identifier.Country);
    }

    [Theory]
    [InlineData("", "DE", PersonIdentifierError.Empty)]
    [InlineData("U12", "DE", PersonIdentifierError.PassportFormat)]
    [InlineData("U123-4567", "DE", PersonIdentifierError.PassportFormat)]
    [InlineData("U1234567", "", PersonIdentifierError.CountryCode)]
    [InlineData("U1234567", "DEU", PersonIdentifierError.CountryCode)]
    [InlineData("U1234567", "D1", PersonIdentifierError.CountryCode)]
    [InlineData("U1234567", "XX", PersonIdentifierError.CountryCode)]
    [InlineData("U1234567", "UK", PersonIdentifierError.CountryCode)]
    public void TryParsePassport_InvalidInput_ReturnsError(string number, string country, PersonIdentifierError expected)
    {
        var ok = PersonIdentifier.TryParsePassport(number, country, out _, out var error);

        Assert.False(ok);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void ToString_NationalNumber_HidesAllButLastTwoDigits()
    {
        Assert.True(PersonIdentifier.TryParseNational("10000000146", out var identifier, out _));

        var text = identifier!.ToString();

        Assert.Equal("*********46", text);
        Assert.DoesNotContain("10000000146", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStored_TamperedNumber_Throws()
    {
        Assert.Throws<FormatException>(() =>
            PersonIdentifier.FromStored(PersonIdentifierKind.TurkishIdentityNumber, "10000000147", "TR"));
    }
}
