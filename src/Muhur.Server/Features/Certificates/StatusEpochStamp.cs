using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Certificates;

/// <summary>
/// Takes the next CA status epoch for the current transaction (see migration 0002). Holds the epoch row
/// until commit, so call it as late as possible and after the audit lock, the order every writer uses.
/// </summary>
internal static class StatusEpochStamp
{
    public static async Task<long> NextAsync(MuhurDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The status epoch is taken inside the transaction that writes the change.");
        }

        // Not composable (an UPDATE): fetched as a list rather than wrapped in a SELECT by Single().
        var epoch = await db.Database
            .SqlQuery<long>($"UPDATE ca_status_epoch SET epoch = epoch + 1 RETURNING epoch AS \"Value\"")
            .ToListAsync(cancellationToken);
        return epoch.Single();
    }
}
