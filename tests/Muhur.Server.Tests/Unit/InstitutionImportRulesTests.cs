using System.Text;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.InstitutionApplications;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Unit;

// R-ELIG-4: the receipt's type is decided by its content, not its name; R-APP-1: the import file is read as Turkish
// spreadsheets write it (UTF-8 with or without BOM, ";" or ",", RFC 4180 quotes), and its kinds in Turkish words.
public class InstitutionImportRulesTests
{
    [Theory]
    [InlineData("dekont.pdf", "pdf", "None")]
    [InlineData("DEKONT.PDF", "pdf", "None")]
    [InlineData("dekont.png", "png", "None")]
    [InlineData("dekont.jpeg", "jpeg", "None")]
    [InlineData("dekont.jpg", "jpeg", "None")]
    [InlineData("dekont.pdf", "png", "NameDoesNotMatch")]
    [InlineData("dekont.png", "pdf", "NameDoesNotMatch")]
    [InlineData("dekont", "pdf", "NameDoesNotMatch")]
    [InlineData("dekont.pdf", "text", "UnknownType")]
    [InlineData("dekont.pdf", "empty", "Missing")]
    [InlineData("dekont.pdf", "oversized", "TooLarge")]
    public void ReceiptCheck_ContentAndName_DecideTogether(string fileName, string content, string expected)
    {
        byte[] bytes = content switch
        {
            "pdf" => InstitutionApplicationSupport.ReceiptPdf,
            "png" => InstitutionApplicationSupport.ReceiptPng,
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'],
            "text" => Encoding.UTF8.GetBytes("%PD-1.4 not really"),
            "empty" => [],
            "oversized" => [.. InstitutionApplicationSupport.ReceiptPdf, .. new byte[ReceiptFile.MaxBytes]],
            _ => throw new ArgumentOutOfRangeException(nameof(content)),
        };

        var error = ReceiptFile.Check(fileName, bytes, out var receipt);

        Assert.Equal(Enum.Parse<ReceiptError>(expected), error);
        Assert.Equal(error == ReceiptError.None, receipt is not null);
    }

    [Fact]
    public void ReceiptCheck_PathInName_KeepsOnlyTheFileName()
    {
        ReceiptFile.Check(@"C:\Users\ali\Belgeler\dekont.pdf", InstitutionApplicationSupport.ReceiptPdf, out var receipt);

        Assert.Equal("dekont.pdf", receipt!.FileName);
        Assert.Equal("application/pdf", receipt.ContentType);
    }

    [Theory]
    [InlineData(true, ';')]
    [InlineData(false, ',')]
    public void CsvParse_BomAndSeparator_ReadsCellsByHeader(bool bom, char separator)
    {
        var text = string.Join(separator, "KIMLIK_TURU", "kimlik_no", "ad", "soyad", "eposta", "basvuru_turu", "unvan") + "\r\n"
            + string.Join(separator, "TC", "10000000146", "Ayşe", "\"Yılmaz\"\"Öz\"", "ayse@ornek.edu.tr", "ilk", $"\"Prof.{separator} Dr.\"") + "\r\n\r\n";
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var error = ApplicantCsv.Parse(bytes, out var rows, out _);

        Assert.Equal(CsvFileError.None, error);
        var row = Assert.Single(rows);
        Assert.Equal(2, row.Number);
        Assert.Equal("TC", row.Get(ApplicantCsv.IdentifierKind));
        Assert.Equal("Yılmaz\"Öz", row.Get(ApplicantCsv.Surname));
        Assert.Equal($"Prof.{separator} Dr.", row.Get(ApplicantCsv.Title));
        Assert.Equal(string.Empty, row.Get(ApplicantCsv.Mobile));
    }

    [Fact]
    public void CsvParse_QuotedLineBreak_CountsRowsByTheirFirstLine()
    {
        var text = "kimlik_turu;kimlik_no;ad;soyad;eposta;basvuru_turu\nTC;1;\"A\nB\";C;d@e.f;ilk\nTC;2;E;F;g@h.i;ilk\n";

        ApplicantCsv.Parse(Encoding.UTF8.GetBytes(text), out var rows, out _);

        Assert.Equal([2, 4], rows.Select(r => r.Number));
        Assert.Equal("A\nB", rows[0].Get(ApplicantCsv.GivenName));
    }

    [Theory]
    [InlineData("kimlik_no;ad;soyad;eposta;basvuru_turu\nTC;1;A;B;c@d.e;ilk\n", "MissingColumns")]
    [InlineData("kimlik_turu;kimlik_no;ad;soyad;eposta;basvuru_turu\n", "Empty")]
    [InlineData("", "Empty")]
    [InlineData("kimlik_turu;kimlik_no;ad;soyad;eposta;basvuru_turu\nTC;1;\"A;B;c@d.e;ilk\n", "UnclosedQuote")]
    public void CsvParse_BadFile_IsRefusedAsAWhole(string text, string expected)
    {
        Assert.Equal(Enum.Parse<CsvFileError>(expected), ApplicantCsv.Parse(Encoding.UTF8.GetBytes(text), out _, out _));
    }

    [Fact]
    public void CsvParse_Windows1254_IsRefusedRatherThanMisspelled()
    {
        // "Şükrü" in Windows-1254: Ş = 0xDE, ü = 0xFC, not valid UTF-8.
        byte[] bytes = [.. Encoding.ASCII.GetBytes("kimlik_turu;kimlik_no;ad;soyad;eposta;basvuru_turu\nTC;1;"), 0xDE, 0xFC, 0x6B, 0x72, 0xFC, .. Encoding.ASCII.GetBytes(";B;c@d.e;ilk\n")];

        Assert.Equal(CsvFileError.NotUtf8, ApplicantCsv.Parse(bytes, out _, out _));
    }

    [Fact]
    public void CsvSample_ParsesWithEveryColumn()
    {
        Assert.Equal(CsvFileError.None, ApplicantCsv.Parse(Encoding.UTF8.GetBytes(ApplicantCsv.Sample), out var rows, out _));
        Assert.Equal(2, rows.Count);
        Assert.All(ApplicantCsv.Columns.Where(c => c != ApplicantCsv.Country), c => Assert.NotEqual(string.Empty, rows[1].Get(c)));
    }

    [Theory]
    [InlineData("ilk", "First")]
    [InlineData("İlk başvuru", "First")]
    [InlineData("Yenileme", "Renewal")]
    [InlineData("kayıp-çalıntı", "LostOrStolen")]
    [InlineData("KAYIP / ÇALINTI", "LostOrStolen")]
    [InlineData("arızalı", "FaultyCard")]
    [InlineData("FaultyCard", "FaultyCard")]
    public void ApplicationKind_TurkishWords_AreUnderstood(string text, string expected)
    {
        Assert.Equal(Enum.Parse<ApplicationKind>(expected), ImportApplicants.ParseApplicationKind(text));
    }

    [Fact]
    public void ApplicationKind_Unknown_IsNull()
    {
        Assert.Null(ImportApplicants.ParseApplicationKind("acil"));
    }
}
