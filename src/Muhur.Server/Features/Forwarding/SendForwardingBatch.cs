using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.Forwarding;

internal enum SendBatchOutcome
{
    Sent,
    NotFound,

    /// <summary>Already sent, or cancelled.</summary>
    NotPrepared,

    /// <summary>A form of the batch was voided (the applicant corrected it) or its application moved on: nothing was sent.</summary>
    FormsInvalid,
}

internal sealed record SendBatchResult(SendBatchOutcome Outcome, IReadOnlyList<string>? InvalidForms = null);

/// <summary>
/// R-APP-9: the batch leaves the institution. In one transaction: the batch is marked sent with the courier's or
/// registered mail's number, and every application of it is forwarded to the centre through
/// <see cref="ChangeApplicationState"/> (which writes the notices, with the letter's number as a fact). A form voided
/// meanwhile refuses the whole batch with the list, and nothing changes.
/// </summary>
internal sealed class SendForwardingBatch(MuhurDbContext db, ChangeApplicationState change, AuditLog audit, TimeProvider time)
{
    public async Task<SendBatchResult> RunAsync(Guid batchId, string? courierReference, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Through the filtered set: another institution's batch is not found (R-X-4).
        var batch = await db.Set<ForwardingBatch>()
            .FromSql($"SELECT * FROM forwarding_batches WHERE id = {batchId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return new SendBatchResult(SendBatchOutcome.NotFound);
        }

        if (batch.State != ForwardingBatchState.Prepared)
        {
            return new SendBatchResult(SendBatchOutcome.NotPrepared);
        }

        var forms = await (
            from entry in db.Set<ForwardingBatchForm>()
            join form in db.Set<WetForm>() on entry.FormNumber equals form.FormNumber
            where entry.BatchId == batchId
            orderby entry.FormNumber
            select new { entry.FormNumber, entry.ApplicationId, Voided = form.VoidedAt != null })
            .ToListAsync(cancellationToken);

        // Every application is locked and checked before any is changed, so a refusal leaves all as they were.
        var applications = new List<Application>();
        var invalid = forms.Where(f => f.Voided).Select(f => f.FormNumber).ToList();
        foreach (var form in forms.Where(f => !f.Voided))
        {
            var application = await change.LockAsync(form.ApplicationId, cancellationToken);
            if (application is null || !ApplicationStateRules.Decide(application.State, ApplicationEvent.Forward).Allowed)
            {
                invalid.Add(form.FormNumber);
            }
            else
            {
                applications.Add(application);
            }
        }

        if (invalid.Count > 0)
        {
            return new SendBatchResult(SendBatchOutcome.FormsInvalid, invalid.Order(StringComparer.Ordinal).ToList());
        }

        var facts = new ApplicationNoticeFacts(BatchLetterNumber: batch.LetterNumber);
        foreach (var application in applications)
        {
            var applied = await change.ApplyAsync(application, ApplicationEvent.Forward, actor, "Üst yazı " + batch.LetterNumber, cancellationToken, facts);
            if (!applied.Changed)
            {
                throw new InvalidOperationException("An application checked under lock refused the forwarding.");
            }
        }

        var reference = string.IsNullOrWhiteSpace(courierReference) ? null : courierReference.Trim();
        batch.MarkSent(reference, actor, time.GetUtcNow());
        await audit.AppendAsync(db, actor, AuditActions.ForwardingBatchSent, $"forwarding-batch:{batch.Id}",
            new { batch.LetterNumber, CourierReference = reference, Forms = forms.Count }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SendBatchResult(SendBatchOutcome.Sent);
    }
}
