namespace Muhur.Pki.Audit;

/// <summary>
/// One audit-log entry as it is hashed (R-CA-4). <see cref="Sequence"/> starts at 1 and has no gaps,
/// so a deleted entry shows up as a gap even when the chain is re-linked around it.
/// </summary>
public sealed record AuditRecord(
    long Sequence,
    DateTimeOffset OccurredAt,
    string Actor,
    string Action,
    string? Subject,
    string? Details,
    byte[] PreviousHash,
    byte[] Hash);
