using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Muhur.Server.Data;
using Muhur.Server.Features.InstitutionApplications;
using Muhur.Server.Web;

namespace Muhur.Server.Features.CentreDecision;

/// <summary>
/// R-ELIG-5: the receipt of an individually paid application as the institution uploaded it, for the officer to check.
/// With <c>?goster=1</c> a PDF or picture opens in the browser (its type was checked by its first bytes at upload,
/// ReceiptFile); otherwise it downloads.
/// </summary>
[Authorize(Policy = Portals.CentreOfficerPolicy)]
internal sealed class ReceiptModel(MuhurDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "goster")]
    public string? Show { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var receipt = await db.Set<ApplicationReceipt>().AsNoTracking().Where(r => r.ApplicationId == id)
            .Select(r => new { r.FileName, r.ContentType, r.Content })
            .SingleOrDefaultAsync(cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        if (Show != "1")
        {
            return File(receipt.Content, receipt.ContentType, receipt.FileName);
        }

        // The portal's Content-Security-Policy (SecurityHeaders) still applies: shown by the browser's viewer, never run as a page.
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = receipt.FileName }.ToString();
        return File(receipt.Content, receipt.ContentType);
    }
}
