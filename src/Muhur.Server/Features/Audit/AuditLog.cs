using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Audit;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Audit;

/// <summary>
/// The one place that writes the audit log (R-CA-4). An entry is appended inside the caller's
/// transaction, so it commits or rolls back together with the change it records.
/// </summary>
internal sealed class AuditLog(TimeProvider time)
{
    // Names the audit chain among advisory locks: writers on every node take it in turn, so the chain
    // never forks.
    private const long AppendLockKey = 0x4D756875725F4131;

    public async Task AppendAsync(
        MuhurDbContext db,
        string actor,
        string action,
        string? subject,
        object? details,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit entries are appended inside the transaction of the change they record.");
        }

        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AppendLockKey})", cancellationToken);

        var pending = db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .MaxBy(e => e.Sequence);
        var head = pending ?? await db.AuditLog.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefaultAsync(cancellationToken);

        var detailsJson = details switch
        {
            null => null,
            string text => text,
            _ => JsonSerializer.Serialize(details),
        };
        var record = AuditChain.Next(head?.ToRecord(), time.GetUtcNow(), actor, action, subject, detailsJson);
        db.AuditLog.Add(AuditEntry.From(record));
    }
}
