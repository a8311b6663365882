using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.Forwarding;

/// <summary>One form of a batch as the report shows it.</summary>
internal sealed record BatchReportForm(
    string FormNumber, Guid ApplicationId, string FullName, string? UnitAndTitle, bool Voided, DateTimeOffset? ReceivedAt, ApplicationState State);

/// <summary>A batch with its forms and the centre's findings: the same report for the institution and the centre (R-APP-9).</summary>
internal sealed record BatchReport(
    ForwardingBatch Batch, string InstitutionName, IReadOnlyList<BatchReportForm> Forms, IReadOnlyList<ForwardingBatchFinding> Findings)
{
    public IEnumerable<BatchReportForm> Received => Forms.Where(f => f.ReceivedAt is not null);

    public IEnumerable<ForwardingBatchFinding> Missing => Findings.Where(f => f.Finding == ForwardingFinding.Missing);

    /// <summary>Barcodes found in the envelope that did not belong to it.</summary>
    public IEnumerable<ForwardingBatchFinding> Foreign => Findings.Where(f => f.Finding != ForwardingFinding.Missing);
}

/// <summary>
/// Reads a batch and its report through the context's institution filter: an institution authority gets only their
/// own batches (R-X-4), the centre every one.
/// </summary>
internal static class ReadBatchReport
{
    public static async Task<BatchReport?> ReadAsync(MuhurDbContext db, Guid batchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var batch = await db.Set<ForwardingBatch>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var institution = await db.Institutions.Where(i => i.Id == batch.InstitutionId).Select(i => i.Name).SingleAsync(cancellationToken);
        var forms = await (
            from entry in db.Set<ForwardingBatchForm>()
            join form in db.Set<WetForm>() on entry.FormNumber equals form.FormNumber
            join application in db.Set<Application>() on entry.ApplicationId equals application.Id
            join person in db.People on application.PersonId equals person.Id
            where entry.BatchId == batchId
            select new
            {
                entry.FormNumber,
                entry.ApplicationId,
                Name = person.GivenName + " " + person.Surname,
                person.Title,
                Unit = db.Units.Where(u => u.Id == person.UnitId).Select(u => u.Name).FirstOrDefault(),
                Voided = form.VoidedAt != null,
                entry.ReceivedAt,
                application.State,
            })
            .ToListAsync(cancellationToken);
        var findings = await db.Set<ForwardingBatchFinding>().AsNoTracking()
            .Where(f => f.BatchId == batchId)
            .OrderBy(f => f.Id)
            .ToListAsync(cancellationToken);
        return new BatchReport(
            batch,
            institution,
            forms
                .Select(f => new BatchReportForm(f.FormNumber, f.ApplicationId, f.Name, CreateForwardingBatch.UnitAndTitle(f.Unit, f.Title), f.Voided, f.ReceivedAt, f.State))
                .OrderBy(f => f.FormNumber, StringComparer.Ordinal)
                .ToList(),
            findings);
    }
}
