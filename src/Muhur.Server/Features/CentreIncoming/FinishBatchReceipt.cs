using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Forwarding;

namespace Muhur.Server.Features.CentreIncoming;

internal enum FinishReceiptOutcome
{
    Finished,
    NotFound,

    /// <summary>Not sent, or already finished: a finished batch is not marked again.</summary>
    NotOpen,
}

internal sealed record FinishReceiptResult(FinishReceiptOutcome Outcome, int Missing = 0);

/// <summary>
/// R-APP-9 "Teslim almayı bitir": every form of the batch not found in the envelope is recorded as Missing and the
/// batch as received by the officer, in one transaction, audited. The applications of missing forms stay
/// ForwardedToCentre: the institution sends the paper again or the officer rejects it.
/// </summary>
internal sealed class FinishBatchReceipt(MuhurDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<FinishReceiptResult> RunAsync(Guid batchId, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.Set<ForwardingBatch>()
            .FromSql($"SELECT * FROM forwarding_batches WHERE id = {batchId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return new FinishReceiptResult(FinishReceiptOutcome.NotFound);
        }

        if (batch.State != ForwardingBatchState.Sent)
        {
            return new FinishReceiptResult(FinishReceiptOutcome.NotOpen);
        }

        var now = time.GetUtcNow();
        var missing = await db.Set<ForwardingBatchForm>()
            .Where(f => f.BatchId == batchId && f.ReceivedAt == null)
            .OrderBy(f => f.FormNumber)
            .Select(f => f.FormNumber)
            .ToListAsync(cancellationToken);
        db.AddRange(missing.Select(number => ForwardingBatchFinding.Create(batchId, number, ForwardingFinding.Missing, actor, now)));
        batch.MarkReceived(actor, now);
        await audit.AppendAsync(db, actor, AuditActions.ForwardingBatchReceived, $"forwarding-batch:{batch.Id}",
            new { batch.LetterNumber, Missing = missing }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new FinishReceiptResult(FinishReceiptOutcome.Finished, missing.Count);
    }
}
