using System.Collections.Frozen;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Names;

/// <summary>
/// The one check every name we write goes through: each attribute of a CA, OCSP responder or holder name against
/// its RFC 5280 Appendix A.1 syntax and upper bound (ub-common-name 64, ub-organization-name 64, ub-serial-number
/// 64, ub-name 32768, countryName PrintableString SIZE (2), …). Strict decoders reject a certificate, CRL or OCSP
/// response whose names break these bounds, so a name that breaks one is refused before anything is signed.
/// </summary>
/// <remarks>
/// A SIZE constraint on a restricted character string type counts characters, not octets (X.680): for a UTF8String a character
/// is a Unicode scalar value, so "ş" counts once although it takes two octets. Values must be in NFC, which every
/// Turkish letter has a precomposed form in (a decomposed "İ" would count twice and compare unequal to the register's
/// spelling). We write DirectoryString as UTF8String (RFC 5280 §4.1.2.6) or PrintableString, one attribute per RDN.
/// </remarks>
public static class DirectoryStringBounds
{
    // RFC 5280 Appendix A.1, upper bounds.
    public const int UbName = 32768;
    public const int UbCommonName = 64;
    public const int UbLocalityName = 128;
    public const int UbStateName = 128;
    public const int UbOrganizationName = 64;
    public const int UbOrganizationalUnitName = 64;
    public const int UbTitle = 64;
    public const int UbSerialNumber = 64;
    public const int UbPseudonym = 128;
    public const int UbEmailAddressLength = 255;

    private static readonly FrozenDictionary<string, Rule> Rules = new Dictionary<string, Rule>
    {
        [PkiOids.Name] = new("name", Syntax.DirectoryString, UbName),
        [PkiOids.Surname] = new("surname", Syntax.DirectoryString, UbName),
        [PkiOids.GivenName] = new("givenName", Syntax.DirectoryString, UbName),
        [PkiOids.Initials] = new("initials", Syntax.DirectoryString, UbName),
        [PkiOids.GenerationQualifier] = new("generationQualifier", Syntax.DirectoryString, UbName),
        [PkiOids.CommonName] = new("commonName", Syntax.DirectoryString, UbCommonName),
        [PkiOids.LocalityName] = new("localityName", Syntax.DirectoryString, UbLocalityName),
        [PkiOids.StateOrProvinceName] = new("stateOrProvinceName", Syntax.DirectoryString, UbStateName),
        [PkiOids.OrganizationName] = new("organizationName", Syntax.DirectoryString, UbOrganizationName),
        [PkiOids.OrganizationalUnitName] = new("organizationalUnitName", Syntax.DirectoryString, UbOrganizationalUnitName),
        [PkiOids.Title] = new("title", Syntax.DirectoryString, UbTitle),
        [PkiOids.Pseudonym] = new("pseudonym", Syntax.DirectoryString, UbPseudonym),
        [PkiOids.SerialNumber] = new("serialNumber", Syntax.PrintableString, UbSerialNumber),
        [PkiOids.DnQualifier] = new("dnQualifier", Syntax.PrintableString, int.MaxValue),
        [PkiOids.CountryName] = new("countryName", Syntax.CountryCode, 2),
        [PkiOids.EmailAddress] = new("emailAddress", Syntax.Ia5String, UbEmailAddressLength),
        [PkiOids.DomainComponent] = new("domainComponent", Syntax.Ia5String, int.MaxValue),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private enum Syntax
    {
        DirectoryString,
        PrintableString,

        /// <summary>X.520 CountryName: PrintableString (SIZE (2)), an ISO 3166 alpha-2 code.</summary>
        CountryCode,
        Ia5String,
    }

    /// <summary>The upper bound, in characters, of an attribute type we know.</summary>
    public static int UpperBound(string attributeOid) => RuleFor(attributeOid).MaxLength;

    /// <summary>Characters as ASN.1 SIZE counts them in a UTF8String: Unicode scalar values (not UTF-8 octets).</summary>
    public static int CountCharacters(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int count = 0;
        ReadOnlySpan<char> rest = value;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                throw new NonConformingNameException("The value is not well-formed UTF-16 (a lone surrogate).");
            }

            rest = rest[consumed..];
            count++;
        }

