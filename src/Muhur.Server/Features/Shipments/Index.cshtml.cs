using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Staff;
using Muhur.Server.Web;

namespace Muhur.Server.Features.Shipments;

/// <summary>
/// <c>/merkez/kargo</c> (issue 11 item 5): produced cards waiting to be sent, each with the form's address to confirm and
/// "Kargoya ver"; the parcels with the courier, each with "Teslim edildi", "İade döndü" and "Durumu sorgula".
/// </summary>
[Authorize(Policy = Portals.CentreOfficerPolicy)]
internal sealed class IndexModel(MuhurDbContext db, ShipCard shipCard, CloseShipment closeShipment, ICourierProvider courier) : PageModel
{
    public const int MaxRows = 200;

    public IReadOnlyList<WaitingCard> Waiting { get; private set; } = [];

    public IReadOnlyList<SentParcel> Sent { get; private set; } = [];

    public bool StatesSetByHand => courier.StatesSetByHand;

    public string CourierName => courier.Name;

    /// <summary>The application whose form was posted with errors, its typed values and each field's problem.</summary>
    public Guid? FormFor { get; private set; }

    public ShipmentForm? Typed { get; private set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    /// <summary>What the last action did (resource key and its argument), and whether it went well.</summary>
    public string? MessageKey { get; private set; }

    public string? MessageArgument { get; private set; }

    public bool MessageIsGood { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostShipAsync(
        Guid applicationId, string? recipientName, int? provinceCode, string? district, string? addressLine, string? postalCode, string? mobilePhone,
        CancellationToken cancellationToken)
    {
        var form = new ShipmentForm(recipientName, provinceCode, district, addressLine, postalCode, mobilePhone);
        var errors = ShipCard.Validate(form, out var address);
        if (errors.Count > 0)
        {
            (FormFor, Typed, Errors) = (applicationId, form, errors);
            Say("Shipments_FormHasErrors", null, false);
        }
        else
        {
            var result = await shipCard.RunAsync(applicationId, address!, StaffClaims.ActorOf(User), cancellationToken);
            if (result.Outcome == ShipOutcome.Shipped)
            {
                Say("Shipments_Shipped", result.Shipment!.TrackingNumber, true);
            }
            else
            {
                if (result.Outcome == ShipOutcome.CourierUnavailable)
                {
                    (FormFor, Typed) = (applicationId, form);
                }

                Say($"Shipments_Ship_{result.Outcome}", null, false);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostDeliverAsync(Guid shipmentId, CancellationToken cancellationToken) =>
        CloseAsync(shipmentId, ShipmentState.Delivered, cancellationToken);

    public Task<IActionResult> OnPostReturnAsync(Guid shipmentId, CancellationToken cancellationToken) =>
        CloseAsync(shipmentId, ShipmentState.Returned, cancellationToken);

    public async Task<IActionResult> OnPostQueryAsync(Guid shipmentId, CancellationToken cancellationToken)
    {
        var trackingNumber = await db.Set<Shipment>().Where(s => s.Id == shipmentId).Select(s => s.TrackingNumber).SingleOrDefaultAsync(cancellationToken);
        if (trackingNumber is null)
        {
            Say("Shipments_Close_NotFound", null, false);
        }
        else if (courier.StatesSetByHand)
        {
            Say("Shipments_QueryByHand", trackingNumber, false);
        }
        else
        {
            try
            {
                var state = await courier.GetStateAsync(trackingNumber, cancellationToken);
                Say(state is null ? "Shipments_QueryUnknown" : $"Shipments_Query_{state}", trackingNumber, state is not null);
            }
            catch (CourierException)
            {
                Say("Shipments_Ship_CourierUnavailable", null, false);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult> CloseAsync(Guid shipmentId, ShipmentState to, CancellationToken cancellationToken)
    {
        var outcome = await closeShipment.RunAsync(shipmentId, to, StaffClaims.ActorOf(User), cancellationToken);
        Say(outcome == CloseShipmentOutcome.Closed ? $"Shipments_Closed_{to}" : $"Shipments_Close_{outcome}", null, outcome == CloseShipmentOutcome.Closed);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private void Say(string key, string? argument, bool good) => (MessageKey, MessageArgument, MessageIsGood) = (key, argument, good);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Waiting = await (
            from application in db.Set<Application>()
            where application.State == ApplicationState.CardProduced
            join person in db.People on application.PersonId equals person.Id
            orderby application.UpdatedAt
            select new WaitingCard(
                application.Id, person.GivenName + " " + person.Surname, application.CardSerial!, application.ProvinceCode, application.District,
                application.AddressLine, application.PostalCode, application.MobilePhone,
                db.Set<Shipment>().Count(s => s.ApplicationId == application.Id && s.State == ShipmentState.Returned)))
            .Take(MaxRows)
            .ToListAsync(cancellationToken);
        Sent = await (
            from shipment in db.Set<Shipment>()
            where shipment.State == ShipmentState.Sent
            join application in db.Set<Application>() on shipment.ApplicationId equals application.Id
            join person in db.People on application.PersonId equals person.Id
            orderby shipment.CreatedAt
            select new SentParcel(shipment.Id, person.GivenName + " " + person.Surname, shipment.CardSerial, shipment.Provider, shipment.TrackingNumber, shipment.ProvinceCode, shipment.CreatedAt))
            .Take(MaxRows)
            .ToListAsync(cancellationToken);
    }

    internal sealed record WaitingCard(
        Guid ApplicationId, string Name, string CardSerial, short? ProvinceCode, string? District, string? AddressLine, string? PostalCode, string? MobilePhone, int Returns);

    internal sealed record SentParcel(Guid Id, string Name, string CardSerial, string Courier, string TrackingNumber, short ProvinceCode, DateTimeOffset SentAt);
}
