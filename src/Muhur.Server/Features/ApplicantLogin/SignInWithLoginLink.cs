using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.People;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>Whether a login link can still be used (shown by its page before anything is typed).</summary>
internal enum LoginLinkState
{
    Usable,

    /// <summary>Unknown, used or expired: all three look alike, so a guessed token tells nothing.</summary>
    Unusable,
}

/// <summary>
/// Signs in with a one-time login link (R-APP-2, WCAG 2.2 SC 3.3.8). The link replaces only the picture: the access
/// password is still typed on the link's page, so the session needs both the mailbox and the password. Opening the
/// link (GET, which mail scanners do) only reads it; the POST with the right password uses it up. A wrong password
/// does not use it up — a typing mistake should not cost the person their link — but counts towards the identifier's
/// and the address's waits like any failed login, and the link's short life bounds the guessing.
/// </summary>
internal sealed partial class SignInWithLoginLink(
    MuhurDbContext db,
    LoginThrottle throttle,
    LoginThrottleKeys keys,
    AuditLog audit,
    IOptions<ApplicantLoginOptions> options,
    ILogger<SignInWithLoginLink> logger,
    TimeProvider time)
{
    public async Task<LoginLinkState> InspectAsync(string? token, CancellationToken cancellationToken)
    {
        if (!ApplicantLoginLink.IsWellFormed(token))
        {
            return LoginLinkState.Unusable;
        }

        var hash = ApplicantLoginLink.HashToken(token!);
        var now = time.GetUtcNow();
        var usable = await db.Set<ApplicantLoginLink>().AnyAsync(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now, cancellationToken);
        return usable ? LoginLinkState.Usable : LoginLinkState.Unusable;
    }

    public async Task<ApplicantSignInResult> RunAsync(string? token, string? accessPassword, string? clientAddress, CancellationToken cancellationToken)
    {
        if (!ApplicantLoginLink.IsWellFormed(token))
        {
            return new ApplicantSignInResult(ApplicantSignInOutcome.Refused, null, null);
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        var hash = ApplicantLoginLink.HashToken(token!);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var link = await db.Set<ApplicantLoginLink>()
            .FromSql($"SELECT * FROM applicant_login_links WHERE token_hash = {hash} FOR UPDATE")
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (link is null || link.UsedAt is not null || link.ExpiresAt <= now)
        {
            return new ApplicantSignInResult(ApplicantSignInOutcome.Refused, null, null);
        }

        var found = await (
                from application in db.Set<Application>()
                join person in db.Set<Person>() on application.PersonId equals person.Id
                where application.Id == link.ApplicationId
                select new { Application = application, person.IdentifierNumber })
            .SingleAsync(cancellationToken);
        var masked = SignInApplicant.MaskIdentifier(found.IdentifierNumber);
        var identifierKey = keys.Identifier(found.IdentifierNumber);
        var addressKey = LoginThrottleKeys.Address(clientAddress);
        if (await throttle.BlockedUntilAsync([identifierKey, addressKey], now, cancellationToken) is { } until)
        {
            await audit.AppendAsync(db, $"applicant:{masked}", AuditActions.ApplicantLoginFailed, $"identifier:{masked}",
                new { reason = "throttled", method = "link", address = clientAddress, blockedUntil = until }, cancellationToken);
            LogRefused(logger, masked, clientAddress ?? "unknown", "throttled");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ApplicantSignInResult(ApplicantSignInOutcome.Throttled, null, until);
        }

        ApplicantSignInResult result;
        if (found.Application.AcceptsAccessPassword(accessPassword, now) || found.Application.AcceptsStatusPassword(accessPassword, now))
        {
            await db.Database.ExecuteSqlAsync($"UPDATE applicant_login_links SET used_at = {now} WHERE token_hash = {hash}", cancellationToken);
            await throttle.ClearAsync(identifierKey, cancellationToken);
            await audit.AppendAsync(db, $"applicant:{found.Application.Id}", AuditActions.ApplicantSignedIn, $"application:{found.Application.Id}",
                new { method = "link", identifier = masked, address = clientAddress }, cancellationToken);
            result = new ApplicantSignInResult(
                ApplicantSignInOutcome.Succeeded, ApplicantSession.Create(found.Application.Id, found.Application.PersonId), null);
        }
        else
        {
            await throttle.RecordFailureAsync(identifierKey, settings.IdentifierFreeFailures, settings, now, cancellationToken);
            await throttle.RecordFailureAsync(addressKey, settings.AddressFreeFailures, settings, now, cancellationToken);
            await audit.AppendAsync(db, $"applicant:{masked}", AuditActions.ApplicantLoginFailed, $"identifier:{masked}",
                new { reason = "credentials", method = "link", address = clientAddress }, cancellationToken);
            LogRefused(logger, masked, clientAddress ?? "unknown", "credentials");
            result = new ApplicantSignInResult(ApplicantSignInOutcome.Refused, null, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applicant login by link refused for identifier {MaskedIdentifier} from {ClientAddress}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string maskedIdentifier, string clientAddress, string reason);
}
