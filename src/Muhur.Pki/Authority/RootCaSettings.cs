namespace Muhur.Pki.Authority;

public sealed record RootCaSettings
{
    public CaSubjectName Subject { get; init; } = CaSubjectName.DefaultRoot;

    public int ValidityYears { get; init; } = 20;
}
