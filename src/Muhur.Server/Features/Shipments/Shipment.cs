using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Shipments;

/// <summary>Where a parcel is, as the courier and the officer know it.</summary>
internal enum ShipmentState
{
    Sent,
    Delivered,
    Returned,
}

/// <summary>
/// A card's shipment to the address on the form (issue 11 item 5, migration 0009): the courier, its tracking number, the
/// recipient and address, the state. A returned parcel's card is sent again as a new shipment.
/// </summary>
internal sealed class Shipment
{
    private Shipment()
    {
        CardSerial = Provider = TrackingNumber = RecipientName = District = AddressLine = PostalCode = CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ApplicationId { get; private set; }

    public string CardSerial { get; private set; }

    /// <summary>The courier provider's name (<see cref="ICourierProvider.Name"/>).</summary>
    public string Provider { get; private set; }

    public string TrackingNumber { get; private set; }

    public string RecipientName { get; private set; }

    public short ProvinceCode { get; private set; }

    public string District { get; private set; }

    public string AddressLine { get; private set; }

    public string PostalCode { get; private set; }

    /// <summary>+905… or null.</summary>
    public string? MobilePhone { get; private set; }

    public ShipmentState State { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Shipment Create(
        Guid applicationId, string cardSerial, string provider, string trackingNumber, ShipmentAddress address, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new Shipment
        {
            Id = Guid.CreateVersion7(now),
            ApplicationId = applicationId,
            CardSerial = cardSerial,
            Provider = provider,
            TrackingNumber = trackingNumber,
            RecipientName = address.RecipientName,
            ProvinceCode = address.ProvinceCode,
            District = address.District,
            AddressLine = address.AddressLine,
            PostalCode = address.PostalCode,
            MobilePhone = address.MobilePhone,
            State = ShipmentState.Sent,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
        };
    }

    public void Close(ShipmentState state, DateTimeOffset now)
    {
        if (State != ShipmentState.Sent || state == ShipmentState.Sent)
        {
            throw new InvalidOperationException($"A {State} shipment cannot become {state}.");
        }

        State = state;
        UpdatedAt = now;
    }
}

/// <summary>Where a card goes: the recipient and the address on the form (R-APP-4), checked.</summary>
internal sealed record ShipmentAddress(string RecipientName, short ProvinceCode, string District, string AddressLine, string PostalCode, string? MobilePhone);

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.ToTable("shipments");
        builder.Property(s => s.State).HasConversion<string>();
    }
}
