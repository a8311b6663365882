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
internal sealed class IndexModel(MuhurDbContext db, ReadApplicationHistory readHistory) : PageModel
{
    public string FullName { get; private set; } = string.Empty;

    public ApplicationState State { get; private set; }

    public ApplicationKind Kind { get; private set; }

    public OrderFormChoice Choice { get; private set; }

    public bool FormOpen { get; private set; }

    public ApplicantNextStep NextStep { get; private set; } = new("ApplicantPortal_Next_None", null);

    /// <summary>R-APP-11: what happened to the application, when, who did it and why, as the institution and the call centre see it.</summary>
    public IReadOnlyList<ApplicationHistoryRow> History { get; private set; } = [];

    /// <summary>R-APP-11: the read-only status session after the form is signed (no form actions).</summary>
    public bool StatusOnly { get; private set; }

    /// <summary>The card's newest shipment, once there is one (its tracking number).</summary>
    public ApplicationShipmentRow? Shipment { get; private set; }

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
        StatusOnly = User.HasClaim(c => c.Type == CheckApplicantSession.StatusOnlyClaim);
        History = await readHistory.RunAsync(applicationId, cancellationToken);
        var shipments = await readHistory.ShipmentsAsync([applicationId], cancellationToken);
        Shipment = shipments.Count > 0 ? shipments[0] : null;
        return Page();
    }

    /// <summary>The shipment's state (migration 0009: Sent, Delivered, Returned) in words.</summary>
    public static string ShipmentStateKey(string state) => state switch
    {
        "Delivered" => "ApplicantPortal_ShipmentDelivered",
        "Returned" => "ApplicantPortal_ShipmentReturned",
        _ => "ApplicantPortal_ShipmentSent",
    };
}
