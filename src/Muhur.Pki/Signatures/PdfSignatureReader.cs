using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Muhur.Pki.Signatures;

/// <summary>
/// One signature dictionary of a PDF (ISO 32000-1 §12.8.1): where its bytes are, the CMS in /Contents, and what the
/// dictionary says about it.
/// </summary>
/// <param name="ByteRange">/ByteRange: offset and length pairs of the signed bytes; the gap between them is /Contents.</param>
/// <param name="Cms">The DER of the CMS SignedData, without the zero padding of the reserved space.</param>
/// <param name="SubFilter">/SubFilter: ETSI.CAdES.detached for PAdES (ETSI EN 319 142-1 §5.1), adbe.pkcs7.detached for the older form.</param>
/// <param name="ClaimedSigningTime">/M: the signer's claimed signing time, which PAdES keeps here instead of a CMS signing-time.</param>
/// <param name="CoversWholeDocument">The ranges start at byte 0, end at the end of the file and leave out only /Contents.</param>
public sealed record PdfSignature(
    IReadOnlyList<long> ByteRange,
    byte[] Cms,
    string? SubFilter,
    DateTimeOffset? ClaimedSigningTime,
    bool CoversWholeDocument)
{
    /// <summary>
    /// A CMS signature over the /ByteRange: PAdES's ETSI.CAdES.detached (ETSI EN 319 142-1 §5.1) or the older
    /// adbe.pkcs7.detached (ISO 32000-1 §12.8.3.3). Other sub-filters (adbe.x509.rsa_sha1, timestamps) are not signatures
    /// this centre verifies.
    /// </summary>
    public bool IsDetachedCms => SubFilter is "ETSI.CAdES.detached" or "adbe.pkcs7.detached";

    /// <summary>The signed bytes: the /ByteRange ranges of <paramref name="pdf"/>, concatenated.</summary>
    public byte[] SignedContent(ReadOnlySpan<byte> pdf)
    {
        var length = 0L;
        for (var i = 0; i < ByteRange.Count; i += 2)
        {
            length += ByteRange[i + 1];
        }
        var content = new byte[length];
        var at = 0;
        for (var i = 0; i < ByteRange.Count; i += 2)
        {
            var piece = pdf.Slice(checked((int)ByteRange[i]), checked((int)ByteRange[i + 1]));
            piece.CopyTo(content.AsSpan(at));
            at += piece.Length;
        }
        return content;
    }
}

/// <summary>
/// Finds the signatures of a PDF by their /ByteRange arrays (ISO 32000-1 §12.8.1, Table 252). A signature dictionary
/// must be written uncompressed, since its offsets are part of what is signed, so a scan of the file finds every one
/// without a full PDF parser. A /ByteRange is accepted only if it is well formed, lies inside the file and its gap
/// holds exactly one hexadecimal string: anything else is reported as a malformed signature, not skipped.
/// </summary>
public static partial class PdfSignatureReader
{
    private static readonly byte[] PdfHeader = "%PDF-"u8.ToArray();
    private static readonly byte[] ByteRangeKey = "/ByteRange"u8.ToArray();

    /// <summary>The most signatures read from one PDF.</summary>
    public const int MaxSignatures = 32;

    /// <summary>How far around /ByteRange the rest of its dictionary is looked for.</summary>
    private const int DictionaryWindow = 4096;

    /// <summary>Whether <paramref name="file"/> starts like a PDF (ISO 32000-1 §7.5.2).</summary>
    public static bool IsPdf(ReadOnlySpan<byte> file) => file.StartsWith(PdfHeader);

    /// <summary>The signatures of <paramref name="pdf"/> in file order (the first signed first).</summary>
    /// <exception cref="FormatException">A /ByteRange or its /Contents is malformed.</exception>
    public static IReadOnlyList<PdfSignature> Read(ReadOnlySpan<byte> pdf)
    {
        var signatures = new List<PdfSignature>();
        var from = 0;
        while (true)
        {
            var found = pdf[from..].IndexOf(ByteRangeKey);
            if (found < 0)
            {
                return signatures;
            }
            // Each signature is verified over (nearly) the whole file: a cap keeps an uploaded file from asking for
            // thousands of verifications.
            if (signatures.Count == MaxSignatures)
            {
                throw new FormatException("The PDF holds more signatures than a document plausibly carries.");
            }
            var keyAt = from + found;
            from = keyAt + ByteRangeKey.Length;
            signatures.Add(ReadOne(pdf, keyAt, from));
        }
    }

