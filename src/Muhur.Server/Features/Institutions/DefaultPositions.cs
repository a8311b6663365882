namespace Muhur.Server.Features.Institutions;

/// <summary>
/// R-ELIG-1: the seed's Table 1 ("E-imza Temin Edilebilecek Kişiler/Görevler"), the positions whose
/// holders get an institution-paid e-signature. Every new institution starts with this table and may
/// edit it.
/// </summary>
internal static class DefaultPositions
{
    public static IReadOnlyList<(string Name, PositionCategory Category)> All { get; } =
    [
        ("Rektör", PositionCategory.Academic),
        ("Rektör Yardımcısı", PositionCategory.Academic),
        ("Dekan", PositionCategory.Academic),
        ("Dekan Yardımcısı", PositionCategory.Academic),
        ("Koordinatör", PositionCategory.Academic),
        ("Koordinatör Yardımcısı", PositionCategory.Academic),
        ("Merkez Müdürü", PositionCategory.Academic),
        ("Merkez Müdürü Yardımcısı", PositionCategory.Academic),
        ("Bölüm Başkanı", PositionCategory.Academic),
        ("Bölüm Başkan Yardımcısı", PositionCategory.Academic),
        ("Anabilim Dalı Başkanı", PositionCategory.Academic),
        ("Genel Sekreter", PositionCategory.Administrative),
        ("Genel Sekreter Yardımcısı", PositionCategory.Administrative),
        ("Daire Başkanı", PositionCategory.Administrative),
        ("Hukuk Müşaviri", PositionCategory.Administrative),
        ("Fakülte Sekreteri", PositionCategory.Administrative),
        ("Hastane Başmüdürü", PositionCategory.Administrative),
        ("Hastane Müdürü", PositionCategory.Administrative),
        ("Hastane Müdür Yardımcısı", PositionCategory.Administrative),
        ("İç Denetçi", PositionCategory.Administrative),
        ("KEP Genel Evrak Sorumlusu", PositionCategory.Administrative),
        ("Avukat", PositionCategory.Administrative),
    ];
}
