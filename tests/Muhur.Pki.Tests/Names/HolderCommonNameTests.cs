using System.Formats.Asn1;
using System.Text;
using Muhur.Pki.Names;

namespace Muhur.Pki.Tests.Names;

/// <summary>R-CA-1: the holder's commonName within RFC 5280 ub-common-name (64 characters), and the bounds check itself.</summary>
public sealed class HolderCommonNameTests
{
    [Theory]
    [InlineData("Ayşe", "Yılmaz", "Ayşe Yılmaz")]
    [InlineData("Abdurrahman Muhammed Fatih", "Karamanlıoğulları Yılmazoğlu", "Abdurrahman Muhammed Fatih Karamanlıoğulları Yılmazoğlu")]
    [InlineData("Abdurrahman Muhammed Fatih", "Karamanlıoğulları Yılmazoğlu Çelebioğlu", "Abdurrahman Muhammed F. Karamanlıoğulları Yılmazoğlu Çelebioğlu")]
    [InlineData("Abdurrahman Muhammed Fatih", "Karamanlıoğulları Yılmazoğlu Çelebioğulları", "Abdurrahman M. F. Karamanlıoğulları Yılmazoğlu Çelebioğulları")]
    [InlineData("Abdurrahman Muhammed", "Karamanlıoğulları Yılmazoğlu Çelebioğulları Hacıömeroğlu", "A. M. Karamanlıoğulları Yılmazoğlu Çelebioğulları Hacıömeroğlu")]
    [InlineData("  Ayşe   Nur ", " Yılmaz  Kaya ", "Ayşe Nur Yılmaz Kaya")]
    public void Create_NamesShortAndLong_GivesTheFirstFormThatFits(string givenName, string surname, string expected)
    {
        // Act
        string commonName = HolderCommonName.Create(givenName, surname);

        // Assert
        Assert.Equal(expected, commonName);
        Assert.InRange(commonName.EnumerateRunes().Count(), 1, 64);
    }

    [Fact]
    public void Create_Exactly64CharactersOfWhichMostAreTwoOctets_IsNotShortened()
    {
        // Arrange: 64 characters, 86 UTF-8 octets. RFC 5280 bounds characters, not octets.
        string expected = "Gülşen Şükriye Çiğdem Ümmügülsüm Karamanlıoğulları Çağlayığ Öğüt";
        Assert.Equal(64, expected.Length);
        Assert.True(Encoding.UTF8.GetByteCount(expected) > 64);

        // Act
        string commonName = HolderCommonName.Create("Gülşen Şükriye Çiğdem Ümmügülsüm", "Karamanlıoğulları Çağlayığ Öğüt");

        // Assert
        Assert.Equal(expected, commonName);
    }

    [Fact]
    public void Create_65Characters_ShortensTheLastGivenNameOnly()
    {
        // Act
        string commonName = HolderCommonName.Create("Gülşen Şükriye Çiğdem Ümmügülsüm", "Karamanlıoğulları Çağlayığ Öğütç");

        // Assert
        Assert.Equal("Gülşen Şükriye Çiğdem Ü. Karamanlıoğulları Çağlayığ Öğütç", commonName);
    }

