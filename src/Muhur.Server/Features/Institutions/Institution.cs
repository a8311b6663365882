using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Institutions;

/// <summary>An institution that orders certificates for its staff (e.g. a university).</summary>
internal sealed class Institution
{
    private Institution(Guid id, string code, string name, DateTimeOffset createdAt)
    {
        Id = id;
        Code = code;
        Name = name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    /// <summary>Short upper-case code, e.g. ORNEK-UNI.</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The letterhead of the cover letter (R-APP-9) and where the institution is told (R-X-2); optional.</summary>
    public string? PostalAddress { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public void SetContact(string? postalAddress, string? phone, string? email)
    {
        PostalAddress = string.IsNullOrWhiteSpace(postalAddress) ? null : postalAddress.Trim();
        Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
    }

    /// <summary>Creates an institution together with its copy of the default positions table (R-ELIG-1).</summary>
    public static (Institution Institution, IReadOnlyList<Position> Positions) Create(string code, string name, DateTimeOffset now)
    {
        var institution = new Institution(Guid.CreateVersion7(now), code, name, now);
        var positions = DefaultPositions.All
            .Select(p => new Position(Guid.CreateVersion7(now), institution.Id, p.Name, p.Category))
            .ToList();
        return (institution, positions);
    }
}

internal sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> builder) => builder.ToTable("institutions");
}
