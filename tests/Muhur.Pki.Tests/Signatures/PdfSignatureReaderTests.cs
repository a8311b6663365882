using System.Globalization;
using System.Text;
using Muhur.Pki.Signatures;

namespace Muhur.Pki.Tests.Signatures;

/// <summary>R-CARD-5: finding PAdES signatures by their /ByteRange (ISO 32000-1 §12.8.1).</summary>
public sealed class PdfSignatureReaderTests
{
    // A DER SEQUENCE of three bytes stands in for the CMS; the reader does not decode CMS.
    private const string Der = "3003020101";

    [Fact]
    public void Read_WellFormedSignature_ReturnsRangesCmsWithoutPaddingSubFilterAndTime()
    {
        // Arrange
        var pdf = SignedPdf(Der + "0000000000", "ETSI.CAdES.detached", "D:20261121103000+03'00'", trailing: "");

        // Act
        var signature = Assert.Single(PdfSignatureReader.Read(pdf));

        // Assert
        Assert.Equal(Convert.FromHexString(Der), signature.Cms);
        Assert.Equal("ETSI.CAdES.detached", signature.SubFilter);
        Assert.True(signature.IsDetachedCms);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.FromHours(3)), signature.ClaimedSigningTime);
        Assert.True(signature.CoversWholeDocument);
        var content = signature.SignedContent(pdf);
        Assert.Equal(pdf.Length - (signature.ByteRange[2] - signature.ByteRange[1]), content.Length);
        Assert.DoesNotContain("<" + Der, Encoding.Latin1.GetString(content), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LongContentsBeforeByteRange_StillFindsSubFilterAndTime()
    {
        // Arrange: the layout PDFsharp writes: /SubFilter, then kilobytes of /Contents, then /ByteRange and /M.
        var padding = new string('0', 20_000);
        var pdf = SignedPdf(Der + padding, "ETSI.CAdES.detached", "D:20261121103000Z", trailing: "", contentsFirst: true);

        // Act
        var signature = Assert.Single(PdfSignatureReader.Read(pdf));

        // Assert
        Assert.Equal("ETSI.CAdES.detached", signature.SubFilter);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.Zero), signature.ClaimedSigningTime);
        Assert.Equal(Convert.FromHexString(Der), signature.Cms);
        Assert.True(signature.CoversWholeDocument);
    }

    [Fact]
    public void Read_BytesAfterSignedRange_ReportsNotCoveringWholeDocument()
    {
        // Arrange: an incremental update appended after signing.
        var pdf = SignedPdf(Der, "adbe.pkcs7.detached", "D:20261121", trailing: "7 0 obj\n(x)\nendobj\n%%EOF\n");

        // Act
        var signature = Assert.Single(PdfSignatureReader.Read(pdf));

        // Assert
        Assert.False(signature.CoversWholeDocument);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero), signature.ClaimedSigningTime);
    }

    [Theory]
    [InlineData("adbe.pkcs7.detached", true)]
    [InlineData("adbe.x509.rsa_sha1", false)]
    [InlineData("ETSI.RFC3161", false)]
    public void IsDetachedCms_SubFilter_TellsWhetherACmsOverTheByteRange(string subFilter, bool expected)
    {
        // Arrange
        var pdf = SignedPdf(Der, subFilter, "D:20261121", trailing: "");

        // Act
        var signature = Assert.Single(PdfSignatureReader.Read(pdf));

        // Assert
        Assert.Equal(subFilter, signature.SubFilter);
        Assert.Equal(expected, signature.IsDetachedCms);
    }

    [Fact]
    public void Read_NoSignature_ReturnsEmpty()
    {
        // Arrange
        var pdf = Encoding.Latin1.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");

        // Act
        var signatures = PdfSignatureReader.Read(pdf);

        // Assert
        Assert.Empty(signatures);
        Assert.True(PdfSignatureReader.IsPdf(pdf));
    }

    [Theory]
    [InlineData("/ByteRange [0 10 20]")]
    [InlineData("/ByteRange [0 10 5 5]")]
    [InlineData("/ByteRange [0 10 20 999999]")]
    [InlineData("/ByteRange [0 x 20 5]")]
    [InlineData("/ByteRange 0 10 20 5")]
    [InlineData("/ByteRange [0 10 20 9223372036854775807]")]
    [InlineData("/ByteRange [0 9223372036854775807 20 5]")]
    [InlineData("/ByteRange [0 10 20 99999999999999999999]")]
    public void Read_MalformedByteRange_Throws(string byteRange)
    {
        // Arrange: a malformed signature is an error, never silently skipped.
        var pdf = Encoding.Latin1.GetBytes("%PDF-1.7\n1 0 obj\n<< " + byteRange + " /Contents <00> >>\nendobj\n" + new string(' ', 40));

        // Act + Assert
        Assert.Throws<FormatException>(() => PdfSignatureReader.Read(pdf));
    }

    [Fact]
    public void Read_MoreSignaturesThanTheCap_Throws()
    {
        // Arrange: one well-formed signature dictionary and many /ByteRange arrays pointing at its /Contents.
        var pdf = SignedPdf(Der, "ETSI.CAdES.detached", "D:20261121", trailing: "");
        var text = Encoding.Latin1.GetString(pdf);
        var range = text[text.IndexOf("/ByteRange", StringComparison.Ordinal)..(text.IndexOf(']', StringComparison.Ordinal) + 1)];
        var crafted = Encoding.Latin1.GetBytes(text.Replace("%%EOF", string.Concat(Enumerable.Repeat(range + "\n", PdfSignatureReader.MaxSignatures)) + "%%EOF",
            StringComparison.Ordinal));

        // Act + Assert: an upload cannot ask for thousands of verifications.
        var error = Assert.Throws<FormatException>(() => PdfSignatureReader.Read(crafted));
        Assert.Contains("more signatures", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GapThatIsNotHexString_Throws()
    {
        // Arrange: /ByteRange points its gap at something other than /Contents' <…>.
        var pdf = SignedPdf(Der, "ETSI.CAdES.detached", "D:20261121", trailing: "");
        var text = Encoding.Latin1.GetString(pdf).Replace("<" + Der + ">", "(" + Der + ")", StringComparison.Ordinal);

        // Act + Assert
        Assert.Throws<FormatException>(() => PdfSignatureReader.Read(Encoding.Latin1.GetBytes(text)));
    }

    [Theory]
    [InlineData("30847FFFFFFF020101")] // 0x7FFFFFFF: header + length overflowed an int
    [InlineData("3084FFFFFFFF020101")] // 0xFFFFFFFF: negative as an int
    [InlineData("30820100020101")] // 256 bytes claimed, 3 there
    [InlineData("3080020101")] // indefinite length, not DER
    public void Read_ContentsClaimingMoreThanItHolds_KeepsTheBytesForTheCmsDecoderToRefuse(string contentsHex)
    {
        // Arrange: an uploaded PDF whose CMS claims a DER length /Contents does not hold.
        var pdf = SignedPdf(contentsHex + "000000", "ETSI.CAdES.detached", "D:20261121", trailing: "");

        // Act
        var signature = Assert.Single(PdfSignatureReader.Read(pdf));

        // Assert
        Assert.Equal(Convert.FromHexString(contentsHex + "000000"), signature.Cms);
    }

    [Theory]
    [InlineData("D:20261121103045Z", "2026-11-21T10:30:45+00:00")]
    [InlineData("D:20261121103045-05'30'", "2026-11-21T10:30:45-05:30")]
    [InlineData("D:20261121103045+03'00", "2026-11-21T10:30:45+03:00")]
    [InlineData("D:2026", "2026-01-01T00:00:00+00:00")]
    public void ParsePdfDate_Iso32000Forms_Parses(string text, string expected)
    {
        // Act
        var parsed = PdfSignatureReader.ParsePdfDate(text);

        // Assert
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), parsed);
    }

    [Theory]
    [InlineData("20261121")]
    [InlineData("D:20261399")]
    [InlineData("D:20261121103045+99'00'")]
    [InlineData("D:00010101000000+14'00'")]
    [InlineData("D:99991231235959-14'00'")]
    [InlineData("")]
    public void ParsePdfDate_NotADate_ReturnsNull(string text) => Assert.Null(PdfSignatureReader.ParsePdfDate(text));

    /// <summary>A PDF whose one signature dictionary has a /ByteRange computed like a signer would.</summary>
    private static byte[] SignedPdf(string contentsHex, string subFilter, string date, string trailing, bool contentsFirst = false)
    {
        const string Placeholder = "[0000000000 0000000000 0000000000 0000000000]";
        var start = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n5 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /" + subFilter;
        var head = contentsFirst ? start + " /Contents " : start + " /ByteRange " + Placeholder + " /Contents ";
        var tail = contentsFirst ? " /ByteRange " + Placeholder + " /M (" + date + ") >>\nendobj\n%%EOF\n" : " /M (" + date + ") >>\nendobj\n%%EOF\n";
        var gapStart = head.Length;
        var gapEnd = gapStart + contentsHex.Length + 2;
        var signedEnd = gapEnd + tail.Length;
        var range = string.Create(CultureInfo.InvariantCulture, $"[0 {gapStart} {gapEnd} {signedEnd - gapEnd}]").PadRight(Placeholder.Length);
        var text = head + "<" + contentsHex + ">" + tail;
        return Encoding.Latin1.GetBytes(text.Replace(Placeholder, range, StringComparison.Ordinal) + trailing);
    }
}