    private static PdfSignature ReadOne(ReadOnlySpan<byte> pdf, int keyAt, int afterKey)
    {
        var range = ParseByteRange(pdf, afterKey);
        // Every offset and length lies within the file, so no sum below can overflow.
        var fileLength = pdf.Length;
        if (range.Any(value => value > fileLength))
        {
            throw new FormatException("The /ByteRange reaches past the end of the file.");
        }
        for (var i = 0; i < range.Count; i++)
        {
            if (range[i] < 0 || (i % 2 == 0 && i > 0 && range[i] < range[i - 2] + range[i - 1]))
            {
                throw new FormatException("The /ByteRange ranges overlap or go backwards.");
            }
        }
        if (range[^2] + range[^1] > pdf.Length)
        {
            throw new FormatException("The /ByteRange reaches past the end of the file.");
        }
        // The gap between the first two ranges is the /Contents hexadecimal string: '<' hex digits '>'.
        var gapStart = checked((int)(range[0] + range[1]));
        var gapEnd = checked((int)range[2]);
        var gap = pdf[gapStart..gapEnd];
        if (gap.Length < 2 || gap[0] != (byte)'<' || gap[^1] != (byte)'>')
        {
            throw new FormatException("The /ByteRange gap is not a hexadecimal string.");
        }
        var cms = DecodeHex(gap[1..^1]);
        var dictionary = Dictionary(pdf, keyAt, gapStart, gapEnd);
        var coversAll = range.Count == 4 && range[0] == 0 && range[2] + range[3] == pdf.Length;
        return new PdfSignature(range, TrimPadding(cms), Name(dictionary, "SubFilter"), Date(dictionary), coversAll);
    }

    private static List<long> ParseByteRange(ReadOnlySpan<byte> pdf, int at)
    {
        var end = pdf[at..].IndexOf((byte)']');
        if (end < 0 || end > 200)
        {
            throw new FormatException("The /ByteRange array is not closed.");
        }
        var text = Encoding.ASCII.GetString(pdf.Slice(at, end)).Trim();
        if (!text.StartsWith('['))
        {
            throw new FormatException("/ByteRange is not an array.");
        }
        var numbers = new List<long>();
        foreach (var token in text[1..].Split((char[])[' ', '\r', '\n', '\t', '\f'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException("/ByteRange holds something other than integers.");
            }
            numbers.Add(value);
        }
        // Two ranges around one /Contents gap (ISO 32000-1 §12.8.1); PAdES allows nothing else (ETSI EN 319 142-1 §5.1).
        if (numbers.Count != 4)
        {
            throw new FormatException("/ByteRange must hold exactly two ranges.");
        }
        return numbers;
    }

    /// <summary>
    /// The text of the signature dictionary's object around /ByteRange and /Contents, without the /Contents string
    /// (which may come before or after /ByteRange and is kilobytes long): from the nearest " obj" before the first of
    /// the two to the "endobj" after the last, each looked for within a bounded window. Only the simple entries
    /// (/SubFilter, /M) are read from it.
    /// </summary>
    private static string Dictionary(ReadOnlySpan<byte> pdf, int keyAt, int gapStart, int gapEnd)
    {
        var first = Math.Min(keyAt, gapStart);
        var last = Math.Max(keyAt, gapEnd);
        var windowStart = Math.Max(0, first - DictionaryWindow);
        var start = pdf[windowStart..first].LastIndexOf(" obj"u8);
        start = start < 0 ? windowStart : windowStart + start;
        var windowEnd = Math.Min(pdf.Length, last + DictionaryWindow);
        var end = pdf[last..windowEnd].IndexOf("endobj"u8);
        end = end < 0 ? windowEnd : last + end;
        // Latin-1 keeps every byte as one character, so string offsets cannot shift.
        return Encoding.Latin1.GetString(pdf[start..gapStart]) + Encoding.Latin1.GetString(pdf[gapEnd..end]);
    }

    private static string? Name(string dictionary, string key)
    {
        var match = NameEntry().Match(dictionary);
        while (match.Success)
        {
            if (match.Groups["key"].Value == key)
            {
                return match.Groups["value"].Value;
            }
            match = match.NextMatch();
        }
        return null;
    }

    /// <summary>/M as a PDF date (ISO 32000-1 §7.9.4): D:YYYYMMDDHHmmSS followed by Z or ±HH'mm'.</summary>
    private static DateTimeOffset? Date(string dictionary)
    {
        var match = DateEntry().Match(dictionary);
        if (!match.Success)
        {
            return null;
        }
        return ParsePdfDate(match.Groups["date"].Value);
    }

    /// <summary>Parses a PDF date string (ISO 32000-1 §7.9.4); missing trailing fields take their defaults.</summary>
    public static DateTimeOffset? ParsePdfDate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = PdfDate().Match(text);
        if (!match.Success)
        {
            return null;
        }
        int Part(string name, int fallback) =>
            match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        var offset = TimeSpan.Zero;
        if (match.Groups["sign"].Success && match.Groups["sign"].Value != "Z")
        {
            offset = new TimeSpan(Part("oh", 0), Part("om", 0), 0);
            if (match.Groups["sign"].Value == "-")
            {
                offset = -offset;
            }
        }
        try
        {
            return new DateTimeOffset(Part("y", 0), Part("mo", 1), Part("d", 1), Part("h", 0), Part("mi", 0), Part("s", 0), offset);
        }
        catch (ArgumentException)
        {
            // Out of range fields or an offset beyond ±14 hours: not a date (ArgumentOutOfRangeException is one).
            return null;
        }
    }

