using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.People;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>The applicant's application, person, certificate standing and consent, with the offer they make.</summary>
internal sealed record SigningSituation(
    Application Application, Person Person, CertificateStanding Standing, bool ConsentInForce, SigningOffer Offer);

/// <summary>
/// R-APP-6: reads what the signing-method offer rests on. A person is one registration per institution; their
/// certificates and consent are found across every registration with the same identifier (kind, number, country),
/// so a holder registered by one institution keeps their certificate when another applies for them.
/// </summary>
internal sealed class ReadSigningOffer(MuhurDbContext db, TimeProvider time)
{
    public async Task<SigningSituation?> RunAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        var application = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == application.PersonId, cancellationToken);
        var registrations = SameIdentifier(db, person);
        var certificates = await db.Certificates.AsNoTracking()
            .Where(c => registrations.Contains(c.PersonId))
            .Select(c => new HeldCertificate(c.Status == CertificateStatus.Good, c.NotBefore, c.NotAfter))
            .ToListAsync(cancellationToken);
        var consent = await ConsentInForce(db, person).AnyAsync(cancellationToken);
        var standing = SigningMethodRules.Standing(certificates, time.GetUtcNow());
        return new SigningSituation(application, person, standing, consent, SigningMethodRules.Decide(standing, consent));
    }

    /// <summary>The ids of every registration of the person's identifier.</summary>
    public static IQueryable<Guid> SameIdentifier(MuhurDbContext db, Person person) =>
        db.People.Where(p => p.IdentifierKind == person.IdentifierKind
                && p.IdentifierNumber == person.IdentifierNumber
                && p.IdentifierCountry == person.IdentifierCountry)
            .Select(p => p.Id);

    /// <summary>R-EONAY-1: consents in force of any registration of the person's identifier.</summary>
    public static IQueryable<EOnayConsent> ConsentInForce(MuhurDbContext db, Person person)
    {
        var registrations = SameIdentifier(db, person);
        return db.Set<EOnayConsent>().Where(c => c.WithdrawnAt == null && registrations.Contains(c.PersonId));
    }
}
