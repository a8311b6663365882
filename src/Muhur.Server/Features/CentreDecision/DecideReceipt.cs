using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.InstitutionApplications;

namespace Muhur.Server.Features.CentreDecision;

/// <summary>Why the receipt decision was not recorded; <see cref="Done"/> when it was.</summary>
internal enum ReceiptDecisionOutcome
{
    Done,
    NotFound,

    /// <summary>The application is paid by the institution, or has no receipt.</summary>
    NoReceipt,
    ReasonRequired,
    AlreadyAccepted,

    /// <summary>The application was already decided, cancelled or finished: the payment question is closed.</summary>
    Closed,
}

/// <summary>
/// R-ELIG-5 (issue 11 item 2): the centre officer accepts an individually paid application's receipt (dekont), or
/// refuses it with a reason. Under the application's row lock, the same one <see cref="DecideApplication"/> takes, so a
/// refusal and an approval cannot cross; the receipt's columns and the audit entry with the officer commit together.
/// </summary>
internal sealed class DecideReceipt(MuhurDbContext db, ChangeApplicationState change, AuditLog audit, TimeProvider time)
{
    public Task<ReceiptDecisionOutcome> AcceptAsync(Guid applicationId, string officer, CancellationToken cancellationToken) =>
        RunAsync(applicationId, officer, accept: true, null, cancellationToken);

    public Task<ReceiptDecisionOutcome> RefuseAsync(Guid applicationId, string officer, string? reason, CancellationToken cancellationToken)
    {
        var trimmed = reason?.Trim();
        return string.IsNullOrEmpty(trimmed)
            ? Task.FromResult(ReceiptDecisionOutcome.ReasonRequired)
            : RunAsync(applicationId, officer, accept: false, trimmed.Length > DecideApplication.MaxReasonLength ? trimmed[..DecideApplication.MaxReasonLength] : trimmed, cancellationToken);
    }

    /// <summary>Whether the receipt may still be accepted or refused: until the officer's decision.</summary>
    public static bool IsOpen(ApplicationState state) =>
        !ApplicationStateRules.IsFinal(state) && state is not (ApplicationState.Approved or ApplicationState.CardProduced or ApplicationState.Shipped);

    private async Task<ReceiptDecisionOutcome> RunAsync(
        Guid applicationId, string officer, bool accept, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await change.LockAsync(applicationId, cancellationToken);
        if (application is null)
        {
            return ReceiptDecisionOutcome.NotFound;
        }

        var receipt = application.Payment == PaymentMode.Individual
            ? await db.Set<ApplicationReceipt>().SingleOrDefaultAsync(r => r.ApplicationId == applicationId, cancellationToken)
            : null;
        if (receipt is null)
        {
            return ReceiptDecisionOutcome.NoReceipt;
        }

        if (!IsOpen(application.State))
        {
            return ReceiptDecisionOutcome.Closed;
        }

        if (accept && receipt.AcceptedAt is not null)
        {
            return ReceiptDecisionOutcome.AlreadyAccepted;
        }

        var now = time.GetUtcNow();
        if (accept)
        {
            receipt.Accept(officer, now);
        }
        else
        {
            receipt.Refuse(officer, reason!, now);
        }

        await audit.AppendAsync(db, officer, accept ? AuditActions.ApplicationReceiptAccepted : AuditActions.ApplicationReceiptRefused,
            $"application:{applicationId}", new { receipt.FileName, Reason = reason }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReceiptDecisionOutcome.Done;
    }
}
