using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Pki.Signatures;

namespace Muhur.Server.Features.Signatures;

/// <summary>R-CARD-5: anyone (an EBYS operator, a citizen) uploads a CAdES signature or a signed PDF (PAdES) and gets a verdict.</summary>
[AllowAnonymous]
[RequestSizeLimit(MaxBytes * 2)]
internal sealed class VerifyDocumentModel(VerifyDocumentSignature verify) : PageModel
{
    private const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>One verdict for a CAdES file, one per signature for a PDF.</summary>
    public IReadOnlyList<DocumentVerification> Results { get; private set; } = [];

    public string? ErrorKey { get; private set; }

    public async Task<IActionResult> OnPostAsync(IFormFile? signature, IFormFile? content, CancellationToken cancellationToken)
    {
        if (signature is null || signature.Length == 0)
        {
            ErrorKey = "Verify_NoFile";
            return Page();
        }

        if (signature.Length > MaxBytes || content?.Length > MaxBytes)
        {
            ErrorKey = "Verify_TooLarge";
            return Page();
        }

        var signatureBytes = await ReadAsync(signature, cancellationToken);
        var contentBytes = content is { Length: > 0 } ? await ReadAsync(content, cancellationToken) : null;
        Results = contentBytes is null && PdfSignatureReader.IsPdf(signatureBytes)
            ? await verify.RunPdfAsync(signatureBytes, cancellationToken)
            : [await verify.RunAsync(signatureBytes, contentBytes, cancellationToken)];
        return Page();
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
