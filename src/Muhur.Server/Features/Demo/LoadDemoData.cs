using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Institutions;
using Muhur.Server.Features.People;
using Muhur.Server.Features.Staff;

namespace Muhur.Server.Features.Demo;

/// <summary>
/// Demo data for <c>./muhur up</c>: one university with units and a few people, and one login per staff
/// role. Idempotent: what exists is left alone, so a second run (or a second node) adds nothing.
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

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Serialise with other nodes loading the same data at the same moment.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({0x4D756875725F4431})", cancellationToken);

        var institution = await db.Institutions.SingleOrDefaultAsync(i => i.Code == InstitutionCode, cancellationToken);
        if (institution is null)
        {
            (institution, var positions) = Institution.Create(InstitutionCode, "Örnek Üniversitesi", now);
            db.Institutions.Add(institution);
            db.Positions.AddRange(positions);
            string[] unitNames = ["Rektörlük", "Bilgi İşlem Daire Başkanlığı", "Mühendislik Fakültesi", "Tıp Fakültesi", "Hukuk Fakültesi"];
            var units = unitNames.Select(n => new Unit(Guid.CreateVersion7(now), institution.Id, n)).ToList();
            db.Units.AddRange(units);
            await db.SaveChangesAsync(cancellationToken);

            AddPerson(institution.Id, "10000000146", "Ayşe", "Yılmaz", "Prof. Dr.", "ayse.yilmaz@ornek.edu.tr", units[2], positions, "Dekan", now);
            AddPerson(institution.Id, "12345678950", "İsmail", "Çağlar", "Öğr. Gör.", "ismail.caglar@ornek.edu.tr", units[1], positions, "Daire Başkanı", now);
            AddPerson(institution.Id, "11111111110", "Şükrü", "Öztürk", "Doç. Dr.", "sukru.ozturk@ornek.edu.tr", units[3], positions, "Bölüm Başkanı", now);
            await audit.AppendAsync(db, "system:demo", "institution.created", $"institution:{institution.Id}", new { institution.Code }, cancellationToken);
        }

        foreach (var login in Logins)
        {
            var exists = await db.StaffAccounts.AnyAsync(a => a.UserName == login.UserName, cancellationToken);
            if (exists)
            {
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
            db.StaffAccounts.Add(account);
            await audit.AppendAsync(db, "system:demo", "staff.created", $"staff:{account.UserName}", new { Role = login.Role.ToString() }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private void AddPerson(
        Guid institutionId, string nationalId, string givenName, string surname, string title, string email,
        Unit unit, IReadOnlyList<Position> positions, string positionName, DateTimeOffset now)
    {
        if (!PersonIdentifier.TryParseNational(nationalId, out var identifier, out _))
        {
            throw new InvalidOperationException("Demo national ID is invalid.");
        }

        var position = positions.Single(p => p.Name == positionName);
        db.People.Add(Person.Create(institutionId, identifier, givenName, surname, title, email, unit.Id, position.Id, "system:demo", now));
    }
}

internal sealed record DemoLogin(string UserName, string Password, string Description, StaffRole Role);
