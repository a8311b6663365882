using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.InstitutionApplications;

namespace Muhur.Server.Features.CentreDecision;

/// <summary>Why the officer's decision was not recorded; <see cref="Decided"/> when it was.</summary>
internal enum DecisionOutcome
{
    Decided,
    NotFound,

    /// <summary>R-ELIG-5: an individually paid application waits until its receipt is accepted.</summary>
    ReceiptNotAccepted,

    /// <summary>R-APP-10: a rejection needs its reason; the applicant and the institution are told it.</summary>
    ReasonRequired,

    /// <summary>The state machine refused; <see cref="DecisionResult.RefusalId"/> says why.</summary>
    Refused,
}

/// <param name="Outcome">What happened.</param>
/// <param name="RefusalId">An <see cref="ApplicationStateRules"/> refusal id when <see cref="DecisionOutcome.Refused"/>.</param>
/// <param name="State">The application's state afterwards (or as found).</param>
internal sealed record DecisionResult(DecisionOutcome Outcome, string? RefusalId = null, ApplicationState? State = null);

/// <summary>
/// R-APP-10, R-ELIG-5: the centre officer approves an application awaiting the decision, or rejects it with a reason.
/// One transaction: the application row is locked first (<see cref="ChangeApplicationState.LockAsync"/>), so two
/// officers deciding at once are serialised and the second finds it decided; the receipt is read under that lock, so
/// an approval never slips past a receipt refused a moment before (<see cref="DecideReceipt"/> takes the same lock).
/// State, history row with the officer and the reason, audit entry and the notices (ApplicationNotices) commit together.
/// </summary>
internal sealed class DecideApplication(MuhurDbContext db, ChangeApplicationState change)
{
    /// <summary>The longest reason kept; the history column is unbounded, the mail is not.</summary>
    public const int MaxReasonLength = 500;

    public Task<DecisionResult> ApproveAsync(Guid applicationId, string officer, CancellationToken cancellationToken) =>
        DecideAsync(applicationId, ApplicationEvent.Approve, officer, null, cancellationToken);

    public Task<DecisionResult> RejectAsync(Guid applicationId, string officer, string? reason, CancellationToken cancellationToken)
    {
        var trimmed = reason?.Trim();
        return string.IsNullOrEmpty(trimmed)
            ? Task.FromResult(new DecisionResult(DecisionOutcome.ReasonRequired))
            : DecideAsync(applicationId, ApplicationEvent.Reject, officer, trimmed.Length > MaxReasonLength ? trimmed[..MaxReasonLength] : trimmed, cancellationToken);
    }

    private async Task<DecisionResult> DecideAsync(
        Guid applicationId, ApplicationEvent @event, string officer, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await change.LockAsync(applicationId, cancellationToken);
        if (application is null)
        {
            return new DecisionResult(DecisionOutcome.NotFound);
        }

        // The state machine's refusal (decided, cancelled, finished) comes first: it is the truer answer.
        var transition = ApplicationStateRules.Decide(application.State, @event);
        if (!transition.Allowed)
        {
            return new DecisionResult(DecisionOutcome.Refused, transition.RefusalId, application.State);
        }

        if (@event == ApplicationEvent.Approve && application.Payment == PaymentMode.Individual
            && !await db.Set<ApplicationReceipt>().AnyAsync(r => r.ApplicationId == applicationId && r.AcceptedAt != null, cancellationToken))
        {
            return new DecisionResult(DecisionOutcome.ReceiptNotAccepted, null, application.State);
        }

        var result = await change.ApplyAsync(application, @event, officer, reason, cancellationToken);
        if (!result.Changed)
        {
            return new DecisionResult(DecisionOutcome.Refused, result.RefusalId, result.State);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DecisionResult(DecisionOutcome.Decided, null, result.State);
    }
}
