using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.CardProduction;

/// <summary>An approved application waiting for its card, as the officer's list shows it (identifier masked, R-X-3).</summary>
internal sealed record WaitingApplication(
    Guid Id, string Name, string MaskedIdentifier, string Institution, ApplicationKind Kind, DateTimeOffset ApprovedAt);

/// <summary>The approved applications waiting for their cards (R-CARD-1), the longest waiting first.</summary>
internal sealed class ApprovedApplications(MuhurDbContext db)
{
    public async Task<IReadOnlyList<WaitingApplication>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await (
            from application in db.Set<Application>()
            where application.State == ApplicationState.Approved
            join person in db.People on application.PersonId equals person.Id
            join institution in db.Institutions on application.InstitutionId equals institution.Id
            orderby application.UpdatedAt, application.Id
            select new { application.Id, person.GivenName, person.Surname, person.IdentifierNumber, Institution = institution.Name, application.Kind, application.UpdatedAt })
            .Take(limit)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new WaitingApplication(
            r.Id, $"{r.GivenName} {r.Surname}", PersonIdentifier.Mask(r.IdentifierNumber), r.Institution, r.Kind, r.UpdatedAt))];
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        db.Set<Application>().CountAsync(a => a.State == ApplicationState.Approved, cancellationToken);
}
