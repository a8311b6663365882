using Muhur.Server.Features.ApplicationForm;

namespace Muhur.Server.Tests.Unit;

// R-APP-4: the security word is treated as a password — rules a person can read, and only a slow salted hash kept.
public class SecurityWordTests
{
    private const string Identifier = "10000000146";

    [Fact]
    public void Hash_AWord_IsSaltedPbkdf2WithAtLeast210000RoundsAndMatchesOnlyThatWord()
    {
        // Act
        var first = SecurityWord.Hash("Gümüşsuyu-Işık7");
        var second = SecurityWord.Hash("Gümüşsuyu-Işık7");

        // Assert
        var parts = first.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.True(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) >= 210_000);
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("Gümüş", first, StringComparison.Ordinal);
        Assert.True(SecurityWord.Matches("Gümüşsuyu-Işık7", first));
        Assert.True(SecurityWord.Matches(" Gümüşsuyu-Işık7 ", second));
        Assert.False(SecurityWord.Matches("gümüşsuyu-ışık7", first));
        Assert.False(SecurityWord.Matches("Gümüşsuyu-Işık8", first));
        Assert.False(SecurityWord.Matches(null, first));
        Assert.False(SecurityWord.Matches("Gümüşsuyu-Işık7", null));
        Assert.False(SecurityWord.Matches("Gümüşsuyu-Işık7", "not-a-hash"));
    }

    [Fact]
    public void Matches_TheSameWordComposedOrDecomposed_IsTheSameWord()
    {
        // "ş" as one code point and as "s" + combining cedilla (as some keyboards and paste sources give it).
        var stored = SecurityWord.Hash("Kuş-yuvası12");

        Assert.True(SecurityWord.Matches("Kus\u0327-yuvası12", stored));
    }

    [Theory]
    [InlineData("Gümüşsuyu-Işık7", "None")]
    [InlineData("kartal.2026", "None")]
    [InlineData("", "Missing")]
    [InlineData("kısa1", "Length")]
    [InlineData("çokuzunbirsözcük1234567890abcdefg", "Length")]
    [InlineData("iki sözcük 12", "Characters")]
    [InlineData("yıldız*2026", "Characters")]
    [InlineData("sadeceharfler", "NeedsLetterAndDigit")]
    [InlineData("1234567890", "NeedsLetterAndDigit")]
    [InlineData("a10000000146", "ContainsIdentifier")]
    [InlineData("AYŞE-2026-x", "ContainsName")]
    [InlineData("yilmaz2026", "None")]
    [InlineData("yılmaz2026", "ContainsName")]
    public void Check_AWord_GivesItsProblem(string word, string expected)
    {
        var problem = SecurityWord.Check(word, word, Identifier, "Ayşe", "Yılmaz");

        Assert.Equal(Enum.Parse<SecurityWordProblem>(expected), problem);
    }

    [Fact]
    public void Check_RepeatDiffers_IsRefused()
    {
        Assert.Equal(SecurityWordProblem.RepeatDiffers, SecurityWord.Check("kartal.2026", "kartal.2027", Identifier, "Ayşe", "Yılmaz"));
        Assert.Equal(SecurityWordProblem.RepeatDiffers, SecurityWord.Check("kartal.2026", null, Identifier, "Ayşe", "Yılmaz"));
    }
}
