using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Certificates;

namespace Muhur.Server.Features.CallCentre;

/// <summary>What the call centre sees of a caller after a passed identity check (R-APP-11).</summary>
internal sealed record CallerRecord(IReadOnlyList<CallerRegistration> Registrations);

internal sealed record CallerRegistration(
    Guid PersonId,
    string FullName,
    string MaskedIdentifier,
    string Institution,
    IReadOnlyList<CallerApplication> Applications,
    IReadOnlyList<CallerCertificate> Certificates,
    IReadOnlyList<CallerCard> Cards,
    IReadOnlyList<PersonChangeRequest> ChangeRequests);

internal sealed record CallerApplication(
    Guid Id, ApplicationKind Kind, ApplicationState State, DateTimeOffset CreatedAt, IReadOnlyList<ApplicationHistoryRow> History,
    IReadOnlyList<ApplicationShipmentRow> Shipments);

internal sealed record CallerCertificate(string SerialHex, CertificateStatus Status, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

internal sealed record CallerCard(string Serial, string CertificateSerialHex, DateTimeOffset ProducedAt);

/// <summary>
/// Reads a verified caller's registrations for the agent (R-APP-11): applications with the shared state history,
/// certificates with status and validity, cards, shipments with tracking numbers, and earlier change requests. Only
/// the people a passed check named (<see cref="VerifiedCaller"/>) are asked for; one query per kind.
/// </summary>
internal sealed class ReadCallerRecord(MuhurDbContext db, ReadApplicationHistory history)
{
    public async Task<CallerRecord> RunAsync(IReadOnlyList<Guid> personIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var ids = personIds.ToList();
        var people = await (
                from person in db.People.AsNoTracking()
                join institution in db.Institutions on person.InstitutionId equals institution.Id
                where ids.Contains(person.Id)
                select new { person.Id, person.GivenName, person.Surname, person.IdentifierNumber, Institution = institution.Name })
            .ToListAsync(cancellationToken);
        var applications = await db.Set<Application>().AsNoTracking().Where(a => ids.Contains(a.PersonId))
            .OrderByDescending(a => a.CreatedAt).ToListAsync(cancellationToken);
        var applicationIds = applications.Select(a => a.Id).ToList();
        var histories = await history.RunAsync(applicationIds, cancellationToken);
        var shipments = await history.ShipmentsAsync(applicationIds, cancellationToken);
        var certificates = await db.Certificates.AsNoTracking().Where(c => ids.Contains(c.PersonId))
            .OrderByDescending(c => c.NotBefore)
            .Select(c => new { c.PersonId, c.Serial, c.Status, c.NotBefore, c.NotAfter }).ToListAsync(cancellationToken);
        var cards = await db.Cards.AsNoTracking().Where(c => ids.Contains(c.PersonId)).OrderByDescending(c => c.ProducedAt)
            .Select(c => new { c.PersonId, c.Serial, c.CertificateSerial, c.ProducedAt }).ToListAsync(cancellationToken);
        var requests = await db.Set<PersonChangeRequest>().AsNoTracking().Where(r => ids.Contains(r.PersonId))
            .OrderByDescending(r => r.RecordedAt).ToListAsync(cancellationToken);

        return new CallerRecord(people.Select(p => new CallerRegistration(
                p.Id,
                $"{p.GivenName} {p.Surname}",
                PersonIdentifier.Mask(p.IdentifierNumber),
                p.Institution,
                applications.Where(a => a.PersonId == p.Id).Select(a => new CallerApplication(
                    a.Id, a.Kind, a.State, a.CreatedAt, histories[a.Id], shipments.Where(s => s.ApplicationId == a.Id).ToList())).ToList(),
                certificates.Where(c => c.PersonId == p.Id)
                    .Select(c => new CallerCertificate(Convert.ToHexString(c.Serial), c.Status, c.NotBefore, c.NotAfter)).ToList(),
                cards.Where(c => c.PersonId == p.Id).Select(c => new CallerCard(c.Serial, Convert.ToHexString(c.CertificateSerial), c.ProducedAt)).ToList(),
                requests.Where(r => r.PersonId == p.Id).ToList()))
            .ToList());
    }
}
