using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Institutions;

/// <summary>Academic or administrative, as the two columns of the seed's Table 1.</summary>
internal enum PositionCategory
{
    Academic,
    Administrative,
}

/// <summary>A row of an institution's positions table (R-ELIG-1).</summary>
internal sealed class Position(Guid id, Guid institutionId, string name, PositionCategory category)
{
    public Guid Id { get; private set; } = id;

    public Guid InstitutionId { get; private set; } = institutionId;

    public string Name { get; private set; } = name;

    public PositionCategory Category { get; private set; } = category;

    /// <summary>Whether holders of this position get an institution-paid e-signature.</summary>
    public bool IsEligible { get; private set; } = true;

    public void SetEligible(bool eligible) => IsEligible = eligible;
}

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> builder) => builder.ToTable("positions");
}
