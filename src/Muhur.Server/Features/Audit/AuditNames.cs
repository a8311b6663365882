using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.ApplicationSigning;
using Muhur.Server.Features.Staff;

namespace Muhur.Server.Features.Audit;

/// <summary>A staff member as the audit log shows them.</summary>
internal sealed record StaffName(string DisplayName, StaffRole Role);

/// <summary>
/// The names behind the ids of a page of audit entries or state changes (issue 11 item 7), looked up in bulk: one
/// query per kind of reference, whatever the number of rows. A reference whose row is gone or out of the reader's
/// institution scope (R-X-4) simply has no name.
/// </summary>
internal sealed class AuditNames
{
    public Dictionary<string, StaffName> Staff { get; } = new(StringComparer.Ordinal);

    /// <summary>Application id → its person.</summary>
    public Dictionary<Guid, Guid> Applications { get; } = [];

    /// <summary>Certificate serial (upper-case hex) → its person.</summary>
    public Dictionary<string, Guid> Certificates { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Card serial → its person.</summary>
    public Dictionary<string, Guid> Cards { get; } = new(StringComparer.Ordinal);

    /// <summary>E-Onay consent id → its person.</summary>
    public Dictionary<Guid, Guid> Consents { get; } = [];

    /// <summary>Person id → "given name surname".</summary>
    public Dictionary<Guid, string> People { get; } = [];

    public Dictionary<Guid, string> Institutions { get; } = [];

    public Dictionary<Guid, string> Positions { get; } = [];

    public string? PersonName(Guid personId) => People.GetValueOrDefault(personId);

    public string? ApplicationPerson(Guid applicationId) =>
        Applications.TryGetValue(applicationId, out var person) ? PersonName(person) : null;

    public string? CertificatePerson(string hex) =>
        Certificates.TryGetValue(hex, out var person) ? PersonName(person) : null;

    public string? CardPerson(string serial) => Cards.TryGetValue(serial, out var person) ? PersonName(person) : null;

    public string? ConsentPerson(Guid consentId) => Consents.TryGetValue(consentId, out var person) ? PersonName(person) : null;

    /// <summary>Reads the names of every reference in <paramref name="references"/> (actors and subjects together).</summary>
    public static async Task<AuditNames> ResolveAsync(MuhurDbContext db, IEnumerable<string?> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var parsed = references.Select(AuditReference.Parse).ToList();
        List<string> Values(params AuditReferenceKind[] kinds) =>
            parsed.Where(r => kinds.Contains(r.Kind)).Select(r => r.Value).Distinct(StringComparer.Ordinal).ToList();
        List<Guid> Ids(params AuditReferenceKind[] kinds) =>
            parsed.Where(r => kinds.Contains(r.Kind)).Select(r => r.Id).Where(id => id != Guid.Empty).Distinct().ToList();

        var names = new AuditNames();
        var users = Values(AuditReferenceKind.Staff);
        if (users.Count > 0)
        {
            foreach (var s in await db.StaffAccounts.AsNoTracking().Where(s => users.Contains(s.UserName))
                         .Select(s => new { s.UserName, s.DisplayName, s.Role }).ToListAsync(cancellationToken))
            {
                names.Staff[s.UserName] = new StaffName(s.DisplayName, s.Role);
            }
        }

        var applications = Ids(AuditReferenceKind.Application);
        if (applications.Count > 0)
        {
            foreach (var a in await db.Set<Application>().AsNoTracking().Where(a => applications.Contains(a.Id))
                         .Select(a => new { a.Id, a.PersonId }).ToListAsync(cancellationToken))
            {
                names.Applications[a.Id] = a.PersonId;
            }
        }

        var certificates = Values(AuditReferenceKind.Certificate, AuditReferenceKind.ApplicantCertificate)
            .Select(TryHex).OfType<byte[]>().ToList();
        if (certificates.Count > 0)
        {
            foreach (var c in await db.Certificates.AsNoTracking().Where(c => certificates.Contains(c.Serial))
                         .Select(c => new { c.Serial, c.PersonId }).ToListAsync(cancellationToken))
            {
                names.Certificates[Convert.ToHexString(c.Serial)] = c.PersonId;
            }
        }

        var cards = Values(AuditReferenceKind.Card);
        if (cards.Count > 0)
        {
            foreach (var c in await db.Cards.AsNoTracking().Where(c => cards.Contains(c.Serial))
                         .Select(c => new { c.Serial, c.PersonId }).ToListAsync(cancellationToken))
            {
                names.Cards[c.Serial] = c.PersonId;
            }
        }

        var consents = Ids(AuditReferenceKind.ApplicantConsent);
        if (consents.Count > 0)
        {
            foreach (var c in await db.Set<EOnayConsent>().AsNoTracking().Where(c => consents.Contains(c.Id))
                         .Select(c => new { c.Id, c.PersonId }).ToListAsync(cancellationToken))
            {
                names.Consents[c.Id] = c.PersonId;
            }
        }

        var people = Ids(AuditReferenceKind.Person, AuditReferenceKind.Holder)
            .Concat(names.Applications.Values).Concat(names.Certificates.Values).Concat(names.Cards.Values).Concat(names.Consents.Values)
            .Distinct().ToList();
        if (people.Count > 0)
        {
            foreach (var p in await db.People.AsNoTracking().Where(p => people.Contains(p.Id))
                         .Select(p => new { p.Id, p.GivenName, p.Surname }).ToListAsync(cancellationToken))
            {
                names.People[p.Id] = $"{p.GivenName} {p.Surname}";
            }
        }

        var institutions = Ids(AuditReferenceKind.Institution);
        if (institutions.Count > 0)
        {
            foreach (var i in await db.Institutions.AsNoTracking().Where(i => institutions.Contains(i.Id))
                         .Select(i => new { i.Id, i.Name }).ToListAsync(cancellationToken))
            {
                names.Institutions[i.Id] = i.Name;
            }
        }

        var positions = Ids(AuditReferenceKind.Position);
        if (positions.Count > 0)
        {
            foreach (var p in await db.Positions.AsNoTracking().Where(p => positions.Contains(p.Id))
                         .Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken))
            {
                names.Positions[p.Id] = p.Name;
            }
        }

        return names;
    }

    private static byte[]? TryHex(string value)
    {
        try
        {
            return value.Length is > 0 and <= 64 ? Convert.FromHexString(value) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
