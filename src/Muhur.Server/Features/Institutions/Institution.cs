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
