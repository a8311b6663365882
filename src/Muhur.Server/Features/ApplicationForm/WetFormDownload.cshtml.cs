using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>
/// R-APP-7: the signed-in applicant's own valid wet form, decrypted, as a download that no cache keeps (it prints the
/// security word). Another applicant's number, a voided number or a malformed one is 404 alike.
/// </summary>
internal sealed class WetFormDownloadModel(MuhurDbContext db, IDataProtectionProvider protection) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? formNumber, CancellationToken cancellationToken)
    {
        if (!FormNumber.TryNormalize(formNumber, out var number) || number != formNumber)
        {
            return NotFound();
        }

        var applicationId = ApplicantSession.ApplicationId(User);
        var stored = await db.Set<WetForm>().AsNoTracking()
            .Where(f => f.FormNumber == number && f.ApplicationId == applicationId && f.VoidedAt == null)
            .Select(f => f.ProtectedPdf)
            .SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(PrintWetForm.Protector(protection).Unprotect(stored), "application/pdf", $"basvuru-formu-{number}.pdf");
    }
}
