using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Muhur.Server.Data;
using Muhur.Server.Web;

namespace Muhur.Server.Features.CentreIncoming;

/// <summary>R-APP-9: the cover letter of a batch, for the centre's officer, as the institution made it.</summary>
[Authorize(Policy = Portals.CentreOfficerPolicy)]
internal sealed class LetterPdfModel(MuhurDbContext db) : PageModel
{
    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        Forwarding.LetterPdfModel.FileAsync(this, db, id, cancellationToken);
}
