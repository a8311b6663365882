using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.People;

namespace Muhur.Server.Features.Applications;

internal enum OpenApplicationOutcome
{
    Opened,
    UnknownPerson,

    /// <summary>The person already has an application in progress at this institution.</summary>
    AlreadyOpen,
}

internal sealed record OpenApplicationResult(OpenApplicationOutcome Outcome, Guid? ApplicationId);

/// <summary>
/// Opens an application for a registered person (R-APP-1) with its eligibility decided and recorded with who
/// decided (R-ELIG-5), audited; at most one open application per person and institution.
/// </summary>
internal sealed class OpenApplication(MuhurDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<OpenApplicationResult> RunAsync(
        Guid personId, ApplicationKind kind, EligibilityDecision eligibility, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The registration row is locked so that two requests for one person open one application.
        var person = await db.Set<Person>()
            .FromSql($"SELECT * FROM people WHERE id = {personId} FOR NO KEY UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return new OpenApplicationResult(OpenApplicationOutcome.UnknownPerson, null);
        }

        var open = await db.Set<Application>().AnyAsync(
            a => a.PersonId == personId && a.InstitutionId == person.InstitutionId
                && a.State != ApplicationState.Delivered && a.State != ApplicationState.Cancelled && a.State != ApplicationState.Rejected,
            cancellationToken);
        if (open)
        {
            return new OpenApplicationResult(OpenApplicationOutcome.AlreadyOpen, null);
        }

        var (application, opened) = Application.Open(personId, person.InstitutionId, kind, eligibility, actor, time.GetUtcNow());
        db.Add(application);
        db.Add(opened);
        await audit.AppendAsync(db, actor, AuditActions.ApplicationOpened, $"application:{application.Id}",
            new { Person = personId, Kind = kind.ToString(), Payment = eligibility.Payment.ToString(), Reason = eligibility.Reason.ToString(), eligibility.PositionName },
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OpenApplicationResult(OpenApplicationOutcome.Opened, application.Id);
    }
}