    [Fact]
    public void Create_DecomposedDottedCapitalI_IsNormalizedToNfcAndCountedOnce()
    {
        // Arrange: "İ" as I + U+0307 COMBINING DOT ABOVE, as some keyboards and OCR produce it.
        string decomposed = "I\u0307lknur";

        // Act
        string commonName = HolderCommonName.Create(decomposed, "Çağlayığ");

        // Assert
        Assert.Equal("\u0130lknur Çağlayığ", commonName);
        Assert.True(commonName.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Create_SurnameTooLongEvenWithInitials_IsRefusedNeverCut()
    {
        // Arrange: 63 characters; "A. " and it is 66.
        string surname = "Karamanlıoğulları Yılmazoğlu Çelebioğulları Hacıömeroğlu Öztürk";

        // Act
        bool fits = HolderCommonName.TryCreate("Ayşe", surname, out string? commonName);

        // Assert
        Assert.False(fits);
        Assert.Null(commonName);
        Assert.Throws<NonConformingNameException>(() => HolderCommonName.Create("Ayşe", surname));
    }

    [Theory]
    [InlineData("2.5.4.6", "TR", UniversalTagNumber.PrintableString, true)]
    [InlineData("2.5.4.6", "TUR", UniversalTagNumber.PrintableString, false)]
    [InlineData("2.5.4.6", "tr", UniversalTagNumber.PrintableString, false)]
    [InlineData("2.5.4.6", "TR", UniversalTagNumber.UTF8String, false)]
    [InlineData("2.5.4.5", "PNOTR-10000000146", UniversalTagNumber.PrintableString, true)]
    [InlineData("2.5.4.5", "PNOTR-1000000014ş", UniversalTagNumber.PrintableString, false)]
    [InlineData("2.5.4.5", "10000000146", UniversalTagNumber.UTF8String, false)]
    [InlineData("2.5.4.3", "", UniversalTagNumber.UTF8String, false)]
    [InlineData("2.5.4.3", "I\u0307lknur", UniversalTagNumber.UTF8String, false)]
    [InlineData("2.5.4.3", "Ayşe\u0007Yılmaz", UniversalTagNumber.UTF8String, false)]
    [InlineData("2.5.4.3", "Ayşe Yılmaz", UniversalTagNumber.BMPString, false)]
    [InlineData("2.5.4.97", "VATTR-1234567890", UniversalTagNumber.UTF8String, false)]
    public void Check_AttributeValueAndEncoding_AcceptsOnlyWhatAppendixAAllows(string oid, string value, UniversalTagNumber encoding, bool allowed)
    {
        // Act
        Exception? error = Record.Exception(() => DirectoryStringBounds.Check(oid, value, encoding));

        // Assert
        if (allowed)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.IsType<NonConformingNameException>(error);
        }
    }

    [Theory]
    [InlineData("2.5.4.3", 64)]
    [InlineData("2.5.4.10", 64)]
    [InlineData("2.5.4.11", 64)]
    [InlineData("2.5.4.5", 64)]
    [InlineData("2.5.4.42", 32768)]
    [InlineData("2.5.4.4", 32768)]
    public void Check_AtAndOverTheUpperBound_AcceptsTheBoundRefusesOneMore(string oid, int bound)
    {
        // Arrange: Turkish letters for the DirectoryStrings (two UTF-8 octets each), digits for serialNumber.
        char letter = oid == "2.5.4.5" ? '7' : 'ş';
        var encoding = oid == "2.5.4.5" ? UniversalTagNumber.PrintableString : UniversalTagNumber.UTF8String;

        // Act
        Exception? atBound = Record.Exception(() => DirectoryStringBounds.Check(oid, new string(letter, bound), encoding));
        Exception? over = Record.Exception(() => DirectoryStringBounds.Check(oid, new string(letter, bound + 1), encoding));

        // Assert
        Assert.Null(atBound);
        Assert.IsType<NonConformingNameException>(over);
        Assert.Equal(bound, DirectoryStringBounds.UpperBound(oid));
    }

    [Fact]
    public void EnsureConforming_MultiValuedRdn_IsRefused()
    {
        // Arrange: SEQUENCE { SET { CN, serialNumber } }, which we never write.
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSetOf())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("2.5.4.3");
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, "Ayşe Yılmaz");
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("2.5.4.5");
                writer.WriteCharacterString(UniversalTagNumber.PrintableString, "10000000146");
            }
        }

        var name = new System.Security.Cryptography.X509Certificates.X500DistinguishedName(writer.Encode());

        // Act + Assert
        Assert.Throws<NonConformingNameException>(() => DirectoryStringBounds.EnsureConforming(name));
    }
}
