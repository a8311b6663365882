using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Muhur.Pdf.Forms;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Messaging;

namespace Muhur.Server.Features.ApplicationForm;

internal enum WetFormOutcome
{
    /// <summary>A new form was made, or the valid one printed before is offered again.</summary>
    Ready,
    WrongSecurityWord,
    Refused,
}

internal sealed record WetFormResult(WetFormOutcome Outcome, string? FormNumber, string? RefusalId = null);

/// <summary>
/// R-APP-7: the wet-signed application form and undertaking. The PDF prints the security word, which is stored only
/// hashed (R-APP-4), so it is made now, while the applicant has just typed the word again (checked against the hash):
/// a new number from <c>application_form_number_seq</c>, the PDF encrypted with Data Protection under a purpose of its
/// own, then PrintWetForm through the state machine, the form and a confirming mail in one transaction. While a valid form exists it
/// is the one offered: printing again gives the same number; only a correction voids it (<see cref="ConfirmApplicationForm"/>).
/// </summary>
internal sealed class PrintWetForm(
    MuhurDbContext db, ChangeApplicationState change, IDataProtectionProvider protection, TurkishText text, TimeProvider time)
{
    /// <summary>The Data Protection purpose of the stored PDFs: no other protector of the key ring can open them.</summary>
    public const string ProtectionPurpose = "Muhur.ApplicationForm.WetFormPdf.v1";

    public async Task<WetFormResult> RunAsync(Guid applicationId, string? typedSecurityWord, CancellationToken cancellationToken)
    {
        // The slow parts — the security word's hash (210,000 rounds) and the PDF — are done before the row is locked,
        // so that neither a lock nor a pooled connection is held while they run; the locked row is then checked to be
        // the one they were made from.
        var record = await ApplicantFormRecord.LoadAsync(db, applicationId, cancellationToken);
        var read = record.Application;
        var decision = ApplicationStateRules.Decide(read.State, ApplicationEvent.PrintWetForm);
        if (!decision.Allowed)
        {
            return new WetFormResult(WetFormOutcome.Refused, null, decision.RefusalId);
        }

        if (await ValidFormNumberAsync(db, applicationId, cancellationToken) is { } printed)
        {
            return new WetFormResult(WetFormOutcome.Ready, printed);
        }

        if (!SecurityWord.Matches(typedSecurityWord, read.SecurityWordHash))
        {
            return new WetFormResult(WetFormOutcome.WrongSecurityWord, null);
        }

        // A number taken by a print that then finds the form changed stays unused: numbers need not be consecutive.
        var now = time.GetUtcNow();
        var sequence = await db.Database
            .SqlQuery<long>($"SELECT nextval('application_form_number_seq') AS \"Value\"")
            .SingleAsync(cancellationToken);
        var number = FormNumber.Create(Shared.TurkeyTime.Year(now), sequence);
        var pdf = Protector(protection).Protect(ApplicationFormDocument.Create(Content(record, number, SecurityWord.Normalize(typedSecurityWord!), now)));

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var application = await change.LockAsync(applicationId, cancellationToken)
            ?? throw new InvalidOperationException("The signed-in applicant's application does not exist.");
        if (application.FormConfirmedAt != read.FormConfirmedAt || application.SecurityWordHash != read.SecurityWordHash)
        {
            // Corrected meanwhile (another tab): the PDF would print the old form.
            return new WetFormResult(WetFormOutcome.Refused, null, ApplicationStateRules.RefusedOutOfOrder);
        }

        if (await ValidFormNumberAsync(db, applicationId, cancellationToken) is { } printedMeanwhile)
        {
            return new WetFormResult(WetFormOutcome.Ready, printedMeanwhile);
        }

        var applied = await change.ApplyAsync(application, ApplicationEvent.PrintWetForm, ConfirmApplicationForm.Actor, "Form no " + number, cancellationToken);
        if (!applied.Changed)
        {
            return new WetFormResult(WetFormOutcome.Refused, null, applied.RefusalId);
        }

        db.Add(WetForm.Create(number, applicationId, pdf, now));
        db.Add(OutboxMessage.Email(
            record.CorporateEmail,
            text["ApplicationForm_MailSubject", number],
            text["ApplicationForm_MailBody", record.FullName, number, Shared.TurkeyTime.DateTime(now)],
            now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WetFormResult(WetFormOutcome.Ready, number);
    }

    /// <summary>The application's valid (not voided) form, if one was printed.</summary>
    public static Task<string?> ValidFormNumberAsync(MuhurDbContext db, Guid applicationId, CancellationToken cancellationToken) =>
        db.Set<WetForm>()
            .Where(f => f.ApplicationId == applicationId && f.VoidedAt == null)
            .Select(f => f.FormNumber)
            .FirstOrDefaultAsync(cancellationToken);

    public static IDataProtector Protector(IDataProtectionProvider protection) => protection.CreateProtector(ProtectionPurpose);

    private ApplicationFormContent Content(ApplicantFormRecord record, string number, string securityWord, DateTimeOffset now)
    {
        var application = record.Application;
        var province = Provinces.ByCode(application.ProvinceCode ?? 0)?.Name ?? string.Empty;
        var payment = application.Payment == PaymentMode.Institution
            ? text["ApplicationForm_PaymentInstitution", record.Position ?? application.EligibilityPosition ?? text[$"ApplicationForm_Reason_{application.EligibilityReason}"]]
            : text["ApplicationForm_PaymentIndividual"];
        return new ApplicationFormContent
        {
            FormNumber = number,
            Kind = text[$"ApplicationForm_Kind_{application.Kind}"],
            InstitutionName = record.Institution,
            UnitName = record.Unit,
            IdentifierLabel = record.IdentifierKind == PersonIdentifierKind.Passport
                ? text["ApplicationForm_PassportLabel", record.IdentifierCountry]
                : text[$"IdentifierKind_{record.IdentifierKind}"],
            IdentifierNumber = record.IdentifierNumber,
            GivenName = record.GivenName,
            Surname = record.Surname,
            Title = record.Title,
            Position = record.Position,
            CorporateEmail = record.CorporateEmail,
            MobilePhone = Display(application.MobilePhone!),
            Province = province,
            District = application.District ?? string.Empty,
            AddressLine = application.AddressLine ?? string.Empty,
            PostalCode = application.PostalCode,
            SecurityWord = securityWord,
            PublishCertificate = application.PublishConsent ?? false,
            Payment = payment,
            RepeatReason = application.RepeatReason,
            CreatedAt = now,
        };
    }

    /// <summary>The whole number as the applicant wrote it on their own form: "0532 123 45 67".</summary>
    internal static string Display(string normalized) =>
        $"0{normalized[3..6]} {normalized[6..9]} {normalized[9..11]} {normalized[11..]}";
}
