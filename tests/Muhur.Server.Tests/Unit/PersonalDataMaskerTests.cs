using Muhur.Server.Logging;

namespace Muhur.Server.Tests.Unit;

// R-X-3: national IDs, phone numbers and e-mail addresses are masked in logs.
public class PersonalDataMaskerTests
{
    [Theory]
    [InlineData("Kişi 10000000146 kaydedildi", "Kişi *********46 kaydedildi")]
    [InlineData("SMS +905321234567 numarasına", "SMS ***********67 numarasına")]
    [InlineData("SMS 0532 123 45 67 numarasına", "SMS ************67 numarasına")]
    [InlineData("SMS 05321234567 numarasına", "SMS *********67 numarasına")]
    [InlineData("E-posta ayse.yilmaz@ornek.edu.tr adresine", "E-posta a**********@ornek.edu.tr adresine")]
    [InlineData("Başvuru 42 onaylandı", "Başvuru 42 onaylandı")]
    [InlineData("Seri no 123456789012345678", "Seri no 123456789012345678")]
    public void Mask_TextWithPersonalData_HidesIt(string input, string expected)
    {
        var masked = PersonalDataMasker.Mask(input);

        Assert.Equal(expected, masked);
    }

    [Theory]
    [InlineData("NationalId", "U1234567", "******67")]
    [InlineData("passportNumber", "U1234567", "******67")]
    [InlineData("MobilePhone", "5321234567", "********67")]
    [InlineData("Count", "12", "12")]
    public void MaskProperty_SensitiveName_HidesWholeValue(string name, string value, string expected)
    {
        Assert.Equal(expected, PersonalDataMasker.MaskProperty(name, value));
    }
}
