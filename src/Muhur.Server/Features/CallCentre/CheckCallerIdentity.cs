using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicantLogin;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.CallCentre;

internal enum CallerCheckOutcome
{
    /// <summary>Enough answers matched (<see cref="CallerIdentityRules.Passed"/>).</summary>
    Passed,

    /// <summary>Not enough matched, or nobody is registered with the identifier: the same answer either way.</summary>
    NotPassed,

    /// <summary>Too many failed checks in 24 hours; no check was made.</summary>
    Limited,

    /// <summary>No identifier that could be one, or no name typed.</summary>
    Incomplete,
}

internal sealed record CallerCheckResult(
    CallerCheckOutcome Outcome, CallerQuestionResults? Results, IReadOnlyList<Guid> PersonIds, DateTimeOffset? RetryAfter);

/// <summary>
/// Checks a caller's identity for the call centre (R-APP-11, R-LOST-1): the agent types the identifier and what the
/// caller says; each question is answered "matched" or "not matched" and no stored value ever leaves this class. Every
/// check is recorded per registration of the identifier (<c>caller_identity_checks</c>) and audited in the same
/// transaction. An identifier nobody is registered with is answered exactly like a failed check (all questions not
/// matched, the same work for the security word, failures counted and limited the same way under an HMAC of the
/// identifier in the audit log), so the call does not tell whether the person exists.
/// </summary>
internal sealed class CheckCallerIdentity(MuhurDbContext db, AuditLog audit, LoginThrottleKeys keys, TimeProvider time)
{
    private static readonly Lazy<string> DummyWordHash = new(() => SecurityWord.Hash("muhur-dummy-word-1"));

    public async Task<CallerCheckResult> RunAsync(
        string? identifier, string? country, CallerAnswers answers, string agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var number = SignInApplicant.NormalizeIdentifier(identifier);
        var countryCode = string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant();
        if (number is null || string.IsNullOrWhiteSpace(answers.FullName))
        {
            return new CallerCheckResult(CallerCheckOutcome.Incomplete, null, [], null);
        }

        var now = time.GetUtcNow();
        var since = now - CallerIdentityRules.FailureWindow;
        var unknownSubject = "caller-" + keys.Identifier(countryCode is null ? number : $"{number}{countryCode}");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Checks of one identifier run one after the other, so parallel guesses are all counted.
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock({AdvisoryLocks.CallerIdentityCheckClass}, hashtext({unknownSubject}))", cancellationToken);
        var people = await db.People.AsNoTracking()
            .Where(p => p.IdentifierNumber == number && (countryCode == null || p.IdentifierCountry == countryCode))
            .ToListAsync(cancellationToken);
        var ids = people.Select(p => p.Id).ToList();

        var failures = ids.Count > 0
            ? (await db.Set<CallerIdentityCheck>().AsNoTracking()
                    .Where(c => ids.Contains(c.PersonId) && !c.Matched && c.CheckedAt > since)
                    .Select(c => new { c.PersonId, c.CheckedAt })
                    .ToListAsync(cancellationToken))
                .GroupBy(c => c.PersonId).Select(g => g.Select(c => c.CheckedAt).Order().ToList()).MaxBy(g => g.Count) ?? []
            : await db.AuditLog.AsNoTracking()
                .Where(e => e.Action == AuditActions.CallerIdentityChecked && e.Subject == unknownSubject && e.OccurredAt > since
                    && e.Details != null && e.Details.Contains("\"Matched\":false"))
                .Select(e => e.OccurredAt).OrderBy(t => t).ToListAsync(cancellationToken);
        if (failures.Count >= CallerIdentityRules.MaxFailures)
        {
            var retryAfter = failures[failures.Count - CallerIdentityRules.MaxFailures] + CallerIdentityRules.FailureWindow;
            var subjects = ids.Count > 0 ? ids.Select(id => $"person:{id}").ToList() : [unknownSubject];
            await audit.AppendManyAsync(
                db,
                subjects.Select(s => new AuditEvent(agent, AuditActions.CallerIdentityCheckLimited, s, new { RetryAfter = retryAfter })).ToList(),
                cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new CallerCheckResult(CallerCheckOutcome.Limited, null, [], retryAfter);
        }

        var applications = await db.Set<Application>().AsNoTracking()
            .Where(a => ids.Contains(a.PersonId))
            .Select(a => new { a.MobilePhone, a.SecurityWordHash })
            .ToListAsync(cancellationToken);
        var mobiles = people.Select(p => p.MobilePhone).Concat(applications.Select(a => a.MobilePhone)).OfType<string>().ToList();
        var wordHashes = applications.Select(a => a.SecurityWordHash).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

        var results = new CallerQuestionResults(
            CallerIdentityRules.Ask(answers.FullName, typed => people.Any(p => CallerIdentityRules.SameName(typed, p.FullName))),
            CallerIdentityRules.Ask(answers.MobilePhone, typed => mobiles.Any(m => CallerIdentityRules.SameMobile(typed, m))),
            CallerIdentityRules.Ask(answers.CorporateEmail, typed => people.Any(p => CallerIdentityRules.SameEmail(typed, p.CorporateEmail))),
            CallerIdentityRules.Ask(answers.SecurityWord, typed => WordMatches(typed, wordHashes)));
        var passed = ids.Count > 0 && CallerIdentityRules.Passed(results);

        foreach (var id in ids)
        {
            db.Add(CallerIdentityCheck.Record(id, agent, now, passed, results.Summary));
        }

        var events = ids.Count > 0
            ? ids.Select(id => new AuditEvent(agent, AuditActions.CallerIdentityChecked, $"person:{id}", new { Matched = passed, Questions = results.Summary })).ToList()
            : [new AuditEvent(agent, AuditActions.CallerIdentityChecked, unknownSubject, new { Matched = false, Questions = results.Summary })];
        await audit.AppendManyAsync(db, events, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CallerCheckResult(passed ? CallerCheckOutcome.Passed : CallerCheckOutcome.NotPassed, results, passed ? ids : [], null);
    }

    /// <summary>Every stored hash is tried (and a dummy one when there is none), so the time does not tell whether one exists.</summary>
    private static bool WordMatches(string typed, List<string> hashes)
    {
        if (hashes.Count == 0)
        {
            SecurityWord.Matches(typed, DummyWordHash.Value);
            return false;
        }

        var matched = false;
        foreach (var hash in hashes)
        {
            matched |= SecurityWord.Matches(typed, hash);
        }

        return matched;
    }
}
