using System.Text;

namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>One data row of an import file: its row number in the file (the header is row 1) and its cells by column.</summary>
internal sealed record CsvRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    public string Get(string column) => Cells.TryGetValue(column, out var value) ? value : string.Empty;
}

/// <summary>Why a whole file was refused before its rows were looked at (its Turkish text is <c>Import_{value}</c>).</summary>
internal enum CsvFileError
{
    None,
    Empty,
    TooLarge,
    NotUtf8,
    MissingColumns,
    TooManyRows,
    UnclosedQuote,

    /// <summary>Someone registered one of the file's people while it was imported; nothing was imported.</summary>
    Concurrent,
}

/// <summary>
/// The import file (RFC 4180 with the two separators Turkish spreadsheets write: ";" where the decimal sign is a comma,
/// else ","): UTF-8 with or without its byte order mark, a header row naming the columns in any order, quoted cells
/// with doubled quotes inside. Small enough to read whole; a spreadsheet's file of a few thousand people is far below
/// the limits.
/// </summary>
internal static class ApplicantCsv
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxRows = 2000;

    public const string IdentifierKind = "kimlik_turu";
    public const string IdentifierNumber = "kimlik_no";
    public const string Country = "ulke";
    public const string GivenName = "ad";
    public const string Surname = "soyad";
    public const string Title = "unvan";
    public const string Position = "gorev";
    public const string Unit = "birim";
    public const string Email = "eposta";
    public const string Mobile = "cep_telefonu";
    public const string Kind = "basvuru_turu";

    public static IReadOnlyList<string> Columns { get; } =
        [IdentifierKind, IdentifierNumber, Country, GivenName, Surname, Title, Position, Unit, Email, Mobile, Kind];

    /// <summary>Columns every file must have; the others may be left out.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } = [IdentifierKind, IdentifierNumber, GivenName, Surname, Email, Kind];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The sample offered for download, in the same shape the parser reads.</summary>
    public static string Sample =>
        string.Join(';', Columns) + "\r\n"
        + "TC;52987148206;;Deniz;Karaca;Doç. Dr.;Dekan;Mühendislik Fakültesi;deniz.karaca@ornek.edu.tr;0532 111 22 33;ilk\r\n"
        + "PASAPORT;C01X00T47;DE;Anna;Schmidt;Dr.;Bölüm Başkanı;Hukuk Fakültesi;anna.schmidt@ornek.edu.tr;05441112233;yenileme\r\n";

    public static CsvFileError Parse(byte[] content, out List<CsvRow> rows, out IReadOnlyList<string> missingColumns)
    {
        ArgumentNullException.ThrowIfNull(content);
        rows = [];
        missingColumns = [];
        if (content.Length > MaxBytes)
        {
            return CsvFileError.TooLarge;
        }

        string text;
        try
        {
            var start = content.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
            text = StrictUtf8.GetString(content, start, content.Length - start);
        }
        catch (DecoderFallbackException)
        {
            // A spreadsheet saved as Windows-1254 would turn "ş" into something else; better refused than misspelled.
            return CsvFileError.NotUtf8;
        }

        var firstLineEnd = text.IndexOfAny(['\r', '\n']);
        var header = firstLineEnd < 0 ? text : text[..firstLineEnd];
        var separator = header.Count(c => c == ';') >= header.Count(c => c == ',') ? ';' : ',';
        if (!TryRecords(text, separator, out var records))
        {
            return CsvFileError.UnclosedQuote;
        }

        records.RemoveAll(r => r.Cells.All(string.IsNullOrWhiteSpace));
        if (records.Count == 0)
        {
            return CsvFileError.Empty;
        }

        var names = records[0].Cells.Select(c => c.Trim().ToLowerInvariant()).ToList();
        missingColumns = RequiredColumns.Where(c => !names.Contains(c)).ToList();
        if (missingColumns.Count > 0)
        {
            return CsvFileError.MissingColumns;
        }

        if (records.Count == 1)
        {
            return CsvFileError.Empty;
        }

        if (records.Count - 1 > MaxRows)
        {
            return CsvFileError.TooManyRows;
        }

        foreach (var record in records.Skip(1))
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count && i < record.Cells.Count; i++)
            {
                cells.TryAdd(names[i], record.Cells[i].Trim());
            }

            rows.Add(new CsvRow(record.Line, cells));
        }

        return CsvFileError.None;
    }

    private sealed record Record(int Line, List<string> Cells);

    /// <summary>RFC 4180 §2: records end at a line break outside quotes; "" inside quotes is one quote. Lines count from 1.</summary>
    private static bool TryRecords(string text, char separator, out List<Record> records)
    {
        records = [];
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var recordLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.ToString().Trim().Length == 0)
            {
                cell.Clear();
                quoted = true;
            }
            else if (c == separator)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(cell.ToString());
                cell.Clear();
                records.Add(new Record(recordLine, cells));
                cells = [];
                line++;
                recordLine = line;
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            return false;
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add(new Record(recordLine, cells));
        }

        return true;
    }
}
