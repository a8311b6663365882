using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>The institution's application form posted as a browser posts it (multipart, with a file), and test files.</summary>
internal static partial class InstitutionApplicationSupport
{
    public const string NewPath = "/kurum/basvurular/yeni";

    /// <summary>A small but complete PDF (ISO 32000-1: header, catalog, pages, xref, trailer).</summary>
    public static readonly byte[] ReceiptPdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
        + "0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n");

    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] ReceiptPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A valid T.C. Kimlik No built from nine digits (the checksum of the 10th and 11th digits).</summary>
    public static string TurkishId(int seed)
    {
        var digits = (100_000_000 + (seed % 800_000_000)).ToString("D9", System.Globalization.CultureInfo.InvariantCulture).Select(c => c - '0').ToList();
        var odd = digits[0] + digits[2] + digits[4] + digits[6] + digits[8];
        var even = digits[1] + digits[3] + digits[5] + digits[7];
        digits.Add((((odd * 7) - even) % 10 + 10) % 10);
        digits.Add(digits.Sum() % 10);
        return string.Concat(digits);
    }

    public static Dictionary<string, string> Form(string number, string givenName, string surname, string email, Guid? positionId, string kind = "TurkishIdentityNumber") => new()
    {
        ["Input.IdentifierKind"] = kind,
        ["Input.IdentifierNumber"] = number,
        ["Input.GivenName"] = givenName,
        ["Input.Surname"] = surname,
        ["Input.Title"] = "Dr.",
        ["Input.PositionId"] = positionId?.ToString() ?? string.Empty,
        ["Input.CorporateEmail"] = email,
        ["Input.MobilePhone"] = "0532 111 22 33",
        ["Input.Kind"] = "First",
    };

    /// <summary>GETs the form for its anti-forgery token, then POSTs the fields and the file as multipart/form-data.</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(
        HttpClient client, string path, IDictionary<string, string> fields, string fileField, string? fileName, byte[]? file, string contentType = "application/pdf")
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetStringAsync(path);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(MuhurAppFactory.AntiforgeryToken(page)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (file is not null)
        {
            var bytes = new ByteArrayContent(file);
            bytes.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            content.Add(bytes, fileField, fileName ?? "dosya");
        }

        return await client.PostAsync(path, content);
    }

    /// <summary>The access password in a mail (XXXX-XXXX-XXXX, Crockford base 32).</summary>
    public static string PasswordIn(string body) => PasswordPattern().Match(body) is { Success: true } match
        ? match.Value
        : throw new InvalidOperationException("The mail has no access password.");

    [GeneratedRegex("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")]
    private static partial Regex PasswordPattern();
}
