using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Muhur.Pki.Audit;

namespace Muhur.Server.Features.Audit;

/// <summary>A row of the append-only audit log (R-CA-4). Written only by <see cref="AuditLog"/>.</summary>
internal sealed class AuditEntry
{
    private AuditEntry()
    {
        Actor = Action = string.Empty;
        PreviousHash = Hash = [];
    }

    public long Sequence { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public string Actor { get; private set; }

    public string Action { get; private set; }

    public string? Subject { get; private set; }

    public string? Details { get; private set; }

    public byte[] PreviousHash { get; private set; }

    public byte[] Hash { get; private set; }

    public static AuditEntry From(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AuditEntry
        {
            Sequence = record.Sequence,
            OccurredAt = record.OccurredAt,
            Actor = record.Actor,
            Action = record.Action,
            Subject = record.Subject,
            Details = record.Details,
            PreviousHash = record.PreviousHash,
            Hash = record.Hash,
        };
    }

    public AuditRecord ToRecord() => new(Sequence, OccurredAt, Actor, Action, Subject, Details, PreviousHash, Hash);
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
    }
}
