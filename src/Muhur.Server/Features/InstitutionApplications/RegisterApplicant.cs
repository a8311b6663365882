using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.People;
using Npgsql;

namespace Muhur.Server.Features.InstitutionApplications;

/// <summary>An uploaded file as the page read it: null content when nothing was chosen.</summary>
internal sealed record ReceiptUpload(string? FileName, byte[]? Content);

/// <summary>What the institution authority enters to register a person and open their application in one step.</summary>
internal sealed record RegisterApplicantRequest(RegisterPersonRequest Person, ApplicationKind? Kind, ReceiptUpload? Receipt);

/// <summary>A request that passed every check: what will be written. <see cref="Existing"/> is the person already registered.</summary>
internal sealed record PlannedApplicant(ValidatedPerson Person, Person? Existing, ApplicationKind Kind, EligibilityDecision Eligibility, CheckedReceipt? Receipt);

internal sealed record RegisterApplicantResult(
    Guid? ApplicationId, string? Name, EligibilityDecision? Eligibility, string? Recipient, IReadOnlyList<FieldError> Errors)
{
    public bool Succeeded => ApplicationId is not null;
}

/// <summary>
/// R-APP-1, R-ELIG-1, R-ELIG-4, R-ELIG-5: the institution authority registers a person (or finds them already registered)
/// and opens their application in one step. Eligibility follows the institution's positions table
/// (<see cref="EligibilityRules"/>); an individual payment needs its receipt. The person, the application and its
/// history, the receipt, the access password, its mail and the audit entries are written in one transaction: one bad
/// part saves nothing.
/// </summary>
internal sealed class RegisterApplicant(
    MuhurDbContext db,
    RegisterPerson registerPerson,
    SendAccessPassword sendAccessPassword,
    AuditLog audit,
    TimeProvider time)
{
    public async Task<RegisterApplicantResult> RunAsync(
        Guid institutionId, string actor, RegisterApplicantRequest request, CancellationToken cancellationToken)
    {
        var (plan, errors) = await PlanAsync(institutionId, request, receiptsAllowed: true, cancellationToken);
        if (plan is null)
        {
            return new RegisterApplicantResult(null, null, null, null, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var (applicationId, recipient) = await AddAsync(institutionId, plan, actor, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new RegisterApplicantResult(applicationId, $"{plan.Person.GivenName} {plan.Person.Surname}", plan.Eligibility, recipient, []);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request registered the person or opened their application between our checks and our inserts.
            return new RegisterApplicantResult(null, null, null, null, [new FieldError(nameof(RegisterPersonRequest.IdentifierNumber), "InstApps_AlreadyOpen")]);
        }
    }

    /// <summary>
    /// Every check, reading only. <paramref name="receiptsAllowed"/> is false for a CSV row, which cannot carry a
    /// receipt: an individually paid row is refused with the advice to use the single form.
    /// </summary>
    public async Task<(PlannedApplicant? Plan, List<FieldError> Errors)> PlanAsync(
        Guid institutionId, RegisterApplicantRequest request, bool receiptsAllowed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (person, errors) = await registerPerson.ValidateAsync(institutionId, request.Person, cancellationToken);
        if (request.Kind is null)
        {
            errors.Add(new FieldError("Kind", "InstApps_KindRequired"));
        }

        Person? existing = null;
        if (person is not null)
        {
            var identifier = person.Identifier;
            existing = await db.People.SingleOrDefaultAsync(
                p => p.InstitutionId == institutionId && p.IdentifierKind == identifier.Kind && p.IdentifierNumber == identifier.Number && p.IdentifierCountry == identifier.Country,
                cancellationToken);
            if (existing is not null && await db.Set<Application>().AnyAsync(
                a => a.PersonId == existing.Id && a.InstitutionId == institutionId
                    && a.State != ApplicationState.Delivered && a.State != ApplicationState.Cancelled && a.State != ApplicationState.Rejected,
                cancellationToken))
            {
                errors.Add(new FieldError(nameof(RegisterPersonRequest.IdentifierNumber), "InstApps_AlreadyOpen"));
            }
        }

        // R-ELIG-1: a position in the institution's table means the institution pays; anything else is individual (R-ELIG-4).
        var position = request.Person.PositionId is { } positionId
            ? await db.Positions.Where(p => p.Id == positionId && p.InstitutionId == institutionId)
                .Select(p => new PositionEligibility(p.Name, p.IsEligible)).SingleOrDefaultAsync(cancellationToken)
            : null;
        var eligibility = EligibilityRules.Decide(position, null, null, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));

        CheckedReceipt? receipt = null;
        if (!eligibility.InstitutionPays)
        {
            if (!receiptsAllowed)
            {
                errors.Add(new FieldError("Receipt", "InstApps_Import_IndividualNeedsForm"));
            }
            else
            {
                var receiptError = ReceiptFile.Check(request.Receipt?.FileName, request.Receipt?.Content, out receipt);
                if (receiptError != ReceiptError.None)
                {
                    errors.Add(new FieldError("Receipt", receiptError == ReceiptError.Missing ? "InstApps_Receipt_RequiredForIndividual" : $"InstApps_Receipt_{receiptError}"));
                }
            }
        }

        return person is null || errors.Count > 0
            ? (null, errors)
            : (new PlannedApplicant(person, existing, request.Kind!.Value, eligibility, receipt), errors);
    }

    /// <summary>
    /// Adds a checked plan inside the caller's transaction: the person (new, or the registered one with the institution's
    /// current report), the application, the receipt, the access password and its mail, and the audit entries. The caller
    /// saves and commits.
    /// </summary>
    public async Task<(Guid ApplicationId, string? Recipient)> AddAsync(
        Guid institutionId, PlannedApplicant plan, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var now = time.GetUtcNow();
        var valid = plan.Person;
        Person person;
        if (plan.Existing is { } existing)
        {
            person = existing;
            person.UpdateReport(valid.Title, valid.CorporateEmail, valid.MobilePhone, valid.UnitId, valid.PositionId);
        }
        else
        {
            person = RegisterPerson.Create(institutionId, valid, actor, now);
            db.People.Add(person);
            await audit.AppendAsync(db, actor, AuditActions.PersonRegistered, $"person:{person.Id}",
                new { Institution = institutionId, Kind = valid.Identifier.Kind.ToString() }, cancellationToken);
        }

        // The application refers to the person, which EF does not know as a relationship: the person goes in first.
        await db.SaveChangesAsync(cancellationToken);

        var (application, opened) = Application.Open(person.Id, institutionId, plan.Kind, plan.Eligibility, actor, now);
        db.Add(application);
        db.Add(opened);
        await audit.AppendAsync(db, actor, AuditActions.ApplicationOpened, $"application:{application.Id}",
            new
            {
                Person = person.Id,
                Kind = plan.Kind.ToString(),
                Payment = plan.Eligibility.Payment.ToString(),
                Reason = plan.Eligibility.Reason.ToString(),
                plan.Eligibility.PositionName,
                Receipt = plan.Receipt is null ? null : new { plan.Receipt.ContentType, Bytes = plan.Receipt.Content.Length },
            },
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (plan.Receipt is not null)
        {
            db.Add(ApplicationReceipt.Create(application.Id, plan.Receipt, actor, now));
        }

        var sent = await sendAccessPassword.AddAsync(application, person, actor, cancellationToken);
        return (application.Id, sent.Recipient);
    }

    /// <summary>A registered person's identifier as the CSV and the form name its kind.</summary>
    public static PersonIdentifierKind? ParseKind(string? text) => (text ?? string.Empty).Trim().ToUpperInvariant() switch
    {
        "TC" or "T.C." or "TCKN" or "TURKISHIDENTITYNUMBER" => PersonIdentifierKind.TurkishIdentityNumber,
        "YKN" or "YABANCI" or "99" or "FOREIGNERIDENTITYNUMBER" => PersonIdentifierKind.ForeignerIdentityNumber,
        "PASAPORT" or "PASSPORT" => PersonIdentifierKind.Passport,
        _ => null,
    };
}
