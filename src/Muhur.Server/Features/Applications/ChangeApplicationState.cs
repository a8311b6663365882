using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.Applications;

/// <summary>The outcome of an event on an application; null from <see cref="ChangeApplicationState"/> when there is no such application.</summary>
internal sealed record ApplicationChangeResult(bool Changed, ApplicationState State, string? RefusalId);

/// <summary>
/// The one place an application's state changes (R-APP-1 … R-APP-10): one transaction that locks the row, asks
/// <see cref="ApplicationStateRules"/>, and writes the new state, its history row and the audit entry with the
/// actor together. A refused event writes nothing.
/// </summary>
internal sealed class ChangeApplicationState(MuhurDbContext db, AuditLog audit, ApplicationNotices notices, TimeProvider time)
{
    public async Task<ApplicationChangeResult?> RunAsync(
        Guid applicationId, ApplicationEvent @event, string actor, string? reason, CancellationToken cancellationToken, ApplicationNoticeFacts? facts = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await LockAsync(applicationId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var result = await ApplyAsync(application, @event, actor, reason, cancellationToken, facts);
        if (result.Changed)
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Reads and locks the application inside the caller's transaction, for an action that changes more than the
    /// state (the access password, the form, the wet form) and the state together.
    /// </summary>
    public Task<Application?> LockAsync(Guid applicationId, CancellationToken cancellationToken) =>
        // Through the context's set, so an institution authority can only ever reach their own (R-X-4).
        db.Set<Application>()
            .FromSql($"SELECT * FROM applications WHERE id = {applicationId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Applies the event to an application locked by <see cref="LockAsync"/> in the caller's transaction: the state,
    /// its history row and the audit entry are added to the context; the caller saves and commits with its own changes.
    /// The notices the change causes (<see cref="ApplicationNotices"/>) join the outbox in the same transaction. A refused
    /// event adds nothing.
    /// </summary>
    public async Task<ApplicationChangeResult> ApplyAsync(
        Application application, ApplicationEvent @event, string actor, string? reason, CancellationToken cancellationToken, ApplicationNoticeFacts? facts = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        var (transition, change) = application.Apply(@event, actor, reason, time.GetUtcNow());
        if (change is null)
        {
            return new ApplicationChangeResult(false, application.State, transition.RefusalId);
        }

        db.Add(change);
        await audit.AppendAsync(db, actor, AuditActions.ApplicationStateChanged, $"application:{application.Id}",
            new { Event = @event.ToString(), From = change.FromState?.ToString(), To = change.ToState.ToString(), Reason = reason },
            cancellationToken);
        await notices.AddAsync(application, change, @event, facts, cancellationToken);
        return new ApplicationChangeResult(true, application.State, null);
    }
}
