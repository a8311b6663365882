using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Muhur.Pki.Identity;

/// <summary>The kind of document that identifies a certificate holder.</summary>
public enum PersonIdentifierKind
{
    /// <summary>T.C. Kimlik No of a Turkish citizen.</summary>
    TurkishIdentityNumber,

    /// <summary>Foreigner's identity number (yabancı kimlik numarası), 11 digits starting with 99.</summary>
    ForeignerIdentityNumber,

    /// <summary>A passport number with its issuing country, for foreigners without a Turkish number.</summary>
    Passport,
}

/// <summary>Why an identifier was rejected; the server turns each into a localized message.</summary>
public enum PersonIdentifierError
{
    /// <summary>Nothing was entered.</summary>
    Empty,

    /// <summary>A national number contains something other than digits.</summary>
    NotDigits,

    /// <summary>A national number is not 11 digits long.</summary>
    WrongLength,

    /// <summary>A national number starts with 0.</summary>
    LeadingZero,

    /// <summary>The 10th or 11th digit does not match the checksum.</summary>
    Checksum,

    /// <summary>A passport number is not 5 to 20 letters and digits.</summary>
    PassportFormat,

    /// <summary>The passport's issuing country is not an assigned ISO 3166-1 alpha-2 code.</summary>
    CountryCode,
}

/// <summary>
/// A validated national identifier: what goes into the certificate subject's serialNumber
/// (ETSI EN 319 412-1 §5.1.3) and what the centre uses to find a person.
/// </summary>
public sealed record PersonIdentifier
{
    // ISO 3166-1 alpha-2, the officially assigned codes: the country part of the ETSI EN 319 412-1 §5.1.3
    // "PAS" semantics identifier, which relying parties read as a country.
    private static readonly FrozenSet<string> IsoCountryCodes = """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
        CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO
        FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE
        JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO
        MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
        PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM
        TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    private PersonIdentifier(PersonIdentifierKind kind, string number, string? country)
    {
        Kind = kind;
        Number = number;
        Country = country;
    }

    /// <summary>The kind of document.</summary>
    public PersonIdentifierKind Kind { get; }

    /// <summary>The number, digits only for national numbers, upper-case for passports.</summary>
    public string Number { get; }

    /// <summary>ISO 3166-1 alpha-2 issuing country: "TR" for national numbers, the passport's country otherwise.</summary>
    public string? Country { get; }

    /// <summary>
    /// Parses an 11-digit national number; a number starting with 99 is a foreigner's identity number.
    /// Both use the same checksum (NVİ algorithm).
    /// </summary>
    public static bool TryParseNational(
        string? input,
        [NotNullWhen(true)] out PersonIdentifier? identifier,
        out PersonIdentifierError error)
    {
        identifier = null;
        var value = (input ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            error = PersonIdentifierError.Empty;
            return false;
        }

        if (!value.All(char.IsAsciiDigit))
        {
            error = PersonIdentifierError.NotDigits;
            return false;
        }

        if (value.Length != 11)
        {
            error = PersonIdentifierError.WrongLength;
            return false;
        }

        if (value[0] == '0')
        {
            error = PersonIdentifierError.LeadingZero;
            return false;
        }

        if (!HasValidChecksum(value))
        {
            error = PersonIdentifierError.Checksum;
            return false;
        }

        var kind = value.StartsWith("99", StringComparison.Ordinal)
            ? PersonIdentifierKind.ForeignerIdentityNumber
            : PersonIdentifierKind.TurkishIdentityNumber;
        identifier = new PersonIdentifier(kind, value, "TR");
        error = default;
        return true;
    }

    /// <summary>Parses a passport number (ICAO 9303: letters and digits) with its issuing country.</summary>
    public static bool TryParsePassport(
        string? input,
        string? country,
        [NotNullWhen(true)] out PersonIdentifier? identifier,
        out PersonIdentifierError error)
    {
        identifier = null;
        var value = (input ?? string.Empty).Trim().ToUpperInvariant();
        var countryCode = (country ?? string.Empty).Trim().ToUpperInvariant();
        if (value.Length == 0)
        {
            error = PersonIdentifierError.Empty;
            return false;
        }

        if (value.Length is < 5 or > 20 || !value.All(char.IsAsciiLetterOrDigit))
        {
            error = PersonIdentifierError.PassportFormat;
            return false;
        }

        if (countryCode.Length != 2 || !IsoCountryCodes.Contains(countryCode))
        {
            error = PersonIdentifierError.CountryCode;
            return false;
        }

        identifier = new PersonIdentifier(PersonIdentifierKind.Passport, value, countryCode);
        error = default;
        return true;
    }

    /// <summary>Recreates an identifier read back from storage, validating it again.</summary>
    public static PersonIdentifier FromStored(PersonIdentifierKind kind, string number, string? country)
    {
        PersonIdentifier? identifier;
        PersonIdentifierError error;
        var ok = kind == PersonIdentifierKind.Passport
            ? TryParsePassport(number, country, out identifier, out error)
            : TryParseNational(number, out identifier, out error);
        if (!ok || identifier!.Kind != kind)
        {
            throw new FormatException($"Stored identifier of kind {kind} is invalid ({error}).");
        }

        return identifier;
    }

    /// <summary>
    /// T.C. Kimlik No checksum: d10 = ((d1+d3+d5+d7+d9)·7 − (d2+d4+d6+d8)) mod 10 and
    /// d11 = (d1+…+d10) mod 10.
    /// </summary>
    private static bool HasValidChecksum(string digits)
    {
        Span<int> d = stackalloc int[11];
        for (var i = 0; i < 11; i++)
        {
            d[i] = digits[i] - '0';
        }

        var odd = d[0] + d[2] + d[4] + d[6] + d[8];
        var even = d[1] + d[3] + d[5] + d[7];
        var tenth = (((odd * 7) - even) % 10 + 10) % 10;
        if (tenth != d[9])
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += d[i];
        }

        return sum % 10 == d[10];
    }

    /// <summary>The number with all but the last two characters hidden, for screens and logs (R-X-3).</summary>
    public string Masked => Mask(Number);

    /// <summary>Hides all but the last two characters of an identifier.</summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= 2 ? new string('*', value.Length) : new string('*', value.Length - 2) + value[^2..];
    }

    /// <inheritdoc/>
    public override string ToString() => Kind == PersonIdentifierKind.Passport ? $"{Country}-{Masked}" : Masked;
}
