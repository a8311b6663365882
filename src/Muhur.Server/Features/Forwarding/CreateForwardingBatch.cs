using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Muhur.Pdf.Forms;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Institutions;
using Npgsql;

namespace Muhur.Server.Features.Forwarding;

/// <summary>The cover letter's fields as the authority confirmed them (defaults from the institution, editable).</summary>
internal sealed record CoverLetterFields(
    string InstitutionName,
    string? PostalAddress,
    string? Phone,
    string? Email,
    DateOnly LetterDate,
    string LetterNumber,
    string SignatoryName,
    string? SignatoryTitle);

internal enum CreateBatchOutcome
{
    Created,
    NoForms,

    /// <summary>A selected form is not (or no longer) ready: not received, voided, already in a batch, not the institution's.</summary>
    FormsNotReady,
    LetterNumberTaken,
}

internal sealed record CreateBatchResult(CreateBatchOutcome Outcome, Guid? BatchId = null, IReadOnlyList<string>? NotReady = null);

/// <summary>
/// R-APP-9: a batch of the received paper forms the authority selected, with its cover letter (üst yazı) made now with
/// <see cref="CoverLetterDocument"/> and kept as made. The forms are locked, so a form goes into at most one batch; the
/// batch, its forms and the audit entry are written in one transaction.
/// </summary>
internal sealed class CreateForwardingBatch(MuhurDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>The letter number offered by default: the institution's code, the year in Türkiye and the sequence (ORNEK-UNI-2026-000001).</summary>
    public static async Task<string> NextLetterNumberAsync(MuhurDbContext db, string institutionCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sequence = await db.Database
            .SqlQuery<long>($"SELECT nextval('forwarding_batch_number_seq') AS \"Value\"")
            .SingleAsync(cancellationToken);
        return LetterNumber(institutionCode, Shared.TurkeyTime.Year(now), sequence);
    }

    public static string LetterNumber(string institutionCode, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{institutionCode}-{year:D4}-{sequence:D6}");

    public async Task<CreateBatchResult> RunAsync(
        Guid institutionId, IReadOnlyCollection<string> formNumbers, CoverLetterFields letter, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(formNumbers);
        ArgumentNullException.ThrowIfNull(letter);
        var numbers = formNumbers.Distinct(StringComparer.Ordinal).ToList();
        if (numbers.Count == 0)
        {
            return new CreateBatchResult(CreateBatchOutcome.NoForms);
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Locking the forms serialises two batches made at once from the same forms.
        await db.Set<WetForm>().FromSql($"SELECT * FROM application_forms WHERE form_number = ANY({numbers.ToArray()}) FOR UPDATE")
            .ToListAsync(cancellationToken);
        var ready = await ReadForwardingQueue.Query(db)
            .Where(f => numbers.Contains(f.FormNumber) && f.ReceivedAt != null)
            .ToListAsync(cancellationToken);
        var notReady = numbers.Except(ready.Select(f => f.FormNumber), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (notReady.Count > 0)
        {
            return new CreateBatchResult(CreateBatchOutcome.FormsNotReady, NotReady: notReady);
        }

        if (await db.Set<ForwardingBatch>().IgnoreQueryFilters().AnyAsync(b => b.LetterNumber == letter.LetterNumber, cancellationToken))
        {
            return new CreateBatchResult(CreateBatchOutcome.LetterNumberTaken);
        }

        var forms = ready.OrderBy(f => f.FullName, StringComparer.Create(CultureInfo.GetCultureInfo("tr-TR"), ignoreCase: true)).ToList();
        var pdf = CoverLetterDocument.Create(new CoverLetterContent
        {
            InstitutionName = letter.InstitutionName,
            PostalAddress = letter.PostalAddress,
            Phone = letter.Phone,
            Email = letter.Email,
            LetterDate = letter.LetterDate,
            LetterNumber = letter.LetterNumber,
            SignatoryName = letter.SignatoryName,
            SignatoryTitle = letter.SignatoryTitle,
            Forms = forms.Select(f => new CoverLetterForm(f.FormNumber, f.FullName, UnitAndTitle(f.Unit, f.Title))).ToList(),
            CreatedAt = now,
        });

        var batch = ForwardingBatch.Create(institutionId, letter.LetterNumber, letter.LetterDate, pdf, actor, now);
        db.Add(batch);
        db.AddRange(forms.Select(f => ForwardingBatchForm.Create(batch.Id, f.FormNumber, f.ApplicationId)));
        await audit.AppendAsync(db, actor, AuditActions.ForwardingBatchCreated, $"forwarding-batch:{batch.Id}",
            new { batch.LetterNumber, Forms = forms.Select(f => f.FormNumber).ToArray() }, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            // A letter number or a form taken by a batch committed after the checks above.
            return unique.ConstraintName == "forwarding_batches_letter_number_key"
                ? new CreateBatchResult(CreateBatchOutcome.LetterNumberTaken)
                : new CreateBatchResult(CreateBatchOutcome.FormsNotReady, NotReady: numbers);
        }

        await transaction.CommitAsync(cancellationToken);
        return new CreateBatchResult(CreateBatchOutcome.Created, batch.Id);
    }

    /// <summary>"Hukuk Fakültesi / Doç. Dr.", either part alone, or null.</summary>
    public static string? UnitAndTitle(string? unit, string? title) =>
        string.Join(" / ", new[] { unit, title }.Where(part => !string.IsNullOrWhiteSpace(part))) is { Length: > 0 } joined ? joined : null;

    /// <summary>The institution whose letterhead the form defaults to.</summary>
    public static Task<Institution> InstitutionAsync(MuhurDbContext db, Guid institutionId, CancellationToken cancellationToken) =>
        db.Institutions.AsNoTracking().SingleAsync(i => i.Id == institutionId, cancellationToken);
}
