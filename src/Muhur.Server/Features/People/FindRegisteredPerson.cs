using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;

namespace Muhur.Server.Features.People;

internal enum FindPersonOutcome
{
    Found,

    /// <summary>The institution named is not registered.</summary>
    UnknownInstitution,

    /// <summary>Nobody with this identifier is registered (at the institution named, when one is).</summary>
    NotRegistered,

    /// <summary>Registered at more than one institution and none was named.</summary>
    Ambiguous,
}

/// <summary>The registration found, or why there is none; <see cref="Institutions"/> lists the candidates when ambiguous.</summary>
internal sealed record FindPersonResult(FindPersonOutcome Outcome, Person? Person, string? InstitutionName, IReadOnlyList<string> Institutions);

/// <summary>
/// Finds the registration (R-APP-1) a certificate or card is made for: the person with this identifier at the
/// institution named, or at their only institution when none is named. Certificates are issued only to
/// registered people of registered institutions.
/// </summary>
internal sealed class FindRegisteredPerson(MuhurDbContext db)
{
    public async Task<FindPersonResult> RunAsync(PersonIdentifier identifier, string? institutionName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var country = identifier.Country ?? "TR";
        var candidates = db.People.AsNoTracking()
            .Where(p => p.IdentifierKind == identifier.Kind && p.IdentifierNumber == identifier.Number && p.IdentifierCountry == country)
            .Join(db.Institutions, p => p.InstitutionId, i => i.Id, (p, i) => new { Person = p, Institution = i.Name });

        if (institutionName is not null)
        {
            var name = institutionName.Trim();
            if (!await db.Institutions.AnyAsync(i => i.Name == name, cancellationToken))
            {
                return new FindPersonResult(FindPersonOutcome.UnknownInstitution, null, name, []);
            }

            candidates = candidates.Where(c => c.Institution == name);
        }

        var found = await candidates.OrderBy(c => c.Institution).Take(10).ToListAsync(cancellationToken);
        return found switch
        {
            [] => new FindPersonResult(FindPersonOutcome.NotRegistered, null, institutionName?.Trim(), []),
            [var only] => new FindPersonResult(FindPersonOutcome.Found, only.Person, only.Institution, [only.Institution]),
            _ => new FindPersonResult(FindPersonOutcome.Ambiguous, null, null, [.. found.Select(c => c.Institution)]),
        };
    }
}
