using Muhur.Server.Features.Captcha;
using SkiaSharp;

namespace Muhur.Server.Tests.Unit;

// R-APP-2, R-OPS-1: "Resimdeki yazı" is a picture drawn on the server.
public class CaptchaImageTests
{
    [Fact]
    public void RenderPng_Answer_IsAPngOfTheExpectedSize()
    {
        var png = CaptchaImage.RenderPng("K7MXA");

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(CaptchaImage.Width, bitmap.Width);
        Assert.Equal(CaptchaImage.Height, bitmap.Height);
    }

    [Fact]
    public void RenderPng_SameAnswerTwice_DrawsDifferentPictures()
    {
        var first = CaptchaImage.RenderPng("K7MXA");
        var second = CaptchaImage.RenderPng("K7MXA");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void RenderPng_Answer_DrawsDarkTextAcrossThePicture()
    {
        using var bitmap = SKBitmap.Decode(CaptchaImage.RenderPng("WHMKN"));

        // The glyphs are dark; the background and speckles are light. Text must cover the middle band.
        var darkColumns = Enumerable.Range(0, bitmap.Width)
            .Count(x => Enumerable.Range(0, bitmap.Height).Any(y => bitmap.GetPixel(x, y) is var c && c.Red + c.Green + c.Blue < 300));
        Assert.InRange(darkColumns, bitmap.Width / 2, bitmap.Width);
    }

    [Fact]
    public void NewAnswer_UsesOnlyTheUnambiguousAlphabet()
    {
        var answers = Enumerable.Range(0, 200).Select(_ => CaptchaImage.NewAnswer()).ToList();

        Assert.All(answers, a => Assert.Equal(CaptchaImage.Length, a.Length));
        Assert.All(answers, a => Assert.All(a, c => Assert.Contains(c, CaptchaImage.Alphabet)));
        Assert.True(answers.Distinct().Count() > 190);
    }

    [Theory]
    [InlineData(" k7m xa ", "K7MXA")]
    [InlineData("K7MXA", "K7MXA")]
    [InlineData(null, "")]
    public void Normalize_TypedAnswer_IgnoresCaseAndSpaces(string? typed, string expected)
    {
        Assert.Equal(expected, CaptchaImage.Normalize(typed));
    }
}
