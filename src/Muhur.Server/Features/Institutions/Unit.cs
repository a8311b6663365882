using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Institutions;

/// <summary>A unit of an institution (faculty, department) that asks for e-signatures for its staff.</summary>
internal sealed class Unit(Guid id, Guid institutionId, string name)
{
    public Guid Id { get; private set; } = id;

    public Guid InstitutionId { get; private set; } = institutionId;

    public string Name { get; private set; } = name;
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder) => builder.ToTable("units");
}
