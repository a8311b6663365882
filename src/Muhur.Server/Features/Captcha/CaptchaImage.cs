using System.Security.Cryptography;
using Muhur.Pdf;
using SkiaSharp;

namespace Muhur.Server.Features.Captcha;

/// <summary>
/// "Resimdeki yazı" (R-APP-2, R-OPS-1): a short text drawn on the server as a distorted PNG. The answer
/// is never sent to the browser; only the picture is.
/// </summary>
internal static class CaptchaImage
{
    public const int Width = 240;
    public const int Height = 80;
    public const int Length = 5;

    /// <summary>
    /// Characters that stay apart when bent: no 0/O/Q/D, 1/I/L/J/T, 2/Z, 4/A, 5/S, 8/B, U/V, and no letter
    /// that a Turkish keyboard writes differently (İ/ı), so the answer types the same on any keyboard.
    /// </summary>
    public const string Alphabet = "3679ACEFHKMNPRWXY";

    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear);

    private static readonly SKTypeface Typeface = SKTypeface.FromData(SKData.CreateCopy(PdfFonts.FontFile(bold: true)));

    public static string NewAnswer()
    {
        Span<char> answer = stackalloc char[Length];
        for (var i = 0; i < answer.Length; i++)
        {
            answer[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(answer);
    }

    /// <summary>What a person typed, as it is compared: case and spaces do not count.</summary>
    public static string Normalize(string? typed) =>
        new string((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant).ToArray());

    /// <summary>A new picture of <paramref name="answer"/>: each call bends it differently.</summary>
    public static byte[] RenderPng(string answer)
    {
        using var text = new SKBitmap(Width, Height);
        using (var canvas = new SKCanvas(text))
        {
            canvas.Clear(new SKColor(246, 244, 238));
            DrawSpeckles(canvas, 260);
            DrawGlyphs(canvas, answer);
            DrawStrikes(canvas, 3);
        }

        using var bent = new SKBitmap(Width, Height);
        using (var canvas = new SKCanvas(bent))
        {
            canvas.Clear(new SKColor(246, 244, 238));
            Bend(canvas, text);
        }

        using var data = bent.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void DrawGlyphs(SKCanvas canvas, string answer)
    {
        var advance = (Width - 30f) / answer.Length;
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < answer.Length; i++)
        {
            using var font = new SKFont(Typeface, Between(40, 50)) { SkewX = Between(-0.3f, 0.3f), ScaleX = Between(0.85f, 1.15f) };
            paint.Color = new SKColor((byte)Between(20, 90), (byte)Between(20, 90), (byte)Between(40, 120));
            var x = 15 + (i * advance) + (advance / 2) + Between(-4, 4);
            var y = (Height / 2f) + Between(6, 18);
            canvas.Save();
            canvas.RotateDegrees(Between(-28, 28), x, y - 14);
            canvas.DrawText(answer[i].ToString(), x, y, SKTextAlign.Center, font, paint);
            canvas.Restore();
        }
    }

    // Curves through the text, in the text's colours, so that they cannot be filtered out by colour.
    private static void DrawStrikes(SKCanvas canvas, int count)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke };
        for (var i = 0; i < count; i++)
        {
            paint.Color = new SKColor((byte)Between(20, 110), (byte)Between(20, 110), (byte)Between(40, 130));
            paint.StrokeWidth = Between(1.5f, 3f);
            using var builder = new SKPathBuilder();
            builder.MoveTo(0, Between(10, Height - 10));
            builder.CubicTo(Between(40, 100), Between(0, Height), Between(140, 200), Between(0, Height), Width, Between(10, Height - 10));
            using var path = builder.Detach();
            canvas.DrawPath(path, paint);
        }
    }

    private static void DrawSpeckles(SKCanvas canvas, int count)
    {
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < count; i++)
        {
            paint.Color = new SKColor((byte)Between(90, 200), (byte)Between(90, 200), (byte)Between(90, 200));
            canvas.DrawCircle(Between(0, Width), Between(0, Height), Between(0.5f, 1.8f), paint);
        }
    }

    // A sine wave of random phase and period, first down the columns, then along the rows.
    private static void Bend(SKCanvas canvas, SKBitmap bitmap)
    {
        using var source = SKImage.FromBitmap(bitmap);
        var columnPhase = Between(0, MathF.Tau);
        var columnPeriod = Between(50, 90);
        var columnAmplitude = Between(4, 7);
        using var columnBitmap = new SKBitmap(Width, Height);
        using (var columnCanvas = new SKCanvas(columnBitmap))
        {
            columnCanvas.Clear(new SKColor(246, 244, 238));
            for (var x = 0; x < Width; x++)
            {
                var dy = columnAmplitude * MathF.Sin(columnPhase + (x * MathF.Tau / columnPeriod));
                columnCanvas.DrawImage(source, SKRect.Create(x, 0, 1, Height), SKRect.Create(x, dy, 1, Height), Sampling);
            }
        }

        using var columns = SKImage.FromBitmap(columnBitmap);
        var rowPhase = Between(0, MathF.Tau);
        var rowPeriod = Between(30, 60);
        var rowAmplitude = Between(2, 5);
        for (var y = 0; y < Height; y++)
        {
            var dx = rowAmplitude * MathF.Sin(rowPhase + (y * MathF.Tau / rowPeriod));
            canvas.DrawImage(columns, SKRect.Create(0, y, Width, 1), SKRect.Create(dx, y, Width, 1), Sampling);
        }
    }

    // Not secret: only the answer must be unpredictable, and it comes from RandomNumberGenerator.
    private static float Between(float low, float high) => low + (Random.Shared.NextSingle() * (high - low));
}
