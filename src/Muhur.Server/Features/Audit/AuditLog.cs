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
    public Task AppendAsync(
        MuhurDbContext db,
        string actor,
        string action,
        string? subject,
        object? details,
        CancellationToken cancellationToken) =>
        AppendManyAsync(db, [new AuditEvent(actor, action, subject, details)], cancellationToken);

    /// <summary>Appends several entries with one lock and one head read (a batch of issuances).</summary>
    public async Task AppendManyAsync(MuhurDbContext db, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(events);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit entries are appended inside the transaction of the change they record.");
        }

        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.AuditAppend})", cancellationToken);

        var pending = db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .MaxBy(e => e.Sequence);
        var head = (pending ?? await db.AuditLog.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefaultAsync(cancellationToken))?.ToRecord();

        var now = time.GetUtcNow();
        foreach (var audit in events)
        {
            var detailsJson = audit.Details switch
            {
                null => null,
                string text => text,
                var value => JsonSerializer.Serialize(value),
            };
            head = AuditChain.Next(head, now, audit.Actor, audit.Action, audit.Subject, detailsJson);
            db.AuditLog.Add(AuditEntry.From(head));
        }
    }
}

/// <summary>One thing to record in the audit log.</summary>
internal sealed record AuditEvent(string Actor, string Action, string? Subject, object? Details);
