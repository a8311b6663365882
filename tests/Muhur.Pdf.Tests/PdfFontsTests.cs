using System.Text.RegularExpressions;
using Muhur.Signer.Tests;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Muhur.Pdf.Tests;

/// <summary>R-X-1: Turkish letters intact in the PDFs we make, fonts embedded.</summary>
public sealed class PdfFontsTests : IDisposable
{
    private const string TurkishLine = "Çağrı Işık Şükrü Öğün İğde ü ö";

    private readonly string _directory = Directory.CreateTempSubdirectory("muhur-pdf-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Register_TurkishTextDrawn_PdftotextReadsEveryLetter()
    {
        // Arrange
        var file = Write(TurkishLine, TurkishLine);

        // Act: poppler reads the text back through the font's /ToUnicode map.
        var (exitCode, text) = ExternalProcess.Run("pdftotext", "-enc", "UTF-8", file, "-");

        // Assert: the regular and the bold line, each letter as drawn (dotted İ and dotless ı included).
        Assert.True(exitCode == 0, text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Length > 0 && l != "\f").ToArray();
        Assert.Equal([TurkishLine, TurkishLine], lines);
        foreach (var letter in TurkishLine.Where(char.IsLetter))
        {
            Assert.Contains(letter, text);
        }
    }

    [Fact]
    public void Register_TextDrawn_EmbedsTheShippedDejaVuSansFaces()
    {
        // Arrange
        var file = Write("Mühür", "Mühür");

        // Act
        var (exitCode, fonts) = ExternalProcess.Run("pdffonts", file);

        // Assert: both faces are embedded (emb, sub), so the document looks the same wherever it is opened.
        Assert.True(exitCode == 0, fonts);
        var rows = fonts.Split('\n').Skip(2).Where(r => r.Length > 0).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Single(rows, r => Regex.IsMatch(r, @"^[A-Z]{6}\+DejaVu Sans\s"));
        Assert.Single(rows, r => Regex.IsMatch(r, @"^[A-Z]{6}\+DejaVu Sans,Bold\s"));
        Assert.All(rows, r => Assert.True(Regex.IsMatch(r, @"\syes\s+yes\s"), fonts));
    }

    [Fact]
    public void Register_CalledAgain_KeepsTheSameResolver()
    {
        // Arrange
        PdfFonts.Register();
        var first = GlobalFontSettings.FontResolver;

        // Act
        PdfFonts.Register();

        // Assert
        Assert.IsType<PdfFonts>(first);
        Assert.Same(first, GlobalFontSettings.FontResolver);
    }

    [Theory]
    [InlineData("Arial")]
    [InlineData("Times New Roman")]
    [InlineData("DejaVu Serif")]
    public void ResolveTypeface_FamilyNotShipped_ResolvesNothing(string family)
    {
        // Arrange
        PdfFonts.Register();
        var fonts = (PdfFonts)GlobalFontSettings.FontResolver!;

        // Act
        var resolved = fonts.ResolveTypeface(family, bold: false, italic: false);

        // Assert: no fallback to whatever a machine has installed.
        Assert.Null(resolved);
    }

    [Fact]
    public void ResolveTypeface_BoldItalic_BoldFaceWithSimulatedSlant()
    {
        // Arrange
        PdfFonts.Register();
        var fonts = (PdfFonts)GlobalFontSettings.FontResolver!;

        // Act
        var resolved = fonts.ResolveTypeface("dejavu sans", bold: true, italic: true)!;

        // Assert
        Assert.False(resolved.MustSimulateBold);
        Assert.True(resolved.MustSimulateItalic);
        Assert.NotNull(fonts.GetFont(resolved.FaceName));
    }

    /// <summary>A one-page PDF with <paramref name="regular"/> and, below it, <paramref name="bold"/>.</summary>
    private string Write(string regular, string bold)
    {
        PdfFonts.Register();
        var file = Path.Combine(_directory, "belge.pdf");
        using (var document = new PdfDocument())
        {
            var page = document.AddPage();
            using (var graphics = XGraphics.FromPdfPage(page))
            {
                graphics.DrawString(regular, new XFont(PdfFonts.Family, 12), XBrushes.Black, new XPoint(72, 100));
                graphics.DrawString(bold, new XFont(PdfFonts.Family, 12, XFontStyleEx.Bold), XBrushes.Black, new XPoint(72, 130));
            }
            document.Save(file);
        }
        return file;
    }
}
