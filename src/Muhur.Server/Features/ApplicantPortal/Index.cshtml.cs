using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.People;

namespace Muhur.Server.Features.ApplicantPortal;

/// <summary>
/// The applicant portal's start page, "Sipariş Formu Seçimi" (R-APP-3): the application's state, "Yeni Başvuru" or
/// "Önceki Başvuru" with the one that applies marked, and the next step. The application is the session's, never
/// one named by the request (R-X-4); and its history (R-APP-11).
/// </summary>
internal sealed class IndexModel(MuhurDbContext db) : PageModel
{
    public string FullName { get; private set; } = string.Empty;

    public ApplicationState State { get; private set; }

    public ApplicationKind Kind { get; private set; }

    public OrderFormChoice Choice { get; private set; }

    public bool FormOpen { get; private set; }

    public ApplicantNextStep NextStep { get; private set; } = new("ApplicantPortal_Next_None", null);

    /// <summary>R-APP-11: what happened to the application and when, as the institution sees it (without who did it).</summary>
    public IReadOnlyList<ApplicationStateChange> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var applicationId = ApplicantSession.ApplicationId(User);
        var personId = ApplicantSession.PersonId(User);
        var found = await (
                from application in db.Set<Application>().AsNoTracking()
                join person in db.Set<Person>() on application.PersonId equals person.Id
                where application.Id == applicationId && person.Id == personId
                select new { application.State, application.Kind, application.FormConfirmedAt, person.GivenName, person.Surname })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        FullName = $"{found.GivenName} {found.Surname}";
        State = found.State;
        Kind = found.Kind;
        Choice = ApplicantStart.ChoiceFor(found.FormConfirmedAt);
        FormOpen = ApplicantStart.FormOpen(found.State);
        NextStep = ApplicantStart.NextStep(found.State);
        History = await db.Set<ApplicationStateChange>().AsNoTracking()
            .Where(c => c.ApplicationId == applicationId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return Page();
    }
}
