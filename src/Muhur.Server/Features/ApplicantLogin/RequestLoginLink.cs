using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Features.People;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>The answer to a login link request: the same whether or not a mail was written, unless the address must wait.</summary>
internal sealed record LoginLinkRequestResult(DateTimeOffset? BlockedUntil);

/// <summary>
/// "Resmi okuyamıyorum — giriş bağlantısı gönder" (R-APP-2, WCAG 2.2 SC 3.3.8: an authentication step without a
/// cognitive function test). Given only the identifier, when an application of that person still takes the login,
/// a one-time link to its page is mailed through the outbox to the corporate address the institution registered. The
/// link is built from the configured public address (<see cref="CaOptions.PublicBaseUrl"/>), never from the request's
/// Host, so a forged Host header cannot send a person a link to someone else's server. The answer is the same, after
/// the same minimum time, whether or not the identifier exists; requests are limited per address and per application.
/// </summary>
internal sealed class RequestLoginLink(
    MuhurDbContext db,
    LoginThrottle throttle,
    AuditLog audit,
    IOptions<ApplicantLoginOptions> options,
    IOptions<CaOptions> ca,
    IStringLocalizer<SharedResource> text,
    TimeProvider time)
{
    public const string LinkPath = "/basvuru/giris/baglanti/";


    public async Task<LoginLinkRequestResult> RunAsync(string? identifier, string? clientAddress, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var addressKey = LoginThrottleKeys.LinkAddress(clientAddress);

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (await throttle.BlockedUntilAsync([addressKey], now, cancellationToken) is { } until)
            {
                return new LoginLinkRequestResult(until);
            }

            await throttle.RecordFailureAsync(addressKey, settings.LinkRequestsPerAddress, settings, now, cancellationToken);
            if (SignInApplicant.NormalizeIdentifier(identifier) is { } number)
            {
                await SendIfAllowedAsync(number, clientAddress, settings, now, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var remaining = settings.LinkRequestMinimumDuration - Stopwatch.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken);
        }

        return new LoginLinkRequestResult(null);
    }

    private async Task SendIfAllowedAsync(string number, string? clientAddress, ApplicantLoginOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The form's states and (R-APP-11) the read-only status ones; a finished application only while its status is
        // still shown, as the password login (WCAG 2.2 SC 3.3.8: the alternative opens what the password opens).
        var loginStates = new[] { ApplicationState.PasswordSent, ApplicationState.FormConfirmed, ApplicationState.PhoneApproved, ApplicationState.WetFormPrinted };
        var statusStates = new[]
        {
            ApplicationState.ESigned, ApplicationState.EApproved, ApplicationState.ForwardedToCentre, ApplicationState.ReceivedByCentre,
            ApplicationState.Approved, ApplicationState.CardProduced, ApplicationState.Shipped,
        };
        var finishedSince = now - ApplicationStateRules.StatusAfterFinish;
        var found = await (
                from application in db.Set<Application>()
                join person in db.Set<Person>() on application.PersonId equals person.Id
                where person.IdentifierNumber == number
                    && (loginStates.Contains(application.State) || statusStates.Contains(application.State)
                        || ((application.State == ApplicationState.Delivered || application.State == ApplicationState.Rejected) && application.UpdatedAt >= finishedSince))
                orderby application.CreatedAt descending
                select new { application.Id, person.CorporateEmail, person.GivenName, person.Surname })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return;
        }

        var hourAgo = now - TimeSpan.FromHours(1);
        var recent = await db.Set<ApplicantLoginLink>().CountAsync(l => l.ApplicationId == found.Id && l.CreatedAt > hourAgo, cancellationToken);
        if (recent >= settings.LinksPerApplicationPerHour)
        {
            return;
        }

        var (link, token) = ApplicantLoginLink.Create(found.Id, now, settings.LinkLifetime);
        db.Add(link);
        var url = new Uri(ca.Value.PublicBaseUrl, LinkPath + token);
        var expires = Shared.TurkeyTime.DateTime(link.ExpiresAt);
        db.Add(OutboxMessage.Email(
            found.CorporateEmail,
            text["ApplicantLoginLink_MailSubject"],
            text["ApplicantLoginLink_MailBody", $"{found.GivenName} {found.Surname}", url, expires],
            now));
        await audit.AppendAsync(db, "applicant:" + SignInApplicant.MaskIdentifier(number), AuditActions.ApplicantLoginLinkSent,
            $"application:{found.Id}", new { address = clientAddress, expiresAt = link.ExpiresAt }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
