using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Npgsql;

namespace Muhur.Server.Features.People;

/// <summary>What the institution authority enters to register a person (R-APP-1).</summary>
internal sealed record RegisterPersonRequest(
    PersonIdentifierKind IdentifierKind,
    string? IdentifierNumber,
    string? PassportCountry,
    string? GivenName,
    string? Surname,
    string? Title,
    string? CorporateEmail,
    Guid? UnitId,
    Guid? PositionId,
    string? MobilePhone = null);

/// <summary>A registration request that passed every check, normalized; nothing is stored yet.</summary>
internal sealed record ValidatedPerson(
    PersonIdentifier Identifier,
    string GivenName,
    string Surname,
    string? Title,
    string CorporateEmail,
    string? MobilePhone,
    Guid? UnitId,
    Guid? PositionId);

/// <summary>A field and the text key of what is wrong with it.</summary>
internal sealed record FieldError(string Field, string MessageKey, string? Argument = null);

internal sealed record RegisterPersonResult(Person? Person, IReadOnlyList<FieldError> Errors)
{
    public bool Succeeded => Person is not null;
}

/// <summary>
/// Registers a person in the authority's own institution (R-APP-1, R-X-4): validates the national ID
/// (checksum), the passport, the names and e-mail, and that the unit and position belong to the same
/// institution; writes the person and its audit entry in one transaction.
/// </summary>
internal sealed class RegisterPerson(MuhurDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<RegisterPersonResult> RunAsync(
        Guid institutionId, string actor, RegisterPersonRequest request, CancellationToken cancellationToken)
    {
        var (valid, errors) = await ValidateAsync(institutionId, request, cancellationToken);
        if (valid is null)
        {
            return new RegisterPersonResult(null, errors);
        }

        var identifier = valid.Identifier;
        if (await db.People.AnyAsync(
            p => p.InstitutionId == institutionId && p.IdentifierKind == identifier.Kind && p.IdentifierNumber == identifier.Number && p.IdentifierCountry == identifier.Country,
            cancellationToken))
        {
            return new RegisterPersonResult(null, [new FieldError(nameof(request.IdentifierNumber), "People_AlreadyRegistered")]);
        }

        var person = Create(institutionId, valid, actor, time.GetUtcNow());

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.People.Add(person);
        await audit.AppendAsync(db, actor, AuditActions.PersonRegistered, $"person:{person.Id}", new { Institution = institutionId, Kind = identifier.Kind.ToString() }, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Registered by someone else between our check and our insert.
            return new RegisterPersonResult(null, [new FieldError(nameof(request.IdentifierNumber), "People_AlreadyRegistered")]);
        }

        await transaction.CommitAsync(cancellationToken);
        return new RegisterPersonResult(person, []);
    }

    public static Person Create(Guid institutionId, ValidatedPerson valid, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(valid);
        return Person.Create(institutionId, valid.Identifier, valid.GivenName, valid.Surname, valid.Title, valid.CorporateEmail,
            valid.UnitId, valid.PositionId, actor, now, valid.MobilePhone);
    }

    /// <summary>
    /// Every check of a registration, each failure as a field and its text key; the identifier's messages are those of
    /// the kind chosen (a passport never gets the T.C. Kimlik No's). Reads only.
    /// </summary>
    public async Task<(ValidatedPerson? Person, List<FieldError> Errors)> ValidateAsync(
        Guid institutionId, RegisterPersonRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();

        PersonIdentifier? identifier;
        PersonIdentifierError identifierError;
        var parsed = request.IdentifierKind == PersonIdentifierKind.Passport
            ? PersonIdentifier.TryParsePassport(request.IdentifierNumber, request.PassportCountry, out identifier, out identifierError)
            : PersonIdentifier.TryParseNational(request.IdentifierNumber, out identifier, out identifierError);
        if (!parsed)
        {
            var field = identifierError == PersonIdentifierError.CountryCode ? nameof(request.PassportCountry) : nameof(request.IdentifierNumber);
            errors.Add(new FieldError(field, IdentifierMessageKey(request.IdentifierKind, identifierError)));
        }
        else if (request.IdentifierKind != PersonIdentifierKind.Passport && identifier!.Kind != request.IdentifierKind)
        {
            // A 99-prefixed number entered as a T.C. Kimlik No, or the other way round.
            errors.Add(new FieldError(nameof(request.IdentifierNumber), $"Identifier_KindMismatch_{request.IdentifierKind}"));
        }

        var givenName = NormalizeName(request.GivenName);
        var surname = NormalizeName(request.Surname);
        if (givenName.Length == 0)
        {
            errors.Add(new FieldError(nameof(request.GivenName), "Validation_Required"));
        }
        else if (givenName.Length > 100 || !IsPersonName(givenName))
        {
            errors.Add(new FieldError(nameof(request.GivenName), "Validation_Name"));
        }

        if (surname.Length == 0)
        {
            errors.Add(new FieldError(nameof(request.Surname), "Validation_Required"));
        }
        else if (surname.Length > 100 || !IsPersonName(surname))
        {
            errors.Add(new FieldError(nameof(request.Surname), "Validation_Name"));
        }

        var email = (request.CorporateEmail ?? string.Empty).Trim();
        if (email.Length == 0)
        {
            errors.Add(new FieldError(nameof(request.CorporateEmail), "Validation_Required"));
        }
        else
        {
            // R-APP-1: the access password goes to this address, so it must be the institution's own mail. An institution
            // that has registered no mail domain yet is held only to "not a personal mailbox".
            var domains = await db.Set<InstitutionMailDomain>().Where(d => d.InstitutionId == institutionId)
                .OrderBy(d => d.Domain).Select(d => d.Domain).ToListAsync(cancellationToken);
            var emailError = CorporateEmail.Check(email, domains) switch
            {
                CorporateEmailError.OtherDomain when domains.Count == 0 => CorporateEmailError.None,
                var other => other,
            };
            if (emailError != CorporateEmailError.None)
            {
                errors.Add(emailError switch
                {
                    CorporateEmailError.PersonalProvider => new FieldError(nameof(request.CorporateEmail), "CorporateEmail_PersonalProvider", CorporateEmail.Domain(CorporateEmail.Normalize(email)!)),
                    CorporateEmailError.OtherDomain => new FieldError(nameof(request.CorporateEmail), "CorporateEmail_OtherDomain", string.Join(", ", domains)),
                    _ => new FieldError(nameof(request.CorporateEmail), "Validation_Email"),
                });
            }
        }

        if (request.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId && u.InstitutionId == institutionId, cancellationToken))
        {
            errors.Add(new FieldError(nameof(request.UnitId), "Validation_UnknownChoice"));
        }

        if (request.PositionId is { } positionId && !await db.Positions.AnyAsync(p => p.Id == positionId && p.InstitutionId == institutionId, cancellationToken))
        {
            errors.Add(new FieldError(nameof(request.PositionId), "Validation_UnknownChoice"));
        }

        string? mobile = null;
        if (!string.IsNullOrWhiteSpace(request.MobilePhone))
        {
            mobile = Applications.MobilePhone.Normalize(request.MobilePhone);
            if (mobile is null)
            {
                errors.Add(new FieldError(nameof(request.MobilePhone), "People_MobileInvalid"));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var title = string.IsNullOrWhiteSpace(request.Title) ? null : request.Title.Trim();
        return (new ValidatedPerson(identifier!, givenName, surname, title, CorporateEmail.Normalize(email) ?? email, mobile, request.UnitId, request.PositionId), errors);
    }

    /// <summary>
    /// The text key of an identifier error for the kind the authority chose: "Identifier_{error}" is the T.C. Kimlik
    /// No's; a foreigner's number and a passport have their own wording.
    /// </summary>
    public static string IdentifierMessageKey(PersonIdentifierKind kind, PersonIdentifierError error) => (kind, error) switch
    {
        (PersonIdentifierKind.Passport, PersonIdentifierError.Empty) => "Identifier_Passport_Empty",
        (PersonIdentifierKind.ForeignerIdentityNumber, PersonIdentifierError.NotDigits or PersonIdentifierError.WrongLength
            or PersonIdentifierError.LeadingZero or PersonIdentifierError.Checksum) => $"Identifier_Foreigner_{error}",
        _ => $"Identifier_{error}",
    };

    /// <summary>Collapses spaces; keeps the letters as typed, so that İ/ı and I/i stay what the person wrote.</summary>
    private static string NormalizeName(string? name) =>
        string.Join(' ', (name ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool IsPersonName(string name) =>
        name.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'' or '.');

}
