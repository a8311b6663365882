using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Messaging;

namespace Muhur.Server.Features.ApplicationForm;

internal enum SmsSendOutcome
{
    Sent,

    /// <summary>R-APP-5: codes are spaced and limited per hour; <see cref="SmsSendResult.NextAllowedAt"/> says when.</summary>
    TooSoon,

    /// <summary>The application does not wait for a phone approval (not a confirmed form), or there is no such application.</summary>
    NotAwaitingApproval,
}

internal sealed record SmsSendResult(SmsSendOutcome Outcome, DateTimeOffset NextAllowedAt);

/// <summary>
/// R-APP-5: a new 6-digit code to the form's mobile number, through the outbox, in the same transaction that records
/// its hash. The code itself exists only in the SMS: it is not logged, returned or stored in the clear.
/// </summary>
internal sealed class SendSmsApprovalCode(MuhurDbContext db, ChangeApplicationState change, TurkishText text, TimeProvider time)
{
    /// <summary>"Yeni kod gönder": a new code for the signed-in applicant's confirmed form.</summary>
    public async Task<SmsSendResult> RunAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await change.LockAsync(applicationId, cancellationToken);
        if (application is null || application.State != ApplicationState.FormConfirmed || application.MobilePhone is null)
        {
            return new SmsSendResult(SmsSendOutcome.NotAwaitingApproval, now);
        }

        var result = await AddAsync(application, now, cancellationToken);
        if (result.Outcome == SmsSendOutcome.Sent)
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>When the application may get its next code (now, if it may).</summary>
    public async Task<DateTimeOffset> NextAllowedAtAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return SmsApprovalRules.NextSendAllowedAt(await SentSinceAsync(applicationId, now, cancellationToken), now);
    }

    /// <summary>
    /// Adds the code and its SMS to the context of the caller's transaction, in which the application is locked (so two
    /// requests cannot both pass the spacing rule); nothing when it is too soon.
    /// </summary>
    public async Task<SmsSendResult> AddAsync(Application application, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var sent = await SentSinceAsync(application.Id, now, cancellationToken);
        var next = SmsApprovalRules.NextSendAllowedAt(sent, now);
        if (next > now)
        {
            return new SmsSendResult(SmsSendOutcome.TooSoon, next);
        }

        var code = SmsApprovalRules.NewCode();
        var mobile = application.MobilePhone ?? throw new InvalidOperationException("The form has no mobile number.");
        db.Add(ApplicationSmsCode.Create(application.Id, mobile, code, now));

        // Nothing personal beyond the code and what it is for (issue 10 §12, R-X-3).
        db.Add(OutboxMessage.Sms(mobile, text["ApplicationForm_SmsText", code, (int)SmsApprovalRules.Lifetime.TotalMinutes], now));
        return new SmsSendResult(SmsSendOutcome.Sent, SmsApprovalRules.NextSendAllowedAt([.. sent, now], now));
    }

    private async Task<List<DateTimeOffset>> SentSinceAsync(Guid applicationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - SmsApprovalRules.SendWindow - SmsApprovalRules.MinimumSpacing;
        return await db.Set<ApplicationSmsCode>()
            .Where(c => c.ApplicationId == applicationId && c.SentAt > since)
            .Select(c => c.SentAt)
            .ToListAsync(cancellationToken);
    }
}
