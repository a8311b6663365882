using Microsoft.Extensions.Localization;
using Muhur.Server.Data;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.Audit;

/// <summary>A page of audit entries in words (issue 11 item 7): the names behind every reference read in bulk, then <see cref="AuditText"/>.</summary>
internal sealed class ReadAuditEntries(MuhurDbContext db, IStringLocalizer<SharedResource> text)
{
    public async Task<IReadOnlyList<ReadableAuditEntry>> RunAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var names = await AuditNames.ResolveAsync(db, entries.Select(e => e.Actor).Concat(entries.Select(e => e.Subject)), cancellationToken);
        return entries.Select(e => new ReadableAuditEntry(
                e.Sequence,
                e.OccurredAt,
                e.Action,
                AuditText.Action(e.Action, text),
                AuditText.Actor(e.Actor, names, text),
                AuditText.Subject(e.Subject, names, text),
                AuditText.Details(e.Action, e.Details, text)))
            .ToList();
    }
}
