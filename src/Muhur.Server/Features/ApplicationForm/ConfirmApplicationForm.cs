using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.People;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>What the applicant typed on the form (R-APP-4), unchecked.</summary>
internal sealed record ApplicationFormInput(
    string? MobilePhone,
    int? ProvinceCode,
    string? District,
    string? AddressLine,
    string? PostalCode,
    string? SecurityWord,
    string? SecurityWordRepeat,
    bool PublishConsent,
    string? RepeatReason);

/// <summary>One field's problem: the field's name on the input and the resource key of its message (with an argument).</summary>
internal sealed record FormFieldError(string Field, string MessageKey, string? Argument = null);

internal sealed record ConfirmFormResult(IReadOnlyList<FormFieldError> Errors, string? RefusalId, SmsSendResult? Sms)
{
    public bool Confirmed => Errors.Count == 0 && RefusalId is null;
}

/// <summary>
/// "Formu Onayla" (R-APP-4): checks the applicant's part of the form, then in one transaction writes it
/// (<see cref="Application.FillForm"/>), applies ConfirmForm through the state machine, voids a printed wet form of
/// this application (R-APP-7: a correction makes a new form and voids the old barcode) and sends the SMS approval code
/// (R-APP-5). A refusal by the state machine (the application is at the centre) writes nothing.
/// </summary>
internal sealed class ConfirmApplicationForm(MuhurDbContext db, ChangeApplicationState change, SendSmsApprovalCode sms, TimeProvider time)
{
    public const string Actor = "applicant";
    public const string CorrectionReason = "correction";
    private const int MaxDistrict = 100;
    private const int MaxAddress = 500;
    private const int MaxReason = 500;

    public async Task<ConfirmFormResult> RunAsync(Guid applicationId, ApplicationFormInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var found = await (
                from application in db.Set<Application>()
                join person in db.Set<Person>() on application.PersonId equals person.Id
                where application.Id == applicationId
                select new { application.Kind, person.IdentifierNumber, person.GivenName, person.Surname })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The signed-in applicant's application does not exist.");

        var errors = Check(input, found.Kind, found.IdentifierNumber, found.GivenName, found.Surname, out var fields);
        if (errors.Count > 0)
        {
            return new ConfirmFormResult(errors, null, null);
        }

        // The slow hash before the row is locked, so the lock is held only for the writes.
        var form = fields! with { SecurityWordHash = SecurityWord.Hash(input.SecurityWord!) };
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await change.LockAsync(applicationId, cancellationToken)
            ?? throw new InvalidOperationException("The signed-in applicant's application does not exist.");
        var decision = ApplicationStateRules.Decide(locked.State, ApplicationEvent.ConfirmForm);
        if (!decision.Allowed)
        {
            return new ConfirmFormResult([], decision.RefusalId, null);
        }

        var printed = await db.Set<WetForm>().Where(f => f.ApplicationId == applicationId && f.VoidedAt == null).ToListAsync(cancellationToken);
        foreach (var wetForm in printed)
        {
            wetForm.Void(CorrectionReason, now);
        }

        locked.FillForm(form, now);
        var reason = printed.Count == 0 ? null : "voided wet form " + string.Join(", ", printed.Select(f => f.FormNumber));
        await change.ApplyAsync(locked, ApplicationEvent.ConfirmForm, Actor, reason, cancellationToken);
        var sent = await sms.AddAsync(locked, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ConfirmFormResult([], null, sent);
    }

    /// <summary>Each field against its rule; the whole form's problems at once, so the page can show them together.</summary>
    internal static List<FormFieldError> Check(
        ApplicationFormInput input, ApplicationKind kind, string identifierNumber, string givenName, string surname, out ApplicationFormFields? fields)
    {
        var errors = new List<FormFieldError>();
        fields = null;

        var mobile = Applications.MobilePhone.Normalize(input.MobilePhone);
        if (string.IsNullOrWhiteSpace(input.MobilePhone))
        {
            errors.Add(new(nameof(input.MobilePhone), "Validation_Required"));
        }
        else if (mobile is null)
        {
            errors.Add(new(nameof(input.MobilePhone), "ApplicationForm_MobileInvalid"));
        }

        var province = input.ProvinceCode is { } code ? Provinces.ByCode(code) : null;
        if (province is null)
        {
            errors.Add(new(nameof(input.ProvinceCode), "ApplicationForm_ProvinceRequired"));
        }

        var district = Required(input.District, MaxDistrict, nameof(input.District), errors);
        var address = Required(input.AddressLine, MaxAddress, nameof(input.AddressLine), errors);

        var postal = (input.PostalCode ?? string.Empty).Trim();
        if (postal.Length == 0)
        {
            errors.Add(new(nameof(input.PostalCode), "Validation_Required"));
        }
        else if (postal.Length != 5 || !postal.All(char.IsAsciiDigit))
        {
            errors.Add(new(nameof(input.PostalCode), "ApplicationForm_PostalCodeFormat"));
        }
        else if (province is not null && !Provinces.IsPostalCodeOf(postal, province))
        {
            errors.Add(new(nameof(input.PostalCode), "ApplicationForm_PostalCodeProvince", province.Name));
        }

        var word = SecurityWord.Check(input.SecurityWord, input.SecurityWordRepeat, identifierNumber, givenName, surname);
        if (word != SecurityWordProblem.None)
        {
            var field = word == SecurityWordProblem.RepeatDiffers ? nameof(input.SecurityWordRepeat) : nameof(input.SecurityWord);
            errors.Add(new(field, $"ApplicationForm_SecurityWord{word}"));
        }

        string? reason = null;
        if (kind != ApplicationKind.First)
        {
            reason = Required(input.RepeatReason, MaxReason, nameof(input.RepeatReason), errors, "ApplicationForm_RepeatReasonRequired");
        }

        if (errors.Count == 0)
        {
            // The hash is computed by the caller once everything else has passed.
            fields = new ApplicationFormFields(mobile!, (short)province!.Code, district!, address!, postal, string.Empty, input.PublishConsent, reason);
        }

        return errors;
    }

    private static string? Required(string? typed, int max, string field, List<FormFieldError> errors, string missingKey = "Validation_Required")
    {
        var value = typed?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new(field, missingKey));
            return null;
        }

        if (value.Length > max)
        {
            errors.Add(new(field, "Validation_TooLong"));
            return null;
        }

        return value;
    }
}
