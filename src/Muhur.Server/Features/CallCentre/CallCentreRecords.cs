using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.CallCentre;

/// <summary>
/// One identity check of a caller for one registration of the identifier they gave (R-APP-11, R-LOST-1;
/// <c>caller_identity_checks</c>, migration 0009). <see cref="Questions"/> says which questions were asked and whether
/// each matched, never what was typed or stored.
/// </summary>
internal sealed class CallerIdentityCheck
{
    private CallerIdentityCheck()
    {
        CheckedBy = Questions = string.Empty;
    }

    public long Id { get; private set; }

    public Guid PersonId { get; private set; }

    public string CheckedBy { get; private set; }

    public DateTimeOffset CheckedAt { get; private set; }

    public bool Matched { get; private set; }

    public string Questions { get; private set; }

    public static CallerIdentityCheck Record(Guid personId, string agent, DateTimeOffset now, bool matched, string questions) => new()
    {
        PersonId = personId,
        CheckedBy = agent,
        CheckedAt = now,
        Matched = matched,
        Questions = questions,
    };
}

/// <summary>What a change request changes (the CHECK of <c>person_change_requests.kind</c>).</summary>
internal enum PersonChangeKind
{
    Surname,
    Institution,
}

/// <summary>A request to change a holder's surname or institution, with its evidence and the agent (R-APP-11).</summary>
internal sealed class PersonChangeRequest
{
    private PersonChangeRequest()
    {
        OldValue = NewValue = Evidence = RecordedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid PersonId { get; private set; }

    public PersonChangeKind Kind { get; private set; }

    public string OldValue { get; private set; }

    public string NewValue { get; private set; }

    public string Evidence { get; private set; }

    public bool NeedsNewCertificate { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public string RecordedBy { get; private set; }

    public static PersonChangeRequest Record(
        Guid personId, PersonChangeKind kind, string oldValue, string newValue, string evidence, bool needsNewCertificate, string agent, DateTimeOffset now) => new()
        {
            Id = Guid.CreateVersion7(now),
            PersonId = personId,
            Kind = kind,
            OldValue = oldValue,
            NewValue = newValue,
            Evidence = evidence,
            NeedsNewCertificate = needsNewCertificate,
            RecordedAt = now,
            RecordedBy = agent,
        };
}

internal sealed class CallerIdentityCheckConfiguration : IEntityTypeConfiguration<CallerIdentityCheck>
{
    public void Configure(EntityTypeBuilder<CallerIdentityCheck> builder)
    {
        builder.ToTable("caller_identity_checks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
    }
}

internal sealed class PersonChangeRequestConfiguration : IEntityTypeConfiguration<PersonChangeRequest>
{
    public void Configure(EntityTypeBuilder<PersonChangeRequest> builder)
    {
        builder.ToTable("person_change_requests");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kind).HasConversion<string>();
    }
}
