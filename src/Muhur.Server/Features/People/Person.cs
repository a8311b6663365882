using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Muhur.Pki.Identity;

namespace Muhur.Server.Features.People;

/// <summary>A person an institution authority has registered (R-APP-1): the future certificate holder.</summary>
internal sealed class Person
{
    private Person()
    {
        IdentifierNumber = IdentifierCountry = GivenName = Surname = CorporateEmail = CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid InstitutionId { get; private set; }

    public Guid? UnitId { get; private set; }

    public Guid? PositionId { get; private set; }

    public PersonIdentifierKind IdentifierKind { get; private set; }

    public string IdentifierNumber { get; private set; }

    public string IdentifierCountry { get; private set; }

    public string GivenName { get; private set; }

    public string Surname { get; private set; }

    /// <summary>Title or position as written by the institution (e.g. "Prof. Dr.", "Şube Müdürü").</summary>
    public string? Title { get; private set; }

    public string CorporateEmail { get; private set; }

    /// <summary>R-APP-1: the mobile number the institution reports (+905…); the applicant confirms it on the form.</summary>
    public string? MobilePhone { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public PersonIdentifier Identifier => PersonIdentifier.FromStored(IdentifierKind, IdentifierNumber, IdentifierCountry);

    public string FullName => $"{GivenName} {Surname}";

    /// <summary>
    /// A new application for someone already registered: the institution's current report of title, position, unit
    /// and contact replaces the old one (the eligibility rests on the position, R-ELIG-5); the name and the
    /// identifier stay as registered.
    /// </summary>
    /// <summary>
    /// R-APP-11: a surname change the call centre recorded with its evidence (<c>person_change_requests</c>). Future
    /// certificates carry the new surname; an issued certificate keeps the name it was signed with.
    /// </summary>
    public void ChangeSurname(string surname) => Surname = surname;

    public void UpdateReport(string? title, string corporateEmail, string? mobilePhone, Guid? unitId, Guid? positionId)
    {
        Title = title;
        CorporateEmail = corporateEmail;
        MobilePhone = mobilePhone ?? MobilePhone;
        UnitId = unitId;
        PositionId = positionId;
    }

    public static Person Create(
        Guid institutionId,
        PersonIdentifier identifier,
        string givenName,
        string surname,
        string? title,
        string corporateEmail,
        Guid? unitId,
        Guid? positionId,
        string createdBy,
        DateTimeOffset now,
        string? mobilePhone = null)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return new Person
        {
            Id = Guid.CreateVersion7(now),
            InstitutionId = institutionId,
            UnitId = unitId,
            PositionId = positionId,
            IdentifierKind = identifier.Kind,
            IdentifierNumber = identifier.Number,
            IdentifierCountry = identifier.Country ?? "TR",
            GivenName = givenName,
            Surname = surname,
            Title = title,
            CorporateEmail = corporateEmail,
            MobilePhone = mobilePhone,
            CreatedBy = createdBy,
            CreatedAt = now,
        };
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("people");
        builder.Ignore(p => p.Identifier);
        builder.Ignore(p => p.FullName);
    }
}
