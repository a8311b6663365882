using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>What happened to a typed SMS code: <see cref="SmsCodeCheck"/>, or no code to check, or a refusal of the state machine.</summary>
internal sealed record PhoneApprovalResult(SmsCodeCheck? Check, int TriesLeft, string? RefusalId)
{
    public bool Approved => Check == SmsCodeCheck.Accepted;

    /// <summary>No code was sent since the form was confirmed (the sending was held back by the spacing rule).</summary>
    public bool NoCode => Check is null && RefusalId is null;
}

/// <summary>
/// R-APP-5: the applicant types the code sent to the form's mobile number. In one transaction with the application
/// locked: the newest code sent since the form was confirmed is checked (<see cref="SmsApprovalRules"/>), its use or
/// wrong entry is recorded, and an accepted code applies ApprovePhone.
/// </summary>
internal sealed class ApproveApplicantPhone(MuhurDbContext db, ChangeApplicationState change, TimeProvider time)
{
    public async Task<PhoneApprovalResult> RunAsync(Guid applicationId, string? typed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await change.LockAsync(applicationId, cancellationToken)
            ?? throw new InvalidOperationException("The signed-in applicant's application does not exist.");
        var decision = ApplicationStateRules.Decide(application.State, ApplicationEvent.ApprovePhone);
        if (!decision.Allowed)
        {
            return new PhoneApprovalResult(null, 0, decision.RefusalId);
        }

        var code = await CurrentCodeAsync(db, application, cancellationToken);
        if (code is null)
        {
            return new PhoneApprovalResult(null, 0, null);
        }

        var check = SmsApprovalRules.Check(code.State, applicationId, typed, now);
        code.Record(check, now);
        if (check == SmsCodeCheck.Accepted)
        {
            await change.ApplyAsync(application, ApplicationEvent.ApprovePhone, ConfirmApplicationForm.Actor, null, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PhoneApprovalResult(check, SmsApprovalRules.MaxWrongEntries - code.WrongEntries, null);
    }

    /// <summary>The code that counts: the newest sent for the form as last confirmed (an older one was for another form).</summary>
    public static Task<ApplicationSmsCode?> CurrentCodeAsync(MuhurDbContext db, Application application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(application);
        var since = application.FormConfirmedAt ?? DateTimeOffset.MaxValue;
        return db.Set<ApplicationSmsCode>()
            .Where(c => c.ApplicationId == application.Id && c.SentAt >= since)
            .OrderByDescending(c => c.SentAt).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
