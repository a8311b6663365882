using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;

namespace Muhur.Pdf.Forms;

/// <summary>
/// The wet-signed application form and certificate undertaking (R-APP-7; seed 000 §3.1): one A4 page with
/// every field, the security word, the form's Code 128 barcode and a signature block. The text is Turkish:
/// it is the document the centre files.
/// </summary>
public static class ApplicationFormDocument
{
    private const double Margin = 48;
    private const double PageWidth = 595.28; // A4, ISO 216, in points
    private const double PageHeight = 841.89;
    private const double LabelWidth = 170;

    private static readonly CultureInfo Turkish = CultureInfo.GetCultureInfo("tr-TR");

    /// <summary>Titles of the undertaking's clauses, as the holder signs them (5070 sayılı Kanun, ETSI EN 319 411-1 §6.3.4).</summary>
    private static readonly string[] Undertaking =
    [
        "Bu formdaki bilgilerin doğru ve eksiksiz olduğunu; değişmeleri hâlinde Elektronik Sertifika Hizmet Sağlayıcısına derhal bildireceğimi,",
        "Nitelikli elektronik sertifikamı ve onu taşıyan akıllı kartı yalnızca kendim kullanacağımı, PIN ve PUK şifrelerimi ve güvenlik sözcüğümü kimseyle paylaşmayacağımı,",
        "Kartımın kaybolması, çalınması ya da şifrelerimin başkasınca öğrenildiğinden şüphelenmem hâlinde sertifikamı derhal iptal ettireceğimi,",
        "Sertifikanın kullanım koşullarını, sertifika ilkelerini ve uygulama esaslarını okuduğumu ve kabul ettiğimi taahhüt ederim.",
    ];

