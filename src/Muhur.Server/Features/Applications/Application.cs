using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Applications;

/// <summary>
/// An application for a qualified certificate (R-APP-1 … R-APP-10): a person's, through their institution, of one
/// kind, paid by the institution or the person with the reason decided (R-ELIG-5). Its state changes only through
/// <see cref="Apply"/>, which <see cref="ChangeApplicationState"/> calls with the audit entry beside it.
/// </summary>
internal sealed class Application
{
    private Application()
    {
        EligibilityDecidedBy = CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid PersonId { get; private set; }

    public Guid InstitutionId { get; private set; }

    public ApplicationKind Kind { get; private set; }

    public PaymentMode Payment { get; private set; }

    public EligibilityReason EligibilityReason { get; private set; }

    /// <summary>The position the decision rests on, as the table named it then.</summary>
    public string? EligibilityPosition { get; private set; }

    public string EligibilityDecidedBy { get; private set; }

    /// <summary>Chosen after the phone approval (R-APP-6); null until then.</summary>
    public SigningMethod? SigningMethod { get; private set; }

    public ApplicationState State { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>R-APP-1: the access password's hash (<see cref="AccessPassword"/>); null until one is sent.</summary>
    public string? AccessPasswordHash { get; private set; }

    public DateTimeOffset? AccessPasswordExpiresAt { get; private set; }

    public DateTimeOffset? AccessPasswordSentAt { get; private set; }

    /// <summary>R-APP-4: the form's mobile number (+905…), as the applicant confirmed it.</summary>
    public string? MobilePhone { get; private set; }

    /// <summary>The delivery address: the province's plate code (<see cref="Provinces"/>), district, open address, postal code.</summary>
    public short? ProvinceCode { get; private set; }

    public string? District { get; private set; }

    public string? AddressLine { get; private set; }

    public string? PostalCode { get; private set; }

    /// <summary>The security word, only as a slow salted hash (R-APP-4; it opens the online operations, R-OPS-1).</summary>
    public string? SecurityWordHash { get; private set; }

    /// <summary>"Sertifikam internetten yayınlansın".</summary>
    public bool? PublishConsent { get; private set; }

    /// <summary>For a renewal or a lost, stolen or faulty card: why the applicant applies again.</summary>
    public string? RepeatReason { get; private set; }

    public DateTimeOffset? FormConfirmedAt { get; private set; }

    /// <summary>R-CARD-1: the card made for this application, set together with <see cref="ApplicationEvent.ProduceCard"/>.</summary>
    public string? CardSerial { get; private set; }

    /// <summary>R-APP-1: a new password replaces the stored hash, so the previous one stops working.</summary>
    public void SetAccessPassword(string passwordHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        AccessPasswordHash = passwordHash;
        AccessPasswordSentAt = now;
        AccessPasswordExpiresAt = now + AccessPassword.Lifetime;
        UpdatedAt = now;
    }

    /// <summary>
    /// R-APP-1, R-APP-2: the access password opens the form while it is unexpired and the application still takes
    /// the applicant's login (until the form is signed).
    /// </summary>
    public bool AcceptsAccessPassword(string? typed, DateTimeOffset now) =>
        ApplicationStateRules.AcceptsApplicantLogin(State)
        && AccessPasswordHash is not null
        && AccessPasswordExpiresAt > now
        && AccessPassword.Matches(typed, AccessPasswordHash);

    /// <summary>
    /// R-APP-11: the read-only status login after the form is signed. The password's 30-day expiry is the form's
    /// (an unused password must not wait long); the status is looked up for weeks after, until the card is delivered,
    /// so here the password opens the status for as long as <see cref="ApplicationStateRules.AcceptsStatusLogin"/> says.
    /// </summary>
    public bool AcceptsStatusPassword(string? typed, DateTimeOffset now) =>
        ApplicationStateRules.AcceptsStatusLogin(State, UpdatedAt, now)
        && AccessPasswordHash is not null
        && AccessPassword.Matches(typed, AccessPasswordHash);

    /// <summary>
    /// R-APP-4: the applicant's part of the form, written with the <see cref="ApplicationEvent.ConfirmForm"/> change
    /// that follows it in the same transaction.
    /// </summary>
    public void FillForm(ApplicationFormFields form, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(form);
        MobilePhone = form.MobilePhone;
        ProvinceCode = form.ProvinceCode;
        District = form.District;
        AddressLine = form.AddressLine;
        PostalCode = form.PostalCode;
        SecurityWordHash = form.SecurityWordHash;
        PublishConsent = form.PublishConsent;
        RepeatReason = form.RepeatReason;
        FormConfirmedAt = now;
        UpdatedAt = now;
    }

    public static (Application Application, ApplicationStateChange Opened) Open(
        Guid personId, Guid institutionId, ApplicationKind kind, EligibilityDecision eligibility, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(eligibility);
        var application = new Application
        {
            Id = Guid.CreateVersion7(now),
            PersonId = personId,
            InstitutionId = institutionId,
            Kind = kind,
            Payment = eligibility.Payment,
            EligibilityReason = eligibility.Reason,
            EligibilityPosition = eligibility.PositionName,
            EligibilityDecidedBy = actor,
            State = ApplicationState.Registered,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
        };
        return (application, new ApplicationStateChange(application.Id, null, ApplicationState.Registered, "Open", actor, null, now));
    }

    /// <summary>R-CARD-1: links the produced card; the caller applies <see cref="ApplicationEvent.ProduceCard"/> in the same transaction.</summary>
    public void AttachCard(string cardSerial)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardSerial);
        if (CardSerial is not null)
        {
            throw new InvalidOperationException("The application already has a card.");
        }

        CardSerial = cardSerial;
    }

