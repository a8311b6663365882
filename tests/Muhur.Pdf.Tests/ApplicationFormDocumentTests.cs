using Muhur.Pdf.Forms;
using Muhur.Signer.Tests;

namespace Muhur.Pdf.Tests;

/// <summary>R-APP-7: the wet-signed form carries every field, Turkish letters intact, and a barcode scanners read.</summary>
public sealed class ApplicationFormDocumentTests : IDisposable
{
    private static readonly ApplicationFormContent Content = new()
    {
        FormNumber = "202600001234",
        Kind = "İlk başvuru",
        InstitutionName = "Örnek Üniversitesi",
        UnitName = "Bilgi İşlem Daire Başkanlığı",
        IdentifierLabel = "T.C. Kimlik No",
        IdentifierNumber = "12345678950",
        GivenName = "İsmail",
        Surname = "Çağlar",
        Title = "Prof. Dr.",
        Position = "Dekan",
        CorporateEmail = "ismail.caglar@ornek.edu.tr",
        MobilePhone = "0532 123 45 67",
        Province = "Şanlıurfa",
        District = "Haliliye",
        AddressLine = "Yenişehir Mah. Güllübağ Cad. No: 7 Daire: 3",
        PostalCode = "63300",
        SecurityWord = "Gümüşsuyu-Işık",
        PublishCertificate = true,
        Payment = "Kurum ödemeli (görev: Dekan)",
        RepeatReason = null,
        CreatedAt = new DateTimeOffset(2026, 11, 29, 10, 30, 0, TimeSpan.Zero),
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("muhur-form-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Create_FilledForm_PdftotextReadsEveryField()
    {
        // Arrange
        var file = Save(ApplicationFormDocument.Create(Content));

        // Act
        var (exitCode, text) = ExternalProcess.Run("pdftotext", "-enc", "UTF-8", file, "-");

        // Assert: each value as typed, Turkish letters included; the date in Turkish time and format.
        Assert.True(exitCode == 0, text);
        string[] expected =
        [
            Content.FormNumber, Content.Kind, Content.InstitutionName, Content.UnitName!, Content.IdentifierNumber,
            Content.GivenName, Content.Surname, Content.Title!, Content.Position!, Content.CorporateEmail, Content.MobilePhone,
            "Şanlıurfa / Haliliye", Content.AddressLine, Content.PostalCode!, Content.SecurityWord, Content.Payment,
            "29.11.2026 13:30", "SERTİFİKA TAAHHÜTNAMESİ", "İsmail Çağlar",
        ];
        var flattened = string.Join(' ', text.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.All(expected, value => Assert.Contains(value, flattened, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_FilledForm_IsOneA4PageWithEmbeddedFonts()
    {
        var file = Save(ApplicationFormDocument.Create(Content));

        var (infoExit, info) = ExternalProcess.Run("pdfinfo", file);
        var (fontsExit, fonts) = ExternalProcess.Run("pdffonts", file);

        Assert.True(infoExit == 0, info);
        Assert.Matches(@"Pages:\s+1\n", info);
        Assert.Matches(@"Page size:\s+595\.2\d? x 841\.89 pts \(A4\)", info);
        Assert.True(fontsExit == 0, fonts);
        var rows = fonts.Split('\n').Skip(2).Where(r => r.Length > 0).ToArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Matches(@"DejaVu Sans.*\syes\s+yes\s", r));
    }

    [Theory]
    [InlineData("202600001234")]
    [InlineData("202699999997")]
    public void Create_RenderedAt150Dpi_ZbarimgReadsTheFormNumber(string formNumber)
    {
        // Arrange: the page as a scanner would see it.
        var file = Save(ApplicationFormDocument.Create(Content with { FormNumber = formNumber }));
        var image = Path.Combine(_directory, "sayfa");
        var (renderExit, renderOutput) = ExternalProcess.Run("pdftoppm", "-r", "150", "-png", "-singlefile", file, image);
        Assert.True(renderExit == 0, renderOutput);

        // Act
        var (exitCode, output) = ExternalProcess.Run("zbarimg", "--quiet", "--nodbus", image + ".png");

        // Assert
        Assert.True(exitCode == 0, output);
        Assert.Equal($"CODE-128:{formNumber}", output.Trim());
    }

    private string Save(byte[] pdf)
    {
        var file = Path.Combine(_directory, "basvuru-formu.pdf");
        File.WriteAllBytes(file, pdf);
        return file;
    }
}
