using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Features.People;
using Muhur.Server.Features.Shared;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.Applications;

internal enum SendAccessPasswordOutcome
{
    Sent,

    /// <summary>No such application in the caller's institution (R-X-4).</summary>
    NotFound,

    /// <summary>The application no longer takes the applicant's login (<see cref="ApplicationStateRules.AcceptsNewAccessPassword"/>).</summary>
    NoLongerAccepted,
}

/// <summary>Sent, or why not; when sent, where to and until when the password works.</summary>
internal sealed record SendAccessPasswordResult(SendAccessPasswordOutcome Outcome, string? Recipient, DateTimeOffset? ExpiresAt);

/// <summary>
/// R-APP-1: a new access password for an application, mailed to the person's corporate address with the application's
/// link. Only its hash is stored, and it replaces the previous one, so a resent password voids the old. The state event
/// (<see cref="ApplicationEvent.SendAccessPassword"/>), the mail (outbox, R-X-2) and the audit entry are written in one
/// transaction; the password itself is in the mail only, never in the audit log or the logs.
/// </summary>
internal sealed class SendAccessPassword(
    MuhurDbContext db,
    ChangeApplicationState changeState,
    AuditLog audit,
    IOptions<CaOptions> caOptions,
    IStringLocalizer<SharedResource> text,
    TimeProvider time)
{
    /// <summary>The login page of the applicant portal, which the mail links to.</summary>
    public const string LoginPath = "basvuru/giris";

    private static readonly CultureInfo Turkish = CultureInfo.GetCultureInfo("tr-TR");

    /// <summary>The institution resends the password: its own transaction.</summary>
    public async Task<SendAccessPasswordResult> RunAsync(Guid applicationId, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await changeState.LockAsync(applicationId, cancellationToken);
        if (application is null)
        {
            return new SendAccessPasswordResult(SendAccessPasswordOutcome.NotFound, null, null);
        }

        var person = await db.People.SingleOrDefaultAsync(p => p.Id == application.PersonId, cancellationToken);
        if (person is null)
        {
            return new SendAccessPasswordResult(SendAccessPasswordOutcome.NotFound, null, null);
        }

        var result = await AddAsync(application, person, actor, cancellationToken);
        if (result.Outcome == SendAccessPasswordOutcome.Sent)
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Inside the caller's transaction, with the application locked or just added: sets the new password's hash, applies
    /// the state event, adds the mail and the audit entry to the context; the caller saves and commits.
    /// </summary>
    public async Task<SendAccessPasswordResult> AddAsync(Application application, Person person, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(person);
        if (!ApplicationStateRules.AcceptsNewAccessPassword(application.State))
        {
            return new SendAccessPasswordResult(SendAccessPasswordOutcome.NoLongerAccepted, null, null);
        }

        var now = time.GetUtcNow();
        var password = AccessPassword.Generate();
        application.SetAccessPassword(AccessPassword.Hash(password), now);
        var change = await changeState.ApplyAsync(application, ApplicationEvent.SendAccessPassword, actor, null, cancellationToken);
        if (!change.Changed)
        {
            return new SendAccessPasswordResult(SendAccessPasswordOutcome.NoLongerAccepted, null, null);
        }

        var institution = await db.Institutions.Where(i => i.Id == application.InstitutionId).Select(i => i.Name).SingleAsync(cancellationToken);
        var expiresAt = application.AccessPasswordExpiresAt!.Value;
        var link = new Uri(caOptions.Value.PublicBaseUrl, LoginPath);
        var (subject, body) = Compose(person.FullName, institution, link, password, expiresAt);
        db.OutboxMessages.Add(OutboxMessage.Email(person.CorporateEmail, subject, body, now));
        await audit.AppendAsync(db, actor, AuditActions.ApplicationAccessPasswordSent, $"application:{application.Id}",
            new { Person = person.Id, ExpiresAt = expiresAt }, cancellationToken);
        return new SendAccessPasswordResult(SendAccessPasswordOutcome.Sent, person.CorporateEmail, expiresAt);
    }

    /// <summary>The mail is Turkish whatever language the sender's screen is in (R-X-1).</summary>
    private (string Subject, string Body) Compose(string name, string institution, Uri link, string password, DateTimeOffset expiresAt)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Turkish;
        try
        {
            return (text["AccessPasswordMail_Subject"],
                text["AccessPasswordMail_Body", name, institution, link.AbsoluteUri, password, TurkeyTime.Date(expiresAt)]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
