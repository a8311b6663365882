using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Institutions;
using Muhur.Server.Features.People;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>
/// One application with what the institution reported about its person (R-APP-4: read-only on the form) and the
/// applicant's part as last confirmed; read for the form, the SMS page and the wet form.
/// </summary>
internal sealed record ApplicantFormRecord(
    Application Application,
    PersonIdentifierKind IdentifierKind,
    string IdentifierNumber,
    string IdentifierCountry,
    string GivenName,
    string Surname,
    string? Title,
    string? Position,
    string? Unit,
    string Institution,
    string CorporateEmail,
    string? RegisteredMobilePhone)
{
    public string FullName => $"{GivenName} {Surname}";

    /// <summary>What a page shows of the identifier (R-X-3): the last two characters.</summary>
    public string MaskedIdentifier => PersonIdentifier.Mask(IdentifierNumber);

    public static async Task<ApplicantFormRecord> LoadAsync(MuhurDbContext db, Guid applicationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await (
                from application in db.Set<Application>().AsNoTracking()
                join person in db.Set<Person>() on application.PersonId equals person.Id
                join institution in db.Set<Institution>() on application.InstitutionId equals institution.Id
                where application.Id == applicationId
                select new
                {
                    application,
                    person,
                    Institution = institution.Name,
                    Unit = db.Set<Unit>().Where(u => u.Id == person.UnitId).Select(u => u.Name).FirstOrDefault(),
                    Position = db.Set<Position>().Where(p => p.Id == person.PositionId).Select(p => p.Name).FirstOrDefault(),
                })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The signed-in applicant's application does not exist.");

        var p = row.person;
        return new ApplicantFormRecord(
            row.application, p.IdentifierKind, p.IdentifierNumber, p.IdentifierCountry, p.GivenName, p.Surname, p.Title,
            row.Position ?? row.application.EligibilityPosition, row.Unit, row.Institution, p.CorporateEmail, p.MobilePhone);
    }
}
