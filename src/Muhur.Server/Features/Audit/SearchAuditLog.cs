using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.ApplicationSigning;
using Muhur.Server.Features.People;
using Muhur.Server.Features.Shared;

namespace Muhur.Server.Features.Audit;

/// <summary>What the centre searches the audit log by (issue 11 item 7); every part is optional and they combine with "and".</summary>
/// <param name="Person">A T.C. Kimlik No / YKN / passport number, or part of a name.</param>
/// <param name="Certificate">A certificate serial in hex (spaces and colons allowed).</param>
/// <param name="Application">An application id.</param>
/// <param name="From">The first day (Türkiye time) included.</param>
/// <param name="To">The last day (Türkiye time) included.</param>
internal sealed record AuditSearch(string? Person, string? Certificate, Guid? Application, DateOnly? From, DateOnly? To);

/// <summary>A page of the search, newest first; <paramref name="PersonMatches"/> is the number of people a person search found.</summary>
internal sealed record AuditSearchPage(IReadOnlyList<ReadableAuditEntry> Entries, int Page, bool HasMore, int? PersonMatches);

/// <summary>
/// Searches the audit log for the centre (issue 11 item 7, R-CA-4): by person (the entries about the person, their
/// applications, cards and certificates, and those the person did as applicant or holder), by certificate, by
/// application and by date, newest first, shown only as far as the reader's role allows (<see cref="AuditVisibility"/>).
/// The subject and actor columns are indexed (migration 0009), so a search reads by equality, never by pattern.
/// </summary>
internal sealed class SearchAuditLog(MuhurDbContext db, ReadAuditEntries reader)
{
    public const int PageSize = 25;

    /// <summary>At most this many people are taken from a name search; a longer list means the term is too short.</summary>
    public const int MaxPeople = 50;

    public async Task<AuditSearchPage> RunAsync(AuditSearch search, AuditAudience audience, int page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        page = Math.Max(1, page);
        var query = db.AuditLog.AsNoTracking().VisibleTo(audience);
        int? personMatches = null;

        if (!string.IsNullOrWhiteSpace(search.Person))
        {
            var people = await FindPeopleAsync(search.Person.Trim(), cancellationToken);
            personMatches = people.Count;
            var (subjects, actors) = await ReferencesOfPeopleAsync(people, cancellationToken);
            query = query.Where(e => (e.Subject != null && subjects.Contains(e.Subject)) || actors.Contains(e.Actor));
        }

        if (!string.IsNullOrWhiteSpace(search.Certificate))
        {
            var hex = NormalizeHex(search.Certificate);
            var serial = TryHex(hex);
            var cards = serial is null
                ? []
                : await db.Cards.AsNoTracking().Where(c => c.CertificateSerial == serial).Select(c => "card:" + c.Serial).ToListAsync(cancellationToken);
            var subjects = cards.Append($"certificate:{hex}").ToArray();
            var actor = $"applicant:card:{hex}";
            query = query.Where(e => (e.Subject != null && subjects.Contains(e.Subject)) || e.Actor == actor);
        }

        if (search.Application is { } applicationId)
        {
            var subject = $"application:{applicationId}";
            var actor = $"applicant:{applicationId}";
            query = query.Where(e => e.Subject == subject || e.Actor == actor);
        }

        if (search.From is { } from)
        {
            var start = StartOfDay(from);
            query = query.Where(e => e.OccurredAt >= start);
        }

        if (search.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            query = query.Where(e => e.OccurredAt < end);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        var entries = await reader.RunAsync(rows.Take(PageSize).ToList(), cancellationToken);
        return new AuditSearchPage(entries, page, rows.Count > PageSize, personMatches);
    }

    /// <summary>A certificate serial as the audit log writes it: upper-case hex without separators.</summary>
    public static string NormalizeHex(string typed) =>
        new string((typed ?? string.Empty).Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();

    private async Task<List<Guid>> FindPeopleAsync(string term, CancellationToken cancellationToken)
    {
        var number = ApplicantLogin.SignInApplicant.NormalizeIdentifier(term);

        // Translated to SQL: lower() under the Turkish ICU collation (İ/i, I/ı), not .NET's culture.
#pragma warning disable CA1304, CA1311, CA1862
        return await db.People.AsNoTracking()
            .Where(p => (number != null && p.IdentifierNumber == number)
                || EF.Property<string>(p, PersonConfiguration.SearchNameColumn)
                    .Contains(EF.Functions.Collate(term, TurkishCollation.Name).ToLower()))
            .Select(p => p.Id)
            .Take(MaxPeople)
            .ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }

    /// <summary>Everything the audit log may name for these people, one query per kind.</summary>
    private async Task<(string[] Subjects, string[] Actors)> ReferencesOfPeopleAsync(List<Guid> people, CancellationToken cancellationToken)
    {
        var applications = await db.Set<Application>().AsNoTracking().Where(a => people.Contains(a.PersonId)).Select(a => a.Id).ToListAsync(cancellationToken);
        var cards = await db.Cards.AsNoTracking().Where(c => people.Contains(c.PersonId)).Select(c => c.Serial).ToListAsync(cancellationToken);
        var certificates = (await db.Certificates.AsNoTracking().Where(c => people.Contains(c.PersonId)).Select(c => c.Serial).ToListAsync(cancellationToken))
            .Select(Convert.ToHexString).ToList();
        var consents = await db.Set<EOnayConsent>().AsNoTracking().Where(c => people.Contains(c.PersonId)).Select(c => c.Id).ToListAsync(cancellationToken);

        var subjects = people.Select(p => $"person:{p}")
            .Concat(applications.Select(a => $"application:{a}"))
            .Concat(cards.Select(c => $"card:{c}"))
            .Concat(certificates.Select(c => $"certificate:{c}"))
            .ToArray();
        var actors = people.Select(p => $"holder:{p}")
            .Concat(applications.Select(a => $"applicant:{a}"))
            .Concat(certificates.Select(c => $"applicant:card:{c}"))
            .Concat(consents.Select(c => $"applicant:e-onay:{c}"))
            .ToArray();
        return (subjects, actors);
    }

    private static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, TurkeyTime.Of(new DateTimeOffset(local, TimeSpan.Zero)).Offset).ToUniversalTime();
    }

    private static byte[]? TryHex(string hex)
    {
        if (hex.Length == 0 || hex.Length % 2 != 0 || hex.Length > 64)
        {
            return null;
        }

        return Convert.FromHexString(hex);
    }
}