    private static byte[] DecodeHex(ReadOnlySpan<byte> hex)
    {
        var digits = new StringBuilder(hex.Length);
        foreach (var b in hex)
        {
            if (char.IsAsciiHexDigit((char)b))
            {
                digits.Append((char)b);
            }
            else if (b is not ((byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'\f'))
            {
                throw new FormatException("/Contents holds a character that is not hexadecimal.");
            }
        }
        // ISO 32000-1 §7.3.4.3: an odd final digit is followed by an implied 0.
        if (digits.Length % 2 == 1)
        {
            digits.Append('0');
        }
        return Convert.FromHexString(digits.ToString());
    }

    /// <summary>
    /// The reserved /Contents space is padded with zeros after the DER; the DER's own length (X.690 §8.1.3) says where
    /// it ends. A length that claims more than /Contents holds (an uploaded file may claim 0x7FFFFFFF) leaves the bytes
    /// as they are, for the CMS decoder to refuse.
    /// </summary>
    private static byte[] TrimPadding(byte[] der)
    {
        if (der.Length < 2 || der[0] != 0x30)
        {
            return der;
        }
        long length;
        int header;
        if (der[1] < 0x80)
        {
            (length, header) = (der[1], 2);
        }
        else
        {
            var count = der[1] & 0x7F;
            if (count is 0 or > 4 || der.Length < 2 + count)
            {
                return der;
            }
            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | der[2 + i];
            }
            header = 2 + count;
        }
        // At most 2^32 - 1 plus a six-byte header: the sum cannot overflow a long.
        return header + length <= der.Length ? der[..(int)(header + length)] : der;
    }

    [GeneratedRegex(@"/(?<key>[A-Za-z]+)\s*/(?<value>[A-Za-z0-9.\-_]+)")]
    private static partial Regex NameEntry();

    [GeneratedRegex(@"/M\s*\((?<date>[^)]*)\)")]
    private static partial Regex DateEntry();

    [GeneratedRegex(@"^D:(?<y>\d{4})(?<mo>\d{2})?(?<d>\d{2})?(?<h>\d{2})?(?<mi>\d{2})?(?<s>\d{2})?(?:(?<sign>[Z+\-])(?:(?<oh>\d{2})'?(?:(?<om>\d{2})'?)?)?)?$")]
    private static partial Regex PdfDate();
}
