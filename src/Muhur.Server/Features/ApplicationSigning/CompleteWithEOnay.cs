using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>
/// R-EONAY-2: with a consent in force, the applicant completes the confirmed and SMS-approved form "e-onaylı", without
/// a wet or e-signature; it reaches the centre at once (EApproved). State, history, audit entry and the mail in one
/// transaction; the consent row is locked so a withdrawal cannot slip in between.
/// </summary>
internal sealed class CompleteWithEOnay(MuhurDbContext db, ChangeApplicationState change, SigningMails mails, TimeProvider time)
{
    public const string NoConsent = "NoConsent";

    /// <returns>Null when completed, else the refusal's id (<see cref="NoConsent"/> or a state rule's).</returns>
    public async Task<string?> RunAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await change.LockAsync(applicationId, cancellationToken)
            ?? throw new InvalidOperationException("The applicant's application is gone.");
        if (application.State != ApplicationState.PhoneApproved)
        {
            return ApplicationStateRules.RefusedOutOfOrder;
        }

        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == application.PersonId, cancellationToken);
        var consentIds = await ReadSigningOffer.ConsentInForce(db, person).Select(c => c.Id).ToListAsync(cancellationToken);
        var locked = await db.Set<EOnayConsent>()
            .FromSql($"SELECT * FROM eonay_consents WHERE id = ANY({consentIds.ToArray()}) AND withdrawn_at IS NULL FOR UPDATE")
            .AsNoTracking()
            .Select(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (locked == Guid.Empty)
        {
            return NoConsent;
        }

        var result = await change.ApplyAsync(application, ApplicationEvent.EApprove, $"applicant:e-onay:{locked}", null, cancellationToken);
        if (!result.Changed)
        {
            return result.RefusalId;
        }

        db.OutboxMessages.Add(mails.ReachedCentre(person, SigningMethod.EOnay, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
