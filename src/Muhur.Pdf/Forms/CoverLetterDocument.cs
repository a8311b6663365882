using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;

namespace Muhur.Pdf.Forms;

/// <summary>One form listed in a cover letter.</summary>
/// <param name="FormNumber">The form's barcode number.</param>
/// <param name="FullName">The applicant's name and surname.</param>
/// <param name="UnitAndTitle">The unit and title, e.g. "Hukuk Fakültesi / Doç. Dr.".</param>
public sealed record CoverLetterForm(string FormNumber, string FullName, string? UnitAndTitle);

/// <summary>Everything the cover letter prints (R-APP-9), already in the words the centre reads.</summary>
public sealed record CoverLetterContent
{
    public required string InstitutionName { get; init; }

    public string? PostalAddress { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public required DateOnly LetterDate { get; init; }

    public required string LetterNumber { get; init; }

    public required string SignatoryName { get; init; }

    public string? SignatoryTitle { get; init; }

    public required IReadOnlyList<CoverLetterForm> Forms { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// The cover letter (üst yazı) with which an institution sends signed paper application forms to the centre (R-APP-9):
/// the letterhead, date and number, subject, a short body, the forms by barcode, name and unit/title, their count and
/// the signature block. A4, as many pages as the list needs; the text is Turkish: it is an official letter.
/// </summary>
public static class CoverLetterDocument
{
    public const string Subject = "Nitelikli Elektronik Sertifika başvuru formlarının gönderilmesi hk.";

    private const double Margin = 56;
    private const double PageWidth = 595.28; // A4, ISO 216, in points
    private const double PageHeight = 841.89;
    private const double RowHeight = 18;

    private static readonly CultureInfo Turkish = CultureInfo.GetCultureInfo("tr-TR");

    public static byte[] Create(CoverLetterContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        PdfFonts.Register();
        using var document = new PdfDocument();
        document.Info.Title = "Üst yazı " + content.LetterNumber;
        document.Info.Author = content.InstitutionName;
        document.Info.Subject = Subject;
        document.Info.CreationDate = content.CreatedAt.UtcDateTime;

        var fonts = new Fonts(
            new XFont(PdfFonts.Family, 13, XFontStyleEx.Bold),
            new XFont(PdfFonts.Family, 10.5),
            new XFont(PdfFonts.Family, 10.5, XFontStyleEx.Bold),
            new XFont(PdfFonts.Family, 8.5));

        var (page, graphics) = NewPage(document);
        try
        {
            var y = Letterhead(graphics, fonts, content);
            var formatter = new XTextFormatter(graphics);
            var width = PageWidth - (2 * Margin);

            graphics.DrawString($"Sayı: {content.LetterNumber}", fonts.Body, XBrushes.Black, Margin, y);
            graphics.DrawString(content.LetterDate.ToString("dd.MM.yyyy", Turkish), fonts.Body, XBrushes.Black,
                new XRect(Margin, y - 10, width, 14), XStringFormats.TopRight);
            y += 16;
            formatter.DrawString($"Konu: {Subject}", fonts.Body, XBrushes.Black, new XRect(Margin, y - 10, width, 30));
            y += 36;

            graphics.DrawString("ELEKTRONİK SERTİFİKA HİZMET SAĞLAYICISI MERKEZİNE", fonts.Bold, XBrushes.Black,
                new XRect(Margin, y - 10, width, 14), XStringFormats.TopCenter);
            y += 28;
            var body =
                $"Kurumumuz personelinden aşağıda adı, soyadı ve birimi yazılı {content.Forms.Count} kişinin ıslak imzalı " +
                "Nitelikli Elektronik Sertifika başvuru formu ve sertifika taahhütnamesi, barkod numaralarıyla birlikte ekte " +
                "gönderilmiştir. Başvuruların değerlendirilmesi hususunda gereğini arz ederim.";
            formatter.DrawString(body, fonts.Body, XBrushes.Black, new XRect(Margin, y - 10, width, 60));
            y += 62;

            // The table: sıra, barkod, ad soyad, birim/unvan; the header repeats on each new page.
            double[] columns = [34, 110, 150, width - 294];
            string[] headers = ["Sıra", "Barkod", "Adı Soyadı", "Birimi / Unvanı"];
            y = TableRow(graphics, fonts.Bold, columns, headers, y, header: true);
            for (var i = 0; i < content.Forms.Count; i++)
            {
                if (y + RowHeight > PageHeight - Margin - 20)
                {
                    graphics.Dispose();
                    (page, graphics) = NewPage(document);
                    y = Margin + 10;
                    y = TableRow(graphics, fonts.Bold, columns, headers, y, header: true);
                }

                var form = content.Forms[i];
                y = TableRow(graphics, fonts.Body, columns,
                    [(i + 1).ToString(Turkish), form.FormNumber, form.FullName, form.UnitAndTitle ?? "-"], y, header: false);
            }

            y += 26;
            if (y + 120 > PageHeight - Margin)
            {
                graphics.Dispose();
                (page, graphics) = NewPage(document);
                y = Margin + 10;
            }

            graphics.DrawString($"Ek: {content.Forms.Count} adet ıslak imzalı başvuru formu", fonts.Body, XBrushes.Black, Margin, y);
            y += 30;

            // The signature block at the right, as official letters have it: room for the wet signature, then the
            // signatory's name and title beneath it.
            var blockX = PageWidth - Margin - 200;
            graphics.DrawString("(İmza)", fonts.Small, XBrushes.Gray, new XRect(blockX, y, 200, 12), XStringFormats.TopCenter);
            y += 46;
            graphics.DrawString(content.SignatoryName, fonts.Bold, XBrushes.Black, new XRect(blockX, y, 200, 14), XStringFormats.TopCenter);
            y += 16;
            if (!string.IsNullOrWhiteSpace(content.SignatoryTitle))
            {
                graphics.DrawString(content.SignatoryTitle, fonts.Body, XBrushes.Black, new XRect(blockX, y, 200, 14), XStringFormats.TopCenter);
            }
        }
        finally
        {
            graphics.Dispose();
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private static (PdfPage Page, XGraphics Graphics) NewPage(PdfDocument document)
    {
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        return (page, XGraphics.FromPdfPage(page));
    }

    private static double Letterhead(XGraphics graphics, Fonts fonts, CoverLetterContent content)
    {
        var width = PageWidth - (2 * Margin);
        var y = Margin;
        graphics.DrawString("T.C.", fonts.Bold, XBrushes.Black, new XRect(Margin, y, width, 14), XStringFormats.TopCenter);
        y += 16;
        graphics.DrawString(content.InstitutionName.ToUpper(Turkish), fonts.Title, XBrushes.Black, new XRect(Margin, y, width, 16), XStringFormats.TopCenter);
        y += 20;
        var contact = string.Join("  ·  ", new[] { content.PostalAddress, content.Phone is { } phone ? "Tel: " + phone : null, content.Email }
            .Where(part => !string.IsNullOrWhiteSpace(part)));
        if (contact.Length > 0)
        {
            new XTextFormatter(graphics) { Alignment = XParagraphAlignment.Center }
                .DrawString(contact, fonts.Small, XBrushes.Black, new XRect(Margin, y, width, 24));
            y += 26;
        }

        graphics.DrawLine(XPens.Black, Margin, y, PageWidth - Margin, y);
        return y + 28;
    }

    private static double TableRow(XGraphics graphics, XFont font, double[] columns, string[] cells, double y, bool header)
    {
        var x = Margin;
        if (header)
        {
            graphics.DrawRectangle(XBrushes.LightGray, Margin, y, columns.Sum(), RowHeight);
        }

        for (var i = 0; i < columns.Length; i++)
        {
            graphics.DrawRectangle(XPens.Gray, x, y, columns[i], RowHeight);
            graphics.DrawString(Fit(graphics, cells[i], font, columns[i] - 8), font, XBrushes.Black, new XRect(x + 4, y + 3, columns[i] - 8, RowHeight - 4), XStringFormats.TopLeft);
            x += columns[i];
        }

        return y + RowHeight;
    }

    /// <summary>A cell's text, shortened with an ellipsis if it would run into the next column.</summary>
    private static string Fit(XGraphics graphics, string text, XFont font, double width)
    {
        if (graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && graphics.MeasureString(cut + "…", font).Width > width)
        {
            cut = cut[..^1];
        }

        return cut + "…";
    }

    private sealed record Fonts(XFont Title, XFont Body, XFont Bold, XFont Small);
}
