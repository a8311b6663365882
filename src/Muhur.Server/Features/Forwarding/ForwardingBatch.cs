using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Forwarding;

/// <summary>
/// R-APP-9: a batch of signed paper forms an institution sends to the centre with its cover letter (üst yazı). The
/// letter is kept as made; a batch is never deleted. It is cancelled (only before it is sent) to free its forms.
/// Institution-owned: the context's query filter shows an institution authority only their own (R-X-4).
/// </summary>
internal sealed class ForwardingBatch
{
    private ForwardingBatch()
    {
        LetterNumber = CreatedBy = string.Empty;
        LetterPdf = [];
    }

    public Guid Id { get; private set; }

    public Guid InstitutionId { get; private set; }

    public string LetterNumber { get; private set; }

    public DateOnly LetterDate { get; private set; }

    public byte[] LetterPdf { get; private set; }

    /// <summary>The courier's or registered mail's number, given when the batch is sent.</summary>
    public string? CourierReference { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public string? SentBy { get; private set; }

    /// <summary>The centre finished marking the envelope's forms.</summary>
    public DateTimeOffset? ReceivedAt { get; private set; }

    public string? ReceivedBy { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancelledBy { get; private set; }

    public ForwardingBatchState State => this switch
    {
        { CancelledAt: not null } => ForwardingBatchState.Cancelled,
        { ReceivedAt: not null } => ForwardingBatchState.Received,
        { SentAt: not null } => ForwardingBatchState.Sent,
        _ => ForwardingBatchState.Prepared,
    };

    public static ForwardingBatch Create(
        Guid institutionId, string letterNumber, DateOnly letterDate, byte[] letterPdf, string actor, DateTimeOffset now) => new()
        {
            Id = Guid.CreateVersion7(now),
            InstitutionId = institutionId,
            LetterNumber = letterNumber,
            LetterDate = letterDate,
            LetterPdf = letterPdf,
            CreatedAt = now,
            CreatedBy = actor,
        };

    public void MarkSent(string? courierReference, string actor, DateTimeOffset now)
    {
        EnsureState(ForwardingBatchState.Prepared);
        CourierReference = courierReference;
        SentAt = now;
        SentBy = actor;
    }

    public void Cancel(string actor, DateTimeOffset now)
    {
        EnsureState(ForwardingBatchState.Prepared);
        CancelledAt = now;
        CancelledBy = actor;
    }

    public void MarkReceived(string actor, DateTimeOffset now)
    {
        EnsureState(ForwardingBatchState.Sent);
        ReceivedAt = now;
        ReceivedBy = actor;
    }

    private void EnsureState(ForwardingBatchState expected)
    {
        if (State != expected)
        {
            throw new InvalidOperationException($"The batch is {State}, not {expected}.");
        }
    }
}

/// <summary>Where a batch stands, derived from its dates.</summary>
internal enum ForwardingBatchState
{
    /// <summary>The letter is made; the envelope has not left.</summary>
    Prepared,

    Sent,

    /// <summary>The centre finished its receipt; the findings are final.</summary>
    Received,

    Cancelled,
}

/// <summary>One form of a batch and whether the centre found it in the envelope.</summary>
internal sealed class ForwardingBatchForm
{
    private ForwardingBatchForm()
    {
        FormNumber = string.Empty;
    }

    public Guid BatchId { get; private set; }

    public string FormNumber { get; private set; }

    public Guid ApplicationId { get; private set; }

    public DateTimeOffset? ReceivedAt { get; private set; }

    public string? ReceivedBy { get; private set; }

    /// <summary>The batch was cancelled: the form is listed there still, and free for another batch.</summary>
    public bool Withdrawn { get; private set; }

    public static ForwardingBatchForm Create(Guid batchId, string formNumber, Guid applicationId) => new()
    {
        BatchId = batchId,
        FormNumber = formNumber,
        ApplicationId = applicationId,
    };

    public void MarkReceived(string actor, DateTimeOffset now)
    {
        ReceivedAt = now;
        ReceivedBy = actor;
    }

    public void Withdraw() => Withdrawn = true;
}

/// <summary>R-APP-9: what did not match when the centre opened a batch.</summary>
internal enum ForwardingFinding
{
    /// <summary>A valid form of ours, but listed in no letter of this batch.</summary>
    NotInBatch,

    /// <summary>A form the applicant replaced by correcting their form: its barcode is void.</summary>
    Voided,

    /// <summary>No form has this number.</summary>
    Unknown,

    /// <summary>Listed in the letter, not in the envelope.</summary>
    Missing,
}

internal sealed class ForwardingBatchFinding
{
    private ForwardingBatchFinding()
    {
        FormNumber = RecordedBy = string.Empty;
    }

    public long Id { get; private set; }

    public Guid BatchId { get; private set; }

    public string FormNumber { get; private set; }

    public ForwardingFinding Finding { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public string RecordedBy { get; private set; }

    public static ForwardingBatchFinding Create(Guid batchId, string formNumber, ForwardingFinding finding, string actor, DateTimeOffset now) => new()
    {
        BatchId = batchId,
        FormNumber = formNumber,
        Finding = finding,
        RecordedAt = now,
        RecordedBy = actor,
    };
}

internal sealed class ForwardingConfiguration :
    IEntityTypeConfiguration<ForwardingBatch>, IEntityTypeConfiguration<ForwardingBatchForm>, IEntityTypeConfiguration<ForwardingBatchFinding>
{
    public void Configure(EntityTypeBuilder<ForwardingBatch> builder)
    {
        builder.ToTable("forwarding_batches");
        builder.Ignore(b => b.State);
    }

    public void Configure(EntityTypeBuilder<ForwardingBatchForm> builder)
    {
        builder.ToTable("forwarding_batch_forms");
        builder.HasKey(f => new { f.BatchId, f.FormNumber });
        builder.HasOne<ForwardingBatch>().WithMany().HasForeignKey(f => f.BatchId);
    }

    public void Configure(EntityTypeBuilder<ForwardingBatchFinding> builder)
    {
        builder.ToTable("forwarding_batch_findings");
        builder.Property(f => f.Id).UseIdentityAlwaysColumn();
        builder.Property(f => f.Finding).HasConversion<string>();
        builder.HasOne<ForwardingBatch>().WithMany().HasForeignKey(f => f.BatchId);
    }
}
