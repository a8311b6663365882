using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>
/// The receipt of an application, as uploaded (R-ELIG-5). Read through the application, which the institution query
/// filter guards: another institution's id is not found (R-X-4).
/// </summary>
internal sealed class ReceiptModel(MuhurDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var receipt = await (
            from application in db.Set<Application>()
            join r in db.Set<ApplicationReceipt>() on application.Id equals r.ApplicationId
            where application.Id == id
            select new { r.FileName, r.ContentType, r.Content })
            .SingleOrDefaultAsync(cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        // Never rendered inline as the browser guesses: the type is the checked one, and it is a download.
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(receipt.Content, receipt.ContentType, receipt.FileName);
    }
}
