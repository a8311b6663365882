using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.Forwarding;

/// <summary>What marking a barcode as received came to; each has its Turkish message <c>Forwarding_Mark_{outcome}</c>.</summary>
internal enum MarkFormOutcome
{
    Marked,

    /// <summary>Not twelve digits with a valid check digit: a typing or scanning error.</summary>
    Malformed,

    /// <summary>No such form, or another institution's: the same answer, so nothing is revealed (R-X-4).</summary>
    Unknown,

    /// <summary>The applicant corrected their form and printed a new one; this paper is void.</summary>
    Voided,

    AlreadyMarked,

    /// <summary>The application is no longer waiting for its paper (already sent, cancelled, …).</summary>
    NotAwaiting,
}

internal sealed record MarkFormResult(MarkFormOutcome Outcome, string? FormNumber, string? ApplicantName = null);

/// <summary>
/// R-APP-9: the institution authority marks a signed paper form received, by its barcode (typed, or a scanner's
/// keyboard input). Only the institution's own forms are found: the application is read through the context's
/// institution filter (R-X-4). The mark and its audit entry are written together.
/// </summary>
internal sealed class MarkFormReceived(MuhurDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<MarkFormResult> RunAsync(string? barcode, string actor, CancellationToken cancellationToken)
    {
        if (!FormNumber.TryNormalize(barcode, out var number))
        {
            return new MarkFormResult(MarkFormOutcome.Malformed, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var form = await db.Set<WetForm>()
            .FromSql($"SELECT * FROM application_forms WHERE form_number = {number} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        var found = form is null ? null : await (
            from application in db.Set<Application>()
            join person in db.People on application.PersonId equals person.Id
            where application.Id == form.ApplicationId
            select new { application.State, Name = person.GivenName + " " + person.Surname })
            .SingleOrDefaultAsync(cancellationToken);
        if (form is null || found is null)
        {
            return new MarkFormResult(MarkFormOutcome.Unknown, number);
        }

        if (form.VoidedAt is not null)
        {
            return new MarkFormResult(MarkFormOutcome.Voided, number, found.Name);
        }

        if (form.ReceivedByInstitutionAt is not null)
        {
            return new MarkFormResult(MarkFormOutcome.AlreadyMarked, number, found.Name);
        }

        if (found.State != ApplicationState.WetFormPrinted)
        {
            return new MarkFormResult(MarkFormOutcome.NotAwaiting, number, found.Name);
        }

        form.MarkReceivedByInstitution(actor, time.GetUtcNow());
        await audit.AppendAsync(db, actor, AuditActions.ForwardingFormReceived, $"application:{form.ApplicationId}",
            new { FormNumber = number }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MarkFormResult(MarkFormOutcome.Marked, number, found.Name);
    }
}