        return count;
    }

    /// <summary>Refuses a value that the attribute's RFC 5280 Appendix A.1 definition does not allow in this encoding.</summary>
    public static void Check(string attributeOid, string value, UniversalTagNumber encoding)
    {
        ArgumentNullException.ThrowIfNull(value);
        Rule rule = RuleFor(attributeOid);
        bool encodingAllowed = rule.Syntax switch
        {
            Syntax.DirectoryString => encoding is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString,
            Syntax.PrintableString or Syntax.CountryCode => encoding is UniversalTagNumber.PrintableString,
            _ => encoding is UniversalTagNumber.IA5String,
        };
        if (!encodingAllowed)
        {
            throw new NonConformingNameException($"{rule.Name} must not be written as {encoding} (RFC 5280 Appendix A.1).");
        }

        bool charactersAllowed = encoding switch
        {
            UniversalTagNumber.PrintableString => value.All(IsPrintable),
            UniversalTagNumber.IA5String => value.All(char.IsAscii),
            _ => value.IsNormalized(NormalizationForm.FormC) && !value.Any(char.IsControl),
        };
        if (!charactersAllowed)
        {
            throw new NonConformingNameException(encoding == UniversalTagNumber.UTF8String
                ? $"{rule.Name} must be in Unicode NFC without control characters."
                : $"{rule.Name} has characters outside {encoding} (X.680).");
        }

        int length = CountCharacters(value);
        int minimum = rule.Syntax == Syntax.CountryCode ? 2 : 1;
        if (length < minimum || length > rule.MaxLength)
        {
            throw new NonConformingNameException(
                $"{rule.Name} has {length} characters; RFC 5280 Appendix A.1 allows {minimum} to {rule.MaxLength}.");
        }

        if (rule.Syntax == Syntax.CountryCode && !value.All(char.IsAsciiLetterUpper))
        {
            throw new NonConformingNameException("countryName must be an ISO 3166 alpha-2 code.");
        }
    }

    /// <summary>Checks every attribute of an encoded Name (RFC 5280 §4.1.2.4) and returns it unchanged.</summary>
    public static X500DistinguishedName EnsureConforming(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            AsnReader rdns = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
            while (rdns.HasData)
            {
                AsnReader set = rdns.ReadSetOf();
                AsnReader attribute = set.ReadSequence();
                if (set.HasData)
                {
                    throw new NonConformingNameException("We write one attribute per RDN; this name has a multi-valued RDN.");
                }

                string oid = attribute.ReadObjectIdentifier();
                Asn1Tag tag = attribute.PeekTag();
                if (tag.TagClass != TagClass.Universal)
                {
                    throw new NonConformingNameException($"Attribute {oid} is not a universal string type.");
                }

                var encoding = (UniversalTagNumber)tag.TagValue;
                Check(oid, attribute.ReadCharacterString(encoding), encoding);
                attribute.ThrowIfNotEmpty();
            }
        }
        catch (AsnContentException ex)
        {
            throw new NonConformingNameException("The name is not a DER RDNSequence of string attributes.", ex);
        }

        return name;
    }

    private static Rule RuleFor(string attributeOid)
    {
        ArgumentNullException.ThrowIfNull(attributeOid);
        return Rules.TryGetValue(attributeOid, out Rule? rule)
            ? rule
            : throw new NonConformingNameException($"No RFC 5280 Appendix A.1 rule is known for attribute {attributeOid}.");
    }

    // X.680: the PrintableString character set.
    private static bool IsPrintable(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ' ' or '\'' or '(' or ')' or '+' or ',' or '-' or '.' or '/' or ':' or '=' or '?';

    private sealed record Rule(string Name, Syntax Syntax, int MaxLength);
}
