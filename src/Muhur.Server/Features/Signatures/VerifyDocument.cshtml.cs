using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Pki.Signatures;

namespace Muhur.Server.Features.Signatures;

/// <summary>R-CARD-5: anyone (an EBYS operator, a citizen) uploads a CAdES signature or a signed PDF (PAdES) and gets a verdict.</summary>
[AllowAnonymous]
[RequestSizeLimit(MaxBytes * 2)]
internal sealed partial class VerifyDocumentModel(VerifyDocumentSignature verify, ILogger<VerifyDocumentModel> logger) : PageModel
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
        try
        {
            Results = contentBytes is null && PdfSignatureReader.IsPdf(signatureBytes)
                ? await verify.RunPdfAsync(signatureBytes, cancellationToken)
                : [await verify.RunAsync(signatureBytes, contentBytes, cancellationToken)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The last resort behind the verifier's own checks: an upload is anyone's bytes, and whatever they make a
            // library throw ends in a verdict, never a 500. Logged as an error, because it is a gap in those checks.
            LogUnexpected(ex, ex.GetType().Name);
            Results = [new DocumentVerification(DocumentVerdict.Indeterminate, "Verify_Unexpected")];
        }

        return Page();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Document verification failed unexpectedly: {Error}")]
    private partial void LogUnexpected(Exception exception, string error);

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
