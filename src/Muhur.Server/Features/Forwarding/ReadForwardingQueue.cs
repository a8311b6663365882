using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.Forwarding;

/// <summary>A wet-signed application waiting to be forwarded, with its current form (set by member, so EF Core can filter on it).</summary>
internal sealed record QueuedForm
{
    public required Guid ApplicationId { get; init; }

    public required string FormNumber { get; init; }

    public required string FullName { get; init; }

    public string? Title { get; init; }

    public string? Unit { get; init; }

    public required DateTimeOffset PrintedAt { get; init; }

    public DateTimeOffset? ReceivedAt { get; init; }
}

/// <summary>
/// R-APP-9: the institution's applications in WetFormPrinted whose current (not voided) form is in no batch that is not
/// cancelled, read through the institution filter (R-X-4); those whose paper was received come first.
/// </summary>
internal static class ReadForwardingQueue
{
    public static IQueryable<QueuedForm> Query(MuhurDbContext db) =>
        from application in db.Set<Application>()
        join form in db.Set<WetForm>() on application.Id equals form.ApplicationId
        join person in db.People on application.PersonId equals person.Id
        where application.State == ApplicationState.WetFormPrinted
            && form.VoidedAt == null
            && !db.Set<ForwardingBatchForm>().Any(b => b.FormNumber == form.FormNumber && !b.Withdrawn)
        select new QueuedForm
        {
            ApplicationId = application.Id,
            FormNumber = form.FormNumber,
            FullName = person.GivenName + " " + person.Surname,
            Title = person.Title,
            Unit = db.Units.Where(u => u.Id == person.UnitId).Select(u => u.Name).FirstOrDefault(),
            PrintedAt = form.CreatedAt,
            ReceivedAt = form.ReceivedByInstitutionAt,
        };

    public static Task<List<QueuedForm>> ReadAsync(MuhurDbContext db, CancellationToken cancellationToken) =>
        Query(db)
            .OrderBy(f => f.ReceivedAt == null)
            .ThenBy(f => f.ReceivedAt)
            .ThenBy(f => f.PrintedAt)
            .ToListAsync(cancellationToken);
}
