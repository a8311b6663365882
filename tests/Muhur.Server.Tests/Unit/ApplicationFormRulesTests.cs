using Muhur.Server.Features.Applications;

namespace Muhur.Server.Tests.Unit;

// R-APP-1 (corporate e-mail), R-APP-4 (mobile number, delivery address) as plain rules.
public class ApplicationFormRulesTests
{
    private static readonly string[] Domains = ["ornek.edu.tr", "hastane.ornek.edu.tr"];

    [Theory]
    [InlineData("ayse.yilmaz@ornek.edu.tr", "None")]
    [InlineData("  Ayse.Yilmaz@ORNEK.EDU.TR ", "None")]
    [InlineData("dr.ali@hastane.ornek.edu.tr", "None")]
    [InlineData("ayse@ogrenci.ornek.edu.tr", "OtherDomain")]
    [InlineData("ayse@ornek.com.tr", "OtherDomain")]
    [InlineData("ayseyilmaz@gmail.com", "PersonalProvider")]
    [InlineData("ayse@hotmail.com.tr", "PersonalProvider")]
    [InlineData("ayse yilmaz@ornek.edu.tr", "Malformed")]
    [InlineData("ayse@", "Malformed")]
    [InlineData("ornek.edu.tr", "Malformed")]
    [InlineData("", "Malformed")]
    [InlineData(null, "Malformed")]
    public void Check_Address_AgainstTheInstitutionsDomains(string? typed, string expected)
    {
        Assert.Equal(Enum.Parse<CorporateEmailError>(expected), CorporateEmail.Check(typed, Domains));
    }

    [Fact]
    public void Check_InternationalisedDomain_ComparedInItsAsciiForm()
    {
        Assert.Equal(CorporateEmailError.None, CorporateEmail.Check("ayse@örnek.edu.tr", ["xn--rnek-4qa.edu.tr"]));
        Assert.Equal("ayse@xn--rnek-4qa.edu.tr", CorporateEmail.Normalize("ayse@ÖRNEK.edu.tr"));
    }

    [Theory]
    [InlineData("0532 123 45 67", "+905321234567")]
    [InlineData("5321234567", "+905321234567")]
    [InlineData("+90 (532) 123-45-67", "+905321234567")]
    [InlineData("0090 532 123 45 67", "+905321234567")]
    [InlineData("0312 123 45 67", null)]
    [InlineData("+44 7700 900123", null)]
    [InlineData("0532 123 45 6", null)]
    [InlineData("0532 123 45 67 x", null)]
    [InlineData(null, null)]
    public void Normalize_MobileNumberAsTyped_TurkishMobilesOnly(string? typed, string? expected)
    {
        Assert.Equal(expected, MobilePhone.Normalize(typed));
    }

    [Fact]
    public void Mask_Number_ShowsOnlyTheOperatorCodeAndTheLastTwoDigits()
    {
        Assert.Equal("0532 *** ** 67", MobilePhone.Mask("+905321234567"));
    }

    [Fact]
    public void All_Provinces_AreTheEightyOneInCodeOrder()
    {
        Assert.Equal(81, Provinces.All.Count);
        Assert.Equal(Enumerable.Range(1, 81), Provinces.All.Select(p => p.Code));
        Assert.Equal(81, Provinces.All.Select(p => p.Name).Distinct().Count());
        Assert.Equal("İstanbul", Provinces.ByCode(34)!.Name);
        Assert.Equal("Şanlıurfa", Provinces.ByCode(63)!.Name);
        Assert.Equal("Düzce", Provinces.ByCode(81)!.Name);
        Assert.Null(Provinces.ByCode(82));
    }

    [Theory]
    [InlineData("06800", 6, true)]
    [InlineData("34000", 34, true)]
    [InlineData("34000", 6, false)]
    [InlineData("3400", 34, false)]
    [InlineData("34O00", 34, false)]
    [InlineData(null, 34, false)]
    public void IsPostalCodeOf_FirstTwoDigits_AreTheProvinceCode(string? postalCode, int provinceCode, bool expected)
    {
        Assert.Equal(expected, Provinces.IsPostalCodeOf(postalCode, Provinces.ByCode(provinceCode)!));
    }
}
