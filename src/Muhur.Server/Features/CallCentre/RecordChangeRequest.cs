using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.People;

namespace Muhur.Server.Features.CallCentre;

internal enum ChangeRequestOutcome
{
    Recorded,
    NotFound,

    /// <summary>The new value is empty, too long or (a surname) not letters.</summary>
    InvalidValue,

    /// <summary>The surname is the same as the current one.</summary>
    Unchanged,
    InvalidEvidence,
}

internal sealed record ChangeRequestResult(ChangeRequestOutcome Outcome, bool NeedsNewCertificate);

/// <summary>
/// Records a caller's request to change their surname or institution (R-APP-11), with the evidence and the agent, in
/// one transaction with its audit entry. A surname is applied to the person at once, so the next certificate carries
/// it; a certificate in force (good or suspended, not expired) keeps the old one, because the name inside a signed
/// certificate cannot change: the request says a new certificate is needed (<c>needs_new_certificate</c>). An
/// institution change is recorded only: a person belongs to the institution that registered them (R-X-4), so the new
/// institution's authority registers them and opens their application; nothing moves between institutions here.
/// </summary>
internal sealed class RecordChangeRequest(MuhurDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>RFC 5280 ub-surname (40) is what a certificate can carry; the table allows 200 for institution names.</summary>
    public const int MaxSurname = 40;
    public const int MaxInstitution = 200;
    public const int MaxEvidence = 1000;

    public async Task<ChangeRequestResult> RunAsync(
        Guid personId, PersonChangeKind kind, string? newValue, string? evidence, string agent, CancellationToken cancellationToken)
    {
        var value = string.Join(' ', (newValue ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var proof = (evidence ?? string.Empty).Trim();
        if (value.Length == 0 || value.Length > (kind == PersonChangeKind.Surname ? MaxSurname : MaxInstitution)
            || (kind == PersonChangeKind.Surname && !value.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'')))
        {
            return new ChangeRequestResult(ChangeRequestOutcome.InvalidValue, false);
        }

        if (proof.Length == 0 || proof.Length > MaxEvidence)
        {
            return new ChangeRequestResult(ChangeRequestOutcome.InvalidEvidence, false);
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var person = await db.Set<Person>().FromSql($"SELECT * FROM people WHERE id = {personId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return new ChangeRequestResult(ChangeRequestOutcome.NotFound, false);
        }

        string oldValue;
        var needsNewCertificate = false;
        if (kind == PersonChangeKind.Surname)
        {
            oldValue = person.Surname;
            if (string.Equals(oldValue, value, StringComparison.Ordinal))
            {
                return new ChangeRequestResult(ChangeRequestOutcome.Unchanged, false);
            }

            needsNewCertificate = await db.Certificates.AnyAsync(
                c => c.PersonId == personId && (c.Status == CertificateStatus.Good || c.Status == CertificateStatus.Suspended) && c.NotAfter > now,
                cancellationToken);
            person.ChangeSurname(value);
        }
        else
        {
            oldValue = await db.Institutions.Where(i => i.Id == person.InstitutionId).Select(i => i.Name).SingleAsync(cancellationToken);
        }

        var request = PersonChangeRequest.Record(personId, kind, oldValue, value, proof, needsNewCertificate, agent, now);
        db.Add(request);
        await audit.AppendAsync(db, agent, AuditActions.PersonChangeRequested, $"person:{personId}",
            new { Kind = kind.ToString(), OldValue = oldValue, NewValue = value, NeedsNewCertificate = needsNewCertificate, Request = request.Id },
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ChangeRequestResult(ChangeRequestOutcome.Recorded, needsNewCertificate);
    }
}
