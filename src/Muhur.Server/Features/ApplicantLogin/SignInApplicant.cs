using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Captcha;
using Muhur.Server.Features.People;
using Muhur.Server.Logging;

namespace Muhur.Server.Features.ApplicantLogin;

internal enum ApplicantSignInOutcome
{
    Succeeded,

    /// <summary>Some part was wrong; which one is never said (R-APP-2).</summary>
    Refused,

    /// <summary>Too many failures for the identifier or the address: wait until <see cref="ApplicantSignInResult.BlockedUntil"/>.</summary>
    Throttled,
}

/// <summary>The outcome of an applicant's login: a session, or a refusal that never says which part was wrong.</summary>
internal sealed record ApplicantSignInResult(ApplicantSignInOutcome Outcome, ClaimsPrincipal? Principal, DateTimeOffset? BlockedUntil)
{
    public bool Succeeded => Outcome == ApplicantSignInOutcome.Succeeded;

    /// <summary>A refusal's message: the wait when throttled, else the page's own "could not log in".</summary>
    public string RefusalKey(string refusedKey) => BlockedUntil is null ? refusedKey : "ApplicantLogin_Throttled";

    /// <summary>Until when a throttled login waits, as the page shows it; null when not throttled.</summary>
    public string? ShownBlockedUntil => BlockedUntil is { } until ? LoginThrottleRules.Show(until) : null;
}

/// <summary>
/// R-APP-2: identifier (T.C. Kimlik No, foreigner's number or passport number) + "Resimdeki yazı" + the access
/// password mailed at registration (R-APP-1). The picture is used up whatever the outcome; the password is tried
/// against each application of that identifier that still takes the applicant's login, and against a dummy hash when
/// there is none, so the time taken does not tell whether the identifier exists. Failures count towards the
/// identifier's and the address's waits (<see cref="LoginThrottle"/>), are logged masked and audited.
/// </summary>
internal sealed partial class SignInApplicant(
    MuhurDbContext db,
    CheckCaptcha captcha,
    LoginThrottle throttle,
    LoginThrottleKeys keys,
    AuditLog audit,
    IOptions<ApplicantLoginOptions> options,
    ILogger<SignInApplicant> logger,
    TimeProvider time)
{
    // A valid hash of a random password, checked when no application matches the identifier.
    private static readonly Lazy<string> DummyHash = new(() => AccessPassword.Hash(AccessPassword.Generate()));

    public async Task<ApplicantSignInResult> RunAsync(
        string? identifier, string? captchaId, string? captchaAnswer, string? accessPassword, string? clientAddress, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var number = NormalizeIdentifier(identifier);
        var masked = MaskIdentifier(number ?? identifier);
        var identifierKey = keys.Identifier(identifier);
        var addressKey = LoginThrottleKeys.Address(clientAddress);

        // Rows locked: parallel guesses for one identifier or from one address are counted one after the other.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var blockedUntil = await throttle.BlockedUntilAsync([identifierKey, addressKey], now, cancellationToken);
        var captchaPassed = await captcha.RunAsync(captchaId, captchaAnswer, cancellationToken);
        if (blockedUntil is { } until)
        {
            LogThrottled(logger, masked, clientAddress ?? "unknown", until);
            await audit.AppendAsync(db, Actor(masked), AuditActions.ApplicantLoginFailed, $"identifier:{masked}",
                new { reason = "throttled", address = clientAddress, blockedUntil = until }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ApplicantSignInResult(ApplicantSignInOutcome.Throttled, null, until);
        }

        var candidates = number is null
            ? []
            : await (
                    from application in db.Set<Application>()
                    join person in db.Set<Person>() on application.PersonId equals person.Id
                    where person.IdentifierNumber == number
                    select application)
                .ToListAsync(cancellationToken);

        // Every candidate's hash is computed (and one when there is none), so the time taken does not tell which
        // one matched or whether any exists; the picture's outcome does not change the work either.
        Application? match = null;
        foreach (var application in candidates)
        {
            if (application.AcceptsAccessPassword(accessPassword, now) || application.AcceptsStatusPassword(accessPassword, now))
            {
                match ??= application;
            }
        }

        if (candidates.Count == 0)
        {
            AccessPassword.Matches(accessPassword ?? string.Empty, DummyHash.Value);
        }

        ApplicantSignInResult result;
        if (captchaPassed && match is not null)
        {
            await throttle.ClearAsync(identifierKey, cancellationToken);
            await audit.AppendAsync(db, $"applicant:{match.Id}", AuditActions.ApplicantSignedIn, $"application:{match.Id}",
                new { method = "password", identifier = masked, address = clientAddress }, cancellationToken);
            LogSignedIn(logger, masked, match.Id);
            result = new ApplicantSignInResult(ApplicantSignInOutcome.Succeeded, ApplicantSession.Create(match.Id, match.PersonId), null);
        }
        else
        {
            var reason = !captchaPassed ? "picture" : "credentials";
            await throttle.RecordFailureAsync(identifierKey, settings.IdentifierFreeFailures, settings, now, cancellationToken);
            await throttle.RecordFailureAsync(addressKey, settings.AddressFreeFailures, settings, now, cancellationToken);
            await audit.AppendAsync(db, Actor(masked), AuditActions.ApplicantLoginFailed, $"identifier:{masked}",
                new { reason, address = clientAddress }, cancellationToken);
            LogFailed(logger, masked, clientAddress ?? "unknown", reason);
            result = new ApplicantSignInResult(ApplicantSignInOutcome.Refused, null, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Digits for a national number; letters and digits, upper-cased, for a passport number. Null if neither.</summary>
    public static string? NormalizeIdentifier(string? typed)
    {
        var compact = new string((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return compact.Length is >= 5 and <= 20 && compact.All(char.IsAsciiLetterOrDigit) ? compact : null;
    }

    /// <summary>An identifier as logs and the audit log show it: the last two characters only (R-X-3).</summary>
    public static string MaskIdentifier(string? identifier) =>
        PersonalDataMasker.MaskProperty("identifier", (identifier ?? string.Empty).Trim());

    private static string Actor(string maskedIdentifier) => $"applicant:{maskedIdentifier}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applicant login refused for identifier {MaskedIdentifier} from {ClientAddress}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string maskedIdentifier, string clientAddress, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applicant login throttled for identifier {MaskedIdentifier} from {ClientAddress} until {BlockedUntil}")]
    private static partial void LogThrottled(ILogger logger, string maskedIdentifier, string clientAddress, DateTimeOffset blockedUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applicant {MaskedIdentifier} signed in to application {ApplicationId}")]
    private static partial void LogSignedIn(ILogger logger, string maskedIdentifier, Guid applicationId);
}
