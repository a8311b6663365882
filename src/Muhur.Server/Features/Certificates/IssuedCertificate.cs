using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Certificates;

/// <summary>R-CA-2: good, suspended (certificateHold, can be lifted) or revoked (final).</summary>
internal enum CertificateStatus
{
    Good,
    Suspended,
    Revoked,
}

/// <summary>A qualified certificate this centre issued, with its current status.</summary>
internal sealed class IssuedCertificate
{
    private IssuedCertificate()
    {
        Serial = Der = [];
    }

    public byte[] Serial { get; private set; }

    public Guid IssuerId { get; private set; }

    /// <summary>The registered holder (people); what the certificate says about them is in <see cref="Der"/>.</summary>
    public Guid PersonId { get; private set; }

    /// <summary>The institution it was issued for; with the holder, the key of the renewal rule (R-REN-1).</summary>
    public Guid InstitutionId { get; private set; }

    public DateTimeOffset NotBefore { get; private set; }

    public DateTimeOffset NotAfter { get; private set; }

    public byte[] Der { get; private set; }

    public CertificateStatus Status { get; private set; }

    public X509RevocationReason? RevocationReason { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public long StatusVersion { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public string SerialHex => Convert.ToHexString(Serial);

    /// <summary>The record of a certificate just signed, from the values it was signed with.</summary>
    public static IssuedCertificate Create(
        byte[] der, byte[] serial, DateTimeOffset notBefore, DateTimeOffset notAfter, Guid issuerId, Guid personId,
        Guid institutionId, long statusEpoch, DateTimeOffset now) => new()
        {
            Serial = serial,
            IssuerId = issuerId,
            PersonId = personId,
            InstitutionId = institutionId,
            NotBefore = notBefore,
            NotAfter = notAfter,
            Der = der,
            Status = CertificateStatus.Good,
            StatusVersion = statusEpoch,
            IssuedAt = now,
        };

    /// <summary>Applies a decided change; the only place a certificate's status is written.</summary>
    public CertificateStatusChange Apply(StatusDecision decision, long version, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(decision);

        // CRLs and OCSP carry whole seconds (RFC 5280 §4.1.2.5.2, RFC 6960 §4.2.2.1): store what they say.
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        Status = decision.NewStatus;
        RevocationReason = decision.NewStatus == CertificateStatus.Good ? null : decision.Reason;
        RevokedAt = decision.NewStatus switch
        {
            CertificateStatus.Good => null,
            // Suspended then revoked: the revocation time is the moment of revocation.
            _ => now,
        };
        StatusVersion = version;
        return new CertificateStatusChange(version, Serial, IssuerId, Status, RevocationReason, now);
    }
}

/// <summary>One row of the status history (delta CRLs read it, RFC 5280 §5.2.4).</summary>
internal sealed class CertificateStatusChange(
    long version, byte[] serial, Guid issuerId, CertificateStatus status, X509RevocationReason? reason, DateTimeOffset changedAt)
{
    public long Version { get; private set; } = version;

    public byte[] Serial { get; private set; } = serial;

    public Guid IssuerId { get; private set; } = issuerId;

    public CertificateStatus Status { get; private set; } = status;

    public X509RevocationReason? Reason { get; private set; } = reason;

    public DateTimeOffset ChangedAt { get; private set; } = changedAt;
}

internal sealed class IssuedCertificateConfiguration : IEntityTypeConfiguration<IssuedCertificate>
{
    public void Configure(EntityTypeBuilder<IssuedCertificate> builder)
    {
        builder.ToTable("certificates");
        builder.HasKey(c => c.Serial);
        builder.Ignore(c => c.SerialHex);
        builder.Property(c => c.RevocationReason).HasConversion<short?>();
    }
}

internal sealed class CertificateStatusChangeConfiguration : IEntityTypeConfiguration<CertificateStatusChange>
{
    public void Configure(EntityTypeBuilder<CertificateStatusChange> builder)
    {
        builder.ToTable("certificate_status_changes");
        builder.HasKey(c => c.Version);
        builder.Property(c => c.Version).ValueGeneratedNever();
        builder.Property(c => c.Reason).HasConversion<short?>();
    }
}
