using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>
/// R-EONAY-1: the holder withdraws their E-Onay consent (after confirming on the page). Every consent in force of their
/// identifier gets its withdrawal time, audited, with a mail to the corporate address; from then on E-Onay is neither
/// offered nor accepted.
/// </summary>
internal sealed class WithdrawEOnayConsent(MuhurDbContext db, AuditLog audit, SigningMails mails, TimeProvider time)
{
    /// <returns>False when there was no consent in force.</returns>
    public async Task<bool> RunAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var personId = await db.Set<Applications.Application>().Where(a => a.Id == applicationId).Select(a => a.PersonId).SingleAsync(cancellationToken);
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == personId, cancellationToken);
        var ids = await ReadSigningOffer.ConsentInForce(db, person).Select(c => c.Id).ToListAsync(cancellationToken);
        var consents = await db.Set<EOnayConsent>()
            .FromSql($"SELECT * FROM eonay_consents WHERE id = ANY({ids.ToArray()}) AND withdrawn_at IS NULL FOR UPDATE")
            .ToListAsync(cancellationToken);
        if (consents.Count == 0)
        {
            return false;
        }

        var now = time.GetUtcNow();
        foreach (var consent in consents)
        {
            consent.Withdraw(now);
            await audit.AppendAsync(db, $"applicant:{applicationId}", AuditActions.EOnayConsentWithdrawn, $"person:{consent.PersonId}",
                new { Consent = consent.Id }, cancellationToken);
        }

        db.OutboxMessages.Add(mails.Consent(person, given: false, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
