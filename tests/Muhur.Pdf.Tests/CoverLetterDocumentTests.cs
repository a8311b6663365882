using System.Text.RegularExpressions;
using Muhur.Pdf.Forms;
using Muhur.Signer.Tests;

namespace Muhur.Pdf.Tests;

/// <summary>R-APP-9: the cover letter (üst yazı) carries the letterhead, date, number, subject, every form and the signature block, Turkish letters intact.</summary>
public sealed partial class CoverLetterDocumentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("muhur-letter-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Create_ThreeForms_PdftotextReadsLetterheadFormsAndSignature()
    {
        // Arrange
        var content = Content(
        [
            new CoverLetterForm("202600000018", "Şükrü Öztürk", "Hukuk Fakültesi / Doç. Dr."),
            new CoverLetterForm("202600000026", "İsmail Çağlar", "Mühendislik Fakültesi / Prof. Dr."),
            new CoverLetterForm("202600000034", "Ayşe Yılmaz", null),
        ]);

        // Act
        var text = Read(CoverLetterDocument.Create(content));

        // Assert
        string[] expected =
        [
            "ÖRNEK ÜNİVERSİTESİ", "Gölbaşı Yerleşkesi, 06830 Gölbaşı/Ankara", "Tel: +90 312 000 00 00", "bidb@ornek.edu.tr",
            "Sayı: ORNEK-UNI-2026-000001", "03.12.2026", "Konu: Nitelikli Elektronik Sertifika başvuru formlarının gönderilmesi hk.",
            "ELEKTRONİK SERTİFİKA HİZMET SAĞLAYICISI MERKEZİNE", "3 kişinin ıslak imzalı", "Sıra", "Barkod", "Adı Soyadı", "Birimi / Unvanı",
            "Şükrü Öztürk", "Hukuk Fakültesi / Doç. Dr.", "İsmail Çağlar", "Ek: 3 adet ıslak imzalı başvuru formu",
            "Gülşen Işıkçı", "Bilgi İşlem Daire Başkanı",
        ];
        Assert.All(expected, value => Assert.Contains(value, text, StringComparison.Ordinal));
        Assert.Equal(["202600000018", "202600000026", "202600000034"], Barcodes(text));
    }

    [Fact]
    public void Create_SixtyForms_ListsEveryFormOnFollowingPages()
    {
        // Arrange
        var forms = Enumerable.Range(1, 60).Select(i => new CoverLetterForm($"2026{i:D8}", $"Kişi {i} Çelik", "Birim")).ToList();

        // Act
        var pdf = CoverLetterDocument.Create(Content(forms));
        var text = Read(pdf);
        var (_, info) = ExternalProcess.Run("pdfinfo", Save(pdf));

        // Assert
        Assert.Equal(forms.Select(f => f.FormNumber), Barcodes(text));
        Assert.Matches(@"Pages:\s+[2-9]", info);
        Assert.Contains("Ek: 60 adet", text, StringComparison.Ordinal);
    }

    private static CoverLetterContent Content(IReadOnlyList<CoverLetterForm> forms) => new()
    {
        InstitutionName = "Örnek Üniversitesi",
        PostalAddress = "Gölbaşı Yerleşkesi, 06830 Gölbaşı/Ankara",
        Phone = "+90 312 000 00 00",
        Email = "bidb@ornek.edu.tr",
        LetterDate = new DateOnly(2026, 12, 3),
        LetterNumber = "ORNEK-UNI-2026-000001",
        SignatoryName = "Gülşen Işıkçı",
        SignatoryTitle = "Bilgi İşlem Daire Başkanı",
        Forms = forms,
        CreatedAt = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero),
    };

    private string Save(byte[] pdf)
    {
        var file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(file, pdf);
        return file;
    }

    private string Read(byte[] pdf)
    {
        var (exitCode, text) = ExternalProcess.Run("pdftotext", "-enc", "UTF-8", Save(pdf), "-");
        Assert.True(exitCode == 0, text);
        return string.Join(' ', text.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
    }

    private static List<string> Barcodes(string text) => TwelveDigits().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"\b\d{12}\b")]
    private static partial Regex TwelveDigits();
}
