namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>Why an uploaded receipt was refused (its Turkish text is <c>Receipt_{value}</c>).</summary>
internal enum ReceiptError
{
    None,
    Missing,
    TooLarge,

    /// <summary>The content is none of PDF, JPEG, PNG, whatever the name says.</summary>
    UnknownType,

    /// <summary>The name says one type and the content is another (a PNG named .pdf, text named .pdf).</summary>
    NameDoesNotMatch,
}

/// <summary>An uploaded receipt that passed <see cref="ReceiptFile.Check"/>: its type as the content shows it.</summary>
internal sealed record CheckedReceipt(string FileName, string ContentType, byte[] Content);

/// <summary>
/// R-ELIG-4: the receipt of an individual payment, a PDF or a picture (JPEG, PNG) of at most 5 MiB. The type is decided
/// by the file's first bytes (its signature: "%PDF-", ISO 32000-1 §7.5.2; JPEG's SOI marker FF D8 FF; PNG's eight-byte
/// signature, ISO/IEC 15948 §5.2), never by the name or the browser's content type, which the sender chooses.
/// </summary>
internal static class ReceiptFile
{
    /// <summary>As the application_receipts table's CHECK has it.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The content type the first bytes show, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content) =>
        content.StartsWith(Pdf) ? "application/pdf"
        : content.StartsWith(Png) ? "image/png"
        : content.StartsWith(Jpeg) ? "image/jpeg"
        : null;

    public static ReceiptError Check(string? fileName, byte[]? content, out CheckedReceipt? receipt)
    {
        receipt = null;
        if (content is null || content.Length == 0)
        {
            return ReceiptError.Missing;
        }

        if (content.Length > MaxBytes)
        {
            return ReceiptError.TooLarge;
        }

        if (Sniff(content) is not { } type)
        {
            return ReceiptError.UnknownType;
        }

        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/')).Trim();
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var named = extension switch
        {
            ".pdf" => "application/pdf",
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            _ => null,
        };
        if (named is null || named != type)
        {
            return ReceiptError.NameDoesNotMatch;
        }

        if (name.Length > 255)
        {
            name = name[^255..];
        }

        receipt = new CheckedReceipt(name, type, content);
        return ReceiptError.None;
    }
}
