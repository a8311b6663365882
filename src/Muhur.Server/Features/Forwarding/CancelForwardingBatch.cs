using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.Forwarding;

internal enum CancelBatchOutcome
{
    Cancelled,
    NotFound,
    NotPrepared,
}

/// <summary>
/// R-APP-9: the way out of a batch that cannot be sent (a form in it was corrected meanwhile): an unsent batch is
/// cancelled, kept with its letter and list, and its forms are withdrawn from it so that the valid ones can travel in a
/// new batch. Audited; one transaction.
/// </summary>
internal sealed class CancelForwardingBatch(MuhurDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<CancelBatchOutcome> RunAsync(Guid batchId, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.Set<ForwardingBatch>()
            .FromSql($"SELECT * FROM forwarding_batches WHERE id = {batchId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return CancelBatchOutcome.NotFound;
        }

        if (batch.State != ForwardingBatchState.Prepared)
        {
            return CancelBatchOutcome.NotPrepared;
        }

        batch.Cancel(actor, time.GetUtcNow());
        var forms = await db.Set<ForwardingBatchForm>().Where(f => f.BatchId == batchId).ToListAsync(cancellationToken);
        foreach (var form in forms)
        {
            form.Withdraw();
        }

        await audit.AppendAsync(db, actor, AuditActions.ForwardingBatchCancelled, $"forwarding-batch:{batch.Id}",
            new { batch.LetterNumber, Forms = forms.Count }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CancelBatchOutcome.Cancelled;
    }
}