    /// <summary>Applies <paramref name="event"/> if the state machine allows it; the change to record, or the refusal.</summary>
    public (ApplicationTransition Transition, ApplicationStateChange? Change) Apply(
        ApplicationEvent @event, string actor, string? reason, DateTimeOffset now)
    {
        var transition = ApplicationStateRules.Decide(State, @event);
        if (!transition.Allowed)
        {
            return (transition, null);
        }

        var change = new ApplicationStateChange(Id, State, transition.NewState, @event.ToString(), actor, reason, now);
        SigningMethod = @event switch
        {
            ApplicationEvent.PrintWetForm => Applications.SigningMethod.WetSigned,
            ApplicationEvent.ESign => Applications.SigningMethod.ESigned,
            ApplicationEvent.EApprove => Applications.SigningMethod.EOnay,

            // A corrected form is signed again, by whichever method the applicant then chooses.
            ApplicationEvent.ConfirmForm => null,
            _ => SigningMethod,
        };
        State = transition.NewState;
        UpdatedAt = now;
        return (transition, change);
    }
}

/// <summary>The applicant's part of the form (R-APP-4), checked before it gets here; the security word already hashed.</summary>
internal sealed record ApplicationFormFields(
    string MobilePhone,
    short ProvinceCode,
    string District,
    string AddressLine,
    string PostalCode,
    string SecurityWordHash,
    bool PublishConsent,
    string? RepeatReason);

/// <summary>One change of an application's state: the history that status enquiries show (R-APP-11).</summary>
internal sealed class ApplicationStateChange(
    Guid applicationId, ApplicationState? fromState, ApplicationState toState, string @event, string actor, string? reason, DateTimeOffset changedAt)
{
    public long Id { get; private set; }

    public Guid ApplicationId { get; private set; } = applicationId;

    public ApplicationState? FromState { get; private set; } = fromState;

    public ApplicationState ToState { get; private set; } = toState;

    public string Event { get; private set; } = @event;

    public string Actor { get; private set; } = actor;

    public string? Reason { get; private set; } = reason;

    public DateTimeOffset ChangedAt { get; private set; } = changedAt;
}

/// <summary>A mail domain of an institution: its people's corporate addresses must be in one (R-APP-1).</summary>
internal sealed class InstitutionMailDomain(Guid institutionId, string domain)
{
    public Guid InstitutionId { get; private set; } = institutionId;

    public string Domain { get; private set; } = domain;
}

internal sealed class ApplicationConfiguration :
    IEntityTypeConfiguration<Application>, IEntityTypeConfiguration<ApplicationStateChange>, IEntityTypeConfiguration<InstitutionMailDomain>
{
    public void Configure(EntityTypeBuilder<Application> builder) => builder.ToTable("applications");

    public void Configure(EntityTypeBuilder<ApplicationStateChange> builder)
    {
        builder.ToTable("application_state_changes");
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();

        // Known to EF so that an application is inserted before its first history row.
        builder.HasOne<Application>().WithMany().HasForeignKey(c => c.ApplicationId);
    }

    public void Configure(EntityTypeBuilder<InstitutionMailDomain> builder)
    {
        builder.ToTable("institution_mail_domains");
        builder.HasKey(d => new { d.InstitutionId, d.Domain });
    }
}
