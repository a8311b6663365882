using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Forwarding;

/// <summary>
/// R-APP-9: a batch's cover letter as it was made, a download no cache keeps (it lists people's names). Read through
/// the filtered set: an institution authority gets only their own batches' letters (R-X-4); the centre's page of the
/// same letter is <c>CentreIncoming/LetterPdf</c>.
/// </summary>
internal sealed class LetterPdfModel(MuhurDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await FileAsync(this, db, id, cancellationToken);

    internal static async Task<IActionResult> FileAsync(PageModel page, MuhurDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var letter = await db.Set<ForwardingBatch>().Where(b => b.Id == id)
            .Select(b => new { b.LetterNumber, b.LetterPdf })
            .SingleOrDefaultAsync(cancellationToken);
        if (letter is null)
        {
            return page.NotFound();
        }

        page.Response.Headers.CacheControl = "no-store";
        page.Response.Headers.XContentTypeOptions = "nosniff";
        return page.File(letter.LetterPdf, "application/pdf", $"ust-yazi-{FileNamePart(letter.LetterNumber)}.pdf");
    }

    /// <summary>The letter number as a file name: letters, digits and hyphens only (a number may hold "/").</summary>
    internal static string FileNamePart(string letterNumber) =>
        new(letterNumber.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray());
}
