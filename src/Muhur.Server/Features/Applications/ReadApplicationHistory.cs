using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.Applications;

/// <summary>One line of an application's history as people read it (R-APP-11): when, the new state, who, why.</summary>
internal sealed record ApplicationHistoryRow(DateTimeOffset At, ApplicationState State, string Who, string? Reason);

/// <summary>A shipment of an application's card as the status pages show it (R-APP-11, issue 11 item 5).</summary>
internal sealed record ApplicationShipmentRow(Guid ApplicationId, string Provider, string TrackingNumber, string State, DateTimeOffset CreatedAt);

/// <summary>
/// The state history of applications in Turkish for the three audiences of a status enquiry (R-APP-11): the applicant
/// at <c>/basvuru</c>, the institution at <c>/kurum/basvurular/{id}</c> and the call centre. One query for the changes
/// and the names behind their actors read in bulk (<see cref="AuditNames"/>), so who did it reads as
/// "Elif Demir (Kurum Yetkilisi)", never <c>staff:kurum.yetkili</c>. The caller decides which applications it may read.
/// </summary>
internal sealed class ReadApplicationHistory(MuhurDbContext db, IStringLocalizer<SharedResource> text)
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<ApplicationHistoryRow>>> RunAsync(
        IReadOnlyCollection<Guid> applicationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applicationIds);
        var ids = applicationIds.Distinct().ToList();
        var changes = await db.Set<ApplicationStateChange>().AsNoTracking()
            .Where(c => ids.Contains(c.ApplicationId)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var names = await AuditNames.ResolveAsync(db, changes.Select(c => c.Actor), cancellationToken);
        return ids.ToDictionary(
            id => id,
            id => (IReadOnlyList<ApplicationHistoryRow>)changes.Where(c => c.ApplicationId == id)
                .Select(c => new ApplicationHistoryRow(c.ChangedAt, c.ToState, AuditText.Actor(c.Actor, names, text), c.Reason))
                .ToList());
    }

    public async Task<IReadOnlyList<ApplicationHistoryRow>> RunAsync(Guid applicationId, CancellationToken cancellationToken) =>
        (await RunAsync([applicationId], cancellationToken))[applicationId];

    /// <summary>
    /// The shipments of these applications' cards, newest first. Read by SQL so the shipment feature keeps the one
    /// entity mapping of <c>shipments</c> (migration 0009).
    /// </summary>
    public async Task<IReadOnlyList<ApplicationShipmentRow>> ShipmentsAsync(IReadOnlyCollection<Guid> applicationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applicationIds);
        var ids = applicationIds.Distinct().ToArray();
        return await db.Database.SqlQuery<ApplicationShipmentRow>(
                $"SELECT application_id AS \"ApplicationId\", provider AS \"Provider\", tracking_number AS \"TrackingNumber\", state AS \"State\", created_at AS \"CreatedAt\" FROM shipments WHERE application_id = ANY({ids}) ORDER BY created_at DESC")
            .ToListAsync(cancellationToken);
    }
}
