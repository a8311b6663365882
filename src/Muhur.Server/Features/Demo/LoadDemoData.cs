using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Institutions;
using Muhur.Server.Features.People;
using Muhur.Server.Features.Staff;

namespace Muhur.Server.Features.Demo;

/// <summary>
/// Demo data for <c>./muhur up</c>: one university with units and a few registered people (one with a
/// passport), and one login per staff role. Idempotent: what exists is left alone, so a second run (or a second node) adds nothing.
/// </summary>
internal sealed class LoadDemoData(
    MuhurDbContext db,
    IPasswordHasher<StaffAccount> hasher,
    AuditLog audit,
    TimeProvider time)
{
    public const string InstitutionCode = "ORNEK-UNI";

    public static IReadOnlyList<DemoLogin> Logins { get; } =
    [
        new("kurum.yetkili", "Kurum.Yetkili-2026", "Kurum Yetkilisi / Institution authority", StaffRole.InstitutionAuthority),
        new("merkez.operator", "Merkez.Operator-2026", "ESHS operatörü / Centre officer", StaffRole.CentreOfficer),
        new("cagri.merkezi", "Cagri.Merkezi-2026", "Çağrı merkezi / Call centre", StaffRole.CallCentreAgent),
    ];

    public const string InstitutionName = "Örnek Üniversitesi";

    /// <summary>The demo institution's letterhead address (R-APP-9 cover letter).</summary>
    public const string InstitutionAddress = "Örnek Üniversitesi Rektörlüğü, Bilgi İşlem Daire Başkanlığı, Üniversiteler Mah. Dumlupınar Bulvarı No: 1, 06800 Çankaya/Ankara";

    /// <summary>The demo institution's mail domain: its people's corporate addresses are in it (R-APP-1).</summary>
    public const string MailDomain = "ornek.edu.tr";

    private static readonly string[] UnitNames = ["Rektörlük", "Bilgi İşlem Daire Başkanlığı", "Mühendislik Fakültesi", "Tıp Fakültesi", "Hukuk Fakültesi"];

    public static IReadOnlyList<DemoPerson> People { get; } =
    [
        new("10000000146", null, "Ayşe", "Yılmaz", "Prof. Dr.", "ayse.yilmaz@ornek.edu.tr", "Mühendislik Fakültesi", "Dekan"),
        new("12345678950", null, "İsmail", "Çağlar", "Öğr. Gör.", "ismail.caglar@ornek.edu.tr", "Bilgi İşlem Daire Başkanlığı", "Daire Başkanı"),
        new("11111111110", null, "Şükrü", "Öztürk", "Doç. Dr.", "sukru.ozturk@ornek.edu.tr", "Tıp Fakültesi", "Bölüm Başkanı"),
        new("533380006", "GB", "Emma", "Clarke", "Dr. Öğr. Üyesi", "emma.clarke@ornek.edu.tr", "Hukuk Fakültesi", "Anabilim Dalı Başkanı"),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Serialise with other nodes loading the same data at the same moment.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.DemoData})", cancellationToken);

        var institution = await db.Institutions.SingleOrDefaultAsync(i => i.Code == InstitutionCode, cancellationToken);
        if (institution is null)
        {
            (institution, var positions) = Institution.Create(InstitutionCode, InstitutionName, now);
            institution.SetContact(InstitutionAddress, "+90 312 000 00 00", "bidb@ornek.edu.tr");
            db.Institutions.Add(institution);
            db.Positions.AddRange(positions);
            db.Units.AddRange(UnitNames.Select(n => new Unit(Guid.CreateVersion7(now), institution.Id, n)));
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(db, "system:demo", AuditActions.InstitutionCreated, $"institution:{institution.Id}", new { institution.Code }, cancellationToken);
        }
        else if (institution.PostalAddress is null && institution.Phone is null && institution.Email is null)
        {
            // A database made by an older demo set gets the letterhead of the cover letter (R-APP-9).
            institution.SetContact(InstitutionAddress, "+90 312 000 00 00", "bidb@ornek.edu.tr");
        }

        // Person by person, so a database made by an older demo set gets the people added since.
        var institutionId = institution.Id;
        if (!await db.Set<InstitutionMailDomain>().AnyAsync(d => d.InstitutionId == institutionId && d.Domain == MailDomain, cancellationToken))
        {
            db.Add(new InstitutionMailDomain(institutionId, MailDomain));
        }

        var units = await db.Units.Where(u => u.InstitutionId == institutionId).ToListAsync(cancellationToken);
        var positionsTable = await db.Positions.Where(p => p.InstitutionId == institutionId).ToListAsync(cancellationToken);
        foreach (var demo in People)
        {
            var identifier = demo.Identifier;
            var country = identifier.Country ?? "TR";
            if (await db.People.AnyAsync(
                p => p.InstitutionId == institutionId && p.IdentifierKind == identifier.Kind && p.IdentifierNumber == identifier.Number && p.IdentifierCountry == country,
                cancellationToken))
            {
                continue;
            }

            var person = Person.Create(
                institutionId, identifier, demo.GivenName, demo.Surname, demo.Title, demo.Email,
                units.SingleOrDefault(u => u.Name == demo.Unit)?.Id, positionsTable.SingleOrDefault(p => p.Name == demo.Position)?.Id, "system:demo", now);
            db.People.Add(person);
            await audit.AppendAsync(db, "system:demo", AuditActions.PersonRegistered, $"person:{person.Id}", new { Institution = institutionId, Kind = identifier.Kind.ToString() }, cancellationToken);
        }

        foreach (var login in Logins)
        {
            var existing = await db.StaffAccounts.SingleOrDefaultAsync(a => a.UserName == login.UserName, cancellationToken);
            if (existing is not null)
            {
                if (existing.Email is null)
                {
                    existing.SetEmail(DemoEmail(login));
                }

                continue;
            }

            var account = StaffAccount.Create(
                login.UserName,
                login.Role switch
                {
                    StaffRole.InstitutionAuthority => "Elif Demir",
                    StaffRole.CentreOfficer => "Mehmet Kaya",
                    _ => "Gülşen Aydın",
                },
                login.Role,
                login.Role == StaffRole.InstitutionAuthority ? institution.Id : null,
                now);
            account.SetPasswordHash(hasher.HashPassword(account, login.Password));
            account.SetEmail(DemoEmail(login));
            db.StaffAccounts.Add(account);
            await audit.AppendAsync(db, "system:demo", AuditActions.StaffCreated, $"staff:{account.UserName}", new { Role = login.Role.ToString() }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Where a demo staff member is told about decisions (R-APP-10): the institution's domain, or the centre's.</summary>
    private static string DemoEmail(DemoLogin login) =>
        login.Role == StaffRole.InstitutionAuthority ? $"{login.UserName}@{MailDomain}" : $"{login.UserName}@muhur.example";
}

/// <summary>
/// A registered demo person. The README's examples use them: the CA example Ayşe Yılmaz, the card example
/// İsmail Çağlar (different people, so that neither example's certificate blocks the other by R-REN-1).
/// </summary>
internal sealed record DemoPerson(
    string Number, string? PassportCountry, string GivenName, string Surname, string Title, string Email, string Unit, string Position)
{
    public PersonIdentifier Identifier =>
        (PassportCountry is null
            ? PersonIdentifier.TryParseNational(Number, out var identifier, out _)
            : PersonIdentifier.TryParsePassport(Number, PassportCountry, out identifier, out _))
            ? identifier!
            : throw new InvalidOperationException($"Demo identifier {Number} is invalid.");
}

internal sealed record DemoLogin(string UserName, string Password, string Description, StaffRole Role);
