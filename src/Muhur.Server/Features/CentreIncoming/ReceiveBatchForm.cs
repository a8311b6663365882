using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Forwarding;

namespace Muhur.Server.Features.CentreIncoming;

/// <summary>What a barcode scanned at the centre came to; each has its Turkish message <c>CentreIncoming_Scan_{outcome}</c>.</summary>
internal enum ScanOutcome
{
    /// <summary>A form of this batch: marked found, its application received by the centre.</summary>
    Received,

    AlreadyReceived,

    /// <summary>Not twelve digits with a valid check digit: scanned again, nothing recorded.</summary>
    Malformed,

    /// <summary>The batch was not sent, or its receipt is finished.</summary>
    BatchClosed,
    BatchNotFound,

    // Findings (R-APP-9): recorded in forwarding_batch_findings.
    NotInBatch,
    Voided,
    Unknown,
}

internal sealed record ScanResult(ScanOutcome Outcome, string? FormNumber = null, string? ApplicantName = null);

/// <summary>
/// R-APP-9: the centre's officer marks a form found in a batch's envelope by its barcode. A form of the batch is marked
/// received and its application gets <see cref="ApplicationEvent.Receive"/> in one transaction; a barcode that does not
/// belong (another batch's or no batch's valid form, a voided form, an unknown number) is recorded as a finding. Each
/// is audited with the officer.
/// </summary>
internal sealed class ReceiveBatchForm(MuhurDbContext db, ChangeApplicationState change, AuditLog audit, TimeProvider time)
{
    public async Task<ScanResult> RunAsync(Guid batchId, string? barcode, string actor, CancellationToken cancellationToken)
    {
        if (!FormNumber.TryNormalize(barcode, out var number))
        {
            return new ScanResult(ScanOutcome.Malformed);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.Set<ForwardingBatch>()
            .FromSql($"SELECT * FROM forwarding_batches WHERE id = {batchId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return new ScanResult(ScanOutcome.BatchNotFound);
        }

        if (batch.State != ForwardingBatchState.Sent)
        {
            return new ScanResult(ScanOutcome.BatchClosed, number);
        }

        var now = time.GetUtcNow();
        var entry = await db.Set<ForwardingBatchForm>().SingleOrDefaultAsync(f => f.BatchId == batchId && f.FormNumber == number, cancellationToken);
        var form = await db.Set<WetForm>().AsNoTracking().SingleOrDefaultAsync(f => f.FormNumber == number, cancellationToken);
        var name = form is null ? null : await (
            from application in db.Set<Application>()
            join person in db.People on application.PersonId equals person.Id
            where application.Id == form.ApplicationId
            select person.GivenName + " " + person.Surname).SingleOrDefaultAsync(cancellationToken);
        if (entry is not null && form is { VoidedAt: null })
        {
            if (entry.ReceivedAt is not null)
            {
                return new ScanResult(ScanOutcome.AlreadyReceived, number, name);
            }

            var application = await change.LockAsync(entry.ApplicationId, cancellationToken)
                ?? throw new InvalidOperationException("A batch's application does not exist.");
            var applied = await change.ApplyAsync(application, ApplicationEvent.Receive, actor, "Üst yazı " + batch.LetterNumber, cancellationToken,
                new ApplicationNoticeFacts(BatchLetterNumber: batch.LetterNumber));
            if (!applied.Changed)
            {
                // Cancelled meanwhile, say: the paper is here but the application no longer waits for it.
                return await FindingAsync(batch, number, ForwardingFinding.NotInBatch, actor, now, name, transaction, cancellationToken);
            }

            entry.MarkReceived(actor, now);
            await audit.AppendAsync(db, actor, AuditActions.ForwardingBatchFormFound, $"forwarding-batch:{batch.Id}",
                new { FormNumber = number, ApplicationId = entry.ApplicationId }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ScanResult(ScanOutcome.Received, number, name);
        }

        var finding = form switch
        {
            null => ForwardingFinding.Unknown,
            { VoidedAt: not null } => ForwardingFinding.Voided,
            _ => ForwardingFinding.NotInBatch,
        };
        return await FindingAsync(batch, number, finding, actor, now, name, transaction, cancellationToken);
    }

    private async Task<ScanResult> FindingAsync(
        ForwardingBatch batch, string number, ForwardingFinding finding, string actor, DateTimeOffset now, string? name,
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        // The same barcode scanned twice is one finding.
        var known = await db.Set<ForwardingBatchFinding>().AnyAsync(f => f.BatchId == batch.Id && f.FormNumber == number && f.Finding == finding, cancellationToken);
        if (!known)
        {
            db.Add(ForwardingBatchFinding.Create(batch.Id, number, finding, actor, now));
            await audit.AppendAsync(db, actor, AuditActions.ForwardingBatchFinding, $"forwarding-batch:{batch.Id}",
                new { FormNumber = number, Finding = finding.ToString() }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var outcome = finding switch
        {
            ForwardingFinding.Voided => ScanOutcome.Voided,
            ForwardingFinding.Unknown => ScanOutcome.Unknown,
            _ => ScanOutcome.NotInBatch,
        };
        return new ScanResult(outcome, number, finding == ForwardingFinding.Unknown ? null : name);
    }
}
