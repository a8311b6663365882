using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Npgsql;

namespace Muhur.Server.Features.Shipments;

internal enum ShipOutcome
{
    Shipped,
    NotFound,

    /// <summary>The application has no card waiting at the centre (not CardProduced).</summary>
    NoCardToShip,

    /// <summary>The card is already with the courier.</summary>
    AlreadyShipped,
    CourierUnavailable,
}

internal sealed record ShipResult(ShipOutcome Outcome, Shipment? Shipment, ApplicationState? State = null);

/// <summary>The address form as typed; <see cref="ShipCard.Validate"/> checks it.</summary>
internal sealed record ShipmentForm(string? RecipientName, int? ProvinceCode, string? District, string? AddressLine, string? PostalCode, string? MobilePhone);

/// <summary>
/// "Kargoya ver" (issue 11 item 5): the courier makes the shipment for the address from the form and gives its tracking
/// number; then one transaction records the shipment and applies <see cref="ApplicationEvent.Ship"/> with the tracking
/// number and the courier, from which <see cref="ApplicationNotices"/> writes the holder's SMS and e-mail.
/// </summary>
internal sealed class ShipCard(MuhurDbContext db, ChangeApplicationState changeState, ICourierProvider courier, TimeProvider time)
{
    /// <summary>Every field's problem as a resource key (field name → key); empty when the form is good.</summary>
    public static Dictionary<string, string> Validate(ShipmentForm form, out ShipmentAddress? address)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new Dictionary<string, string>();
        var recipient = form.RecipientName?.Trim() ?? string.Empty;
        var district = form.District?.Trim() ?? string.Empty;
        var line = form.AddressLine?.Trim() ?? string.Empty;
        var postal = form.PostalCode?.Trim() ?? string.Empty;
        var province = form.ProvinceCode is { } code ? Provinces.ByCode(code) : null;
        if (recipient.Length is 0 or > 200)
        {
            errors["RecipientName"] = recipient.Length == 0 ? "Validation_Required" : "Shipments_TooLong";
        }

        if (province is null)
        {
            errors["ProvinceCode"] = "Shipments_ProvinceRequired";
        }

        if (district.Length is 0 or > 100)
        {
            errors["District"] = district.Length == 0 ? "Validation_Required" : "Shipments_TooLong";
        }

        if (line.Length is 0 or > 500)
        {
            errors["AddressLine"] = line.Length == 0 ? "Validation_Required" : "Shipments_TooLong";
        }

        if (postal.Length != 5 || !postal.All(char.IsAsciiDigit))
        {
            errors["PostalCode"] = "Shipments_PostalCodeFormat";
        }
        else if (province is not null && !Provinces.IsPostalCodeOf(postal, province))
        {
            errors["PostalCode"] = "Shipments_PostalCodeProvince";
        }

        string? mobile = null;
        if (!string.IsNullOrWhiteSpace(form.MobilePhone) && (mobile = Applications.MobilePhone.Normalize(form.MobilePhone)) is null)
        {
            errors["MobilePhone"] = "Shipments_MobileFormat";
        }

        address = errors.Count == 0 ? new ShipmentAddress(recipient, (short)province!.Code, district, line, postal, mobile) : null;
        return errors;
    }

    public async Task<ShipResult> RunAsync(Guid applicationId, ShipmentAddress address, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
        if (application is null)
        {
            return new ShipResult(ShipOutcome.NotFound, null);
        }

        if (application.State != ApplicationState.CardProduced || application.CardSerial is null)
        {
            return new ShipResult(application.State == ApplicationState.Shipped ? ShipOutcome.AlreadyShipped : ShipOutcome.NoCardToShip, null, application.State);
        }

        string trackingNumber;
        try
        {
            trackingNumber = await courier.CreateAsync(address, cancellationToken);
        }
        catch (CourierException)
        {
            return new ShipResult(ShipOutcome.CourierUnavailable, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await changeState.LockAsync(applicationId, cancellationToken);
        if (locked?.State != ApplicationState.CardProduced)
        {
            return new ShipResult(ShipOutcome.AlreadyShipped, null, locked?.State);
        }

        var shipment = Shipment.Create(applicationId, locked.CardSerial!, courier.Name, trackingNumber, address, actor, time.GetUtcNow());
        db.Add(shipment);
        var changed = await changeState.ApplyAsync(
            locked, ApplicationEvent.Ship, actor, null, cancellationToken, new ApplicationNoticeFacts(TrackingNumber: trackingNumber, Courier: courier.Name));
        if (!changed.Changed)
        {
            return new ShipResult(ShipOutcome.NoCardToShip, null, locked.State);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new ShipResult(ShipOutcome.AlreadyShipped, null);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ShipResult(ShipOutcome.Shipped, shipment);
    }
}

internal enum CloseShipmentOutcome
{
    Closed,
    NotFound,

    /// <summary>Already delivered or returned.</summary>
    NotOpen,
}

/// <summary>
/// "Teslim edildi" and "İade döndü" (issue 11 item 5): the shipment's state and the application's together, in one
/// transaction. Delivery closes the application (<see cref="ApplicationEvent.Deliver"/>); a return brings the card back
/// to the centre (<see cref="ApplicationEvent.ReturnShipment"/>: CardProduced), to be sent again as a new shipment.
/// </summary>
internal sealed class CloseShipment(MuhurDbContext db, ChangeApplicationState changeState, TimeProvider time)
{
    public async Task<CloseShipmentOutcome> RunAsync(Guid shipmentId, ShipmentState to, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var shipment = await db.Set<Shipment>()
            .FromSql($"SELECT * FROM shipments WHERE id = {shipmentId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (shipment is null)
        {
            return CloseShipmentOutcome.NotFound;
        }

        if (shipment.State != ShipmentState.Sent || to == ShipmentState.Sent)
        {
            return CloseShipmentOutcome.NotOpen;
        }

        var application = await changeState.LockAsync(shipment.ApplicationId, cancellationToken)
            ?? throw new InvalidOperationException("A shipment without its application.");
        var changed = await changeState.ApplyAsync(
            application,
            to == ShipmentState.Delivered ? ApplicationEvent.Deliver : ApplicationEvent.ReturnShipment,
            actor,
            null,
            cancellationToken,
            new ApplicationNoticeFacts(TrackingNumber: shipment.TrackingNumber, Courier: shipment.Provider, CardSerial: shipment.CardSerial));
        if (!changed.Changed)
        {
            return CloseShipmentOutcome.NotOpen;
        }

        shipment.Close(to, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CloseShipmentOutcome.Closed;
    }
}
