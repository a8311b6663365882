using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Cards;

/// <summary>A produced smart card (R-CARD-1): its serial, the token model, the holder and the certificate on it.</summary>
internal sealed class Card
{
    private Card()
    {
        Serial = TokenManufacturer = TokenModel = MasterKeyId = ProducedBy = string.Empty;
        CertificateSerial = WrappedDataKey = PinEnvelope = PukEnvelope = [];
    }

    public string Serial { get; private set; }

    public string TokenManufacturer { get; private set; }

    public string TokenModel { get; private set; }

    public byte[] CertificateSerial { get; private set; }

    /// <summary>The registered holder (people).</summary>
    public Guid PersonId { get; private set; }

    /// <summary>The institution the card's certificate was issued for.</summary>
    public Guid InstitutionId { get; private set; }

    public string MasterKeyId { get; private set; }

    public byte[] WrappedDataKey { get; private set; }

    public byte[] PinEnvelope { get; private set; }

    public byte[] PukEnvelope { get; private set; }

    public DateTimeOffset ProducedAt { get; private set; }

    public string ProducedBy { get; private set; }

    public SealedCardSecrets Secrets => new(MasterKeyId, WrappedDataKey, PinEnvelope, PukEnvelope);

    public static Card Create(
        string serial, string tokenManufacturer, string tokenModel, byte[] certificateSerial, Guid personId,
        Guid institutionId, SealedCardSecrets secrets, string producedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return new Card
        {
            Serial = serial,
            TokenManufacturer = tokenManufacturer,
            TokenModel = tokenModel,
            CertificateSerial = certificateSerial,
            PersonId = personId,
            InstitutionId = institutionId,
            MasterKeyId = secrets.MasterKeyId,
            WrappedDataKey = secrets.WrappedDataKey,
            PinEnvelope = secrets.PinEnvelope,
            PukEnvelope = secrets.PukEnvelope,
            ProducedAt = now,
            ProducedBy = producedBy,
        };
    }
}

internal sealed class CardConfiguration : IEntityTypeConfiguration<Card>
{
    public void Configure(EntityTypeBuilder<Card> builder)
    {
        builder.ToTable("cards");
        builder.HasKey(c => c.Serial);
        builder.Ignore(c => c.Secrets);
    }
}
