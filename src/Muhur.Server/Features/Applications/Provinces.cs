namespace Muhur.Server.Features.Applications;

/// <summary>A province (il) with its official code: the licence-plate number, also the first two digits of its postal codes.</summary>
internal sealed record Province(int Code, string Name);

/// <summary>Türkiye's 81 provinces (R-APP-4: the delivery address), by their official codes.</summary>
internal static class Provinces
{
    public static IReadOnlyList<Province> All { get; } =
    [
        new(1, "Adana"), new(2, "Adıyaman"), new(3, "Afyonkarahisar"), new(4, "Ağrı"), new(5, "Amasya"), new(6, "Ankara"),
        new(7, "Antalya"), new(8, "Artvin"), new(9, "Aydın"), new(10, "Balıkesir"), new(11, "Bilecik"), new(12, "Bingöl"),
        new(13, "Bitlis"), new(14, "Bolu"), new(15, "Burdur"), new(16, "Bursa"), new(17, "Çanakkale"), new(18, "Çankırı"),
        new(19, "Çorum"), new(20, "Denizli"), new(21, "Diyarbakır"), new(22, "Edirne"), new(23, "Elazığ"), new(24, "Erzincan"),
        new(25, "Erzurum"), new(26, "Eskişehir"), new(27, "Gaziantep"), new(28, "Giresun"), new(29, "Gümüşhane"), new(30, "Hakkari"),
        new(31, "Hatay"), new(32, "Isparta"), new(33, "Mersin"), new(34, "İstanbul"), new(35, "İzmir"), new(36, "Kars"),
        new(37, "Kastamonu"), new(38, "Kayseri"), new(39, "Kırklareli"), new(40, "Kırşehir"), new(41, "Kocaeli"), new(42, "Konya"),
        new(43, "Kütahya"), new(44, "Malatya"), new(45, "Manisa"), new(46, "Kahramanmaraş"), new(47, "Mardin"), new(48, "Muğla"),
        new(49, "Muş"), new(50, "Nevşehir"), new(51, "Niğde"), new(52, "Ordu"), new(53, "Rize"), new(54, "Sakarya"),
        new(55, "Samsun"), new(56, "Siirt"), new(57, "Sinop"), new(58, "Sivas"), new(59, "Tekirdağ"), new(60, "Tokat"),
        new(61, "Trabzon"), new(62, "Tunceli"), new(63, "Şanlıurfa"), new(64, "Uşak"), new(65, "Van"), new(66, "Yozgat"),
        new(67, "Zonguldak"), new(68, "Aksaray"), new(69, "Bayburt"), new(70, "Karaman"), new(71, "Kırıkkale"), new(72, "Batman"),
        new(73, "Şırnak"), new(74, "Bartın"), new(75, "Ardahan"), new(76, "Iğdır"), new(77, "Yalova"), new(78, "Karabük"),
        new(79, "Kilis"), new(80, "Osmaniye"), new(81, "Düzce"),
    ];

    public static Province? ByCode(int code) => code is >= 1 and <= 81 ? All[code - 1] : null;

    /// <summary>Turkish postal codes are five digits, the first two the province's code (PTT's scheme).</summary>
    public static bool IsPostalCodeOf(string? postalCode, Province province) =>
        postalCode is { Length: 5 } && postalCode.All(char.IsAsciiDigit) && int.Parse(postalCode.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture) == province.Code;
}