    /// <summary>The form as PDF bytes, fonts embedded.</summary>
    public static byte[] Create(ApplicationFormContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        PdfFonts.Register();
        using var document = new PdfDocument();
        document.Info.Title = "Nitelikli Elektronik Sertifika Başvuru Formu " + content.FormNumber;
        document.Info.Author = "Mühür";
        document.Info.CreationDate = content.CreatedAt.UtcDateTime;

        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            Draw(graphics, content);
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private static void Draw(XGraphics graphics, ApplicationFormContent content)
    {
        var title = new XFont(PdfFonts.Family, 13, XFontStyleEx.Bold);
        var heading = new XFont(PdfFonts.Family, 10.5, XFontStyleEx.Bold);
        var label = new XFont(PdfFonts.Family, 9);
        var value = new XFont(PdfFonts.Family, 9.5, XFontStyleEx.Bold);
        var small = new XFont(PdfFonts.Family, 8.5);

        // The barcode at the top right, its number beneath it; the title to its left.
        const double barcodeHeight = 42;
        var barcodeWidth = Code128Barcode.Modules(content.FormNumber).Length + 20;
        var moduleWidth = Math.Min(1.3, 190.0 / barcodeWidth);
        var barcodeX = PageWidth - Margin - (barcodeWidth * moduleWidth);
        Code128Barcode.Draw(graphics, content.FormNumber, barcodeX, Margin, moduleWidth, barcodeHeight);
        graphics.DrawString(content.FormNumber, small, XBrushes.Black,
            new XRect(barcodeX, Margin + barcodeHeight + 2, barcodeWidth * moduleWidth, 12), XStringFormats.TopCenter);

        var formatter = new XTextFormatter(graphics);
        formatter.DrawString(
            "NİTELİKLİ ELEKTRONİK SERTİFİKA BAŞVURU FORMU VE SERTİFİKA TAAHHÜTNAMESİ",
            title, XBrushes.Black, new XRect(Margin, Margin, barcodeX - Margin - 16, 40));

        var y = Margin + barcodeHeight + 30;
        graphics.DrawString($"Başvuru türü: {content.Kind}", label, XBrushes.Black, Margin, y);
        graphics.DrawString($"Form tarihi: {content.CreatedAt.ToOffset(TimeSpan.FromHours(3)).ToString("dd.MM.yyyy HH:mm", Turkish)}",
            label, XBrushes.Black, new XRect(Margin, y - 9, PageWidth - (2 * Margin), 12), XStringFormats.TopRight);
        y += 14;

        y = Section(graphics, heading, label, value, y, "Kurumun bildirdiği bilgiler",
        [
            ("Kurum", content.InstitutionName),
            ("Birim", content.UnitName),
            (content.IdentifierLabel, content.IdentifierNumber),
            ("Adı", content.GivenName),
            ("Soyadı", content.Surname),
            ("Unvanı", content.Title),
            ("Görevi", content.Position),
            ("Kurumsal e-posta", content.CorporateEmail),
            ("Ödeme", content.Payment),
        ]);

        y = Section(graphics, heading, label, value, y, "Başvuru sahibinin bildirdiği bilgiler",
        [
            ("Cep telefonu", content.MobilePhone),
            ("İl / İlçe", $"{content.Province} / {content.District}"),
            ("Teslimat adresi", content.AddressLine),
            ("Posta kodu", content.PostalCode),
            ("Güvenlik sözcüğü", content.SecurityWord),
            ("Sertifikam internetten yayınlansın", content.PublishCertificate ? "Evet" : "Hayır"),
            ("Tekrar başvuru nedeni", content.RepeatReason),
        ]);

        graphics.DrawString("Sertifika taahhütnamesi", heading, XBrushes.Black, Margin, y);
        y += 6;
        foreach (var clause in Undertaking)
        {
            var height = 26;
            formatter.DrawString("• " + clause, small, XBrushes.Black, new XRect(Margin, y, PageWidth - (2 * Margin), height));
            y += height;
        }

        // The signature block: the wet signature makes the application (R-APP-7).
        y += 18;
        var columnWidth = (PageWidth - (2 * Margin)) / 3;
        string[] captions = ["Başvuru sahibinin adı soyadı", "Tarih", "İmza"];
        string[] values = [$"{content.GivenName} {content.Surname}", "....../....../20......", string.Empty];
        for (var i = 0; i < captions.Length; i++)
        {
            var x = Margin + (i * columnWidth);
            graphics.DrawString(captions[i], label, XBrushes.Black, x, y);
            graphics.DrawString(values[i], value, XBrushes.Black, x, y + 22);
            graphics.DrawLine(XPens.Black, x, y + 50, x + columnWidth - 16, y + 50);
        }

        formatter.DrawString(
            "Bu form üzerinde düzeltme yapılamaz; bir düzeltme yeni bir form ve yeni bir barkod ile yapılır, eski form geçersiz olur. " +
            "İmzalı formun aslını kurum yetkilinize teslim ediniz. Güvenlik sözcüğünüzü içerdiğinden bu formu başkalarıyla paylaşmayınız.",
            small, XBrushes.Black, new XRect(Margin, PageHeight - Margin - 36, PageWidth - (2 * Margin), 36));
    }

    private static double Section(XGraphics graphics, XFont heading, XFont label, XFont value, double y, string title, IReadOnlyList<(string Label, string? Value)> rows)
    {
        graphics.DrawString(title, heading, XBrushes.Black, Margin, y);
        y += 6;
        var formatter = new XTextFormatter(graphics);
        foreach (var (caption, text) in rows)
        {
            // Word wrapping loses part of each line; a fifth more than the bare width keeps a long address inside its box.
            var lines = Math.Max(1, (int)Math.Ceiling(graphics.MeasureString(text ?? "-", value).Width * 1.2 / (PageWidth - (2 * Margin) - LabelWidth - 8)));
            var height = 15 * lines;
            graphics.DrawRectangle(XPens.LightGray, Margin, y, PageWidth - (2 * Margin), height);
            graphics.DrawString(caption, label, XBrushes.Black, Margin + 4, y + 11);
            formatter.DrawString(string.IsNullOrWhiteSpace(text) ? "-" : text, value, XBrushes.Black,
                new XRect(Margin + LabelWidth, y + 2.5, PageWidth - (2 * Margin) - LabelWidth - 8, height));
            y += height;
        }

        return y + 18;
    }
}
