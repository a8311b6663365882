using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Forwarding;

/// <summary>One batch in a list: its letter, where it stands and how many forms it carries (set by member, so EF Core can filter on it).</summary>
internal sealed record BatchSummary
{
    public required Guid Id { get; init; }

    public required string InstitutionName { get; init; }

    public required string LetterNumber { get; init; }

    public required DateOnly LetterDate { get; init; }

    public string? CourierReference { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? ReceivedAt { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public required int Forms { get; init; }

    public required int Findings { get; init; }

    public ForwardingBatchState State => this switch
    {
        { CancelledAt: not null } => ForwardingBatchState.Cancelled,
        { ReceivedAt: not null } => ForwardingBatchState.Received,
        { SentAt: not null } => ForwardingBatchState.Sent,
        _ => ForwardingBatchState.Prepared,
    };

    /// <summary>The batches of the context's scope (an institution's own, R-X-4, or every one for the centre), newest first.</summary>
    public static IQueryable<BatchSummary> Query(MuhurDbContext db) =>
        from batch in db.Set<ForwardingBatch>()
        join institution in db.Institutions on batch.InstitutionId equals institution.Id
        orderby batch.CreatedAt descending
        select new BatchSummary
        {
            Id = batch.Id,
            InstitutionName = institution.Name,
            LetterNumber = batch.LetterNumber,
            LetterDate = batch.LetterDate,
            CourierReference = batch.CourierReference,
            CreatedAt = batch.CreatedAt,
            SentAt = batch.SentAt,
            ReceivedAt = batch.ReceivedAt,
            CancelledAt = batch.CancelledAt,
            Forms = db.Set<ForwardingBatchForm>().Count(f => f.BatchId == batch.Id),
            Findings = db.Set<ForwardingBatchFinding>().Count(f => f.BatchId == batch.Id),
        };
}

/// <summary>A batch's card in a list, linking to the institution's or the centre's page of it.</summary>
internal sealed record BatchCardView(BatchSummary Batch, string Link, bool ShowInstitution);

/// <summary>R-APP-9 <c>/kurum/evrak/gonderiler</c>: the institution's batches, newest first (R-X-4: its own only).</summary>
internal sealed class BatchesModel(MuhurDbContext db) : PageModel
{
    public IReadOnlyList<BatchSummary> Batches { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Batches = await BatchSummary.Query(db).Take(500).ToListAsync(cancellationToken);
}
