using System.Formats.Asn1;
using System.Text;

namespace Muhur.Pki.Tests.Support;

/// <summary>
/// An independent reading of the RFC 5280 Appendix A.1 ASN.1 module, as a strict decoder applies it: every
/// AttributeTypeAndValue of every Name in a certificate (issuer, subject), a CRL (issuer) or an OCSP response
/// (responderID byName, the certificates it carries) against its type and SIZE constraint. It shares no code with
/// Muhur.Pki's own check, so it catches that check being wrong too. Returns the violations; none means conforming.
/// </summary>
public static class Rfc5280NameChecker
{
    private const int UbName = 32768;

    // Attribute type → (name, allowed string types, minimum, maximum), as the X520* definitions of Appendix A.1 say.
    private static readonly Dictionary<string, (string Name, UniversalTagNumber[] Types, int Min, int Max)> Constraints = new()
    {
        ["2.5.4.41"] = ("name", DirectoryString, 1, UbName),
        ["2.5.4.4"] = ("surname", DirectoryString, 1, UbName),
        ["2.5.4.42"] = ("givenName", DirectoryString, 1, UbName),
        ["2.5.4.43"] = ("initials", DirectoryString, 1, UbName),
        ["2.5.4.44"] = ("generationQualifier", DirectoryString, 1, UbName),
        ["2.5.4.3"] = ("commonName", DirectoryString, 1, 64),
        ["2.5.4.7"] = ("localityName", DirectoryString, 1, 128),
        ["2.5.4.8"] = ("stateOrProvinceName", DirectoryString, 1, 128),
        ["2.5.4.10"] = ("organizationName", DirectoryString, 1, 64),
        ["2.5.4.11"] = ("organizationalUnitName", DirectoryString, 1, 64),
        ["2.5.4.12"] = ("title", DirectoryString, 1, 64),
        ["2.5.4.65"] = ("pseudonym", DirectoryString, 1, 128),
        ["2.5.4.46"] = ("dnQualifier", [UniversalTagNumber.PrintableString], 0, int.MaxValue),
        ["2.5.4.6"] = ("countryName", [UniversalTagNumber.PrintableString], 2, 2),
        ["2.5.4.5"] = ("serialNumber", [UniversalTagNumber.PrintableString], 1, 64),
        ["0.9.2342.19200300.100.1.25"] = ("domainComponent", [UniversalTagNumber.IA5String], 0, int.MaxValue),
        ["1.2.840.113549.1.9.1"] = ("emailAddress", [UniversalTagNumber.IA5String], 1, 255),
    };

    private static UniversalTagNumber[] DirectoryString =>
    [
        UniversalTagNumber.T61String, UniversalTagNumber.PrintableString, UniversalTagNumber.UniversalString,
        UniversalTagNumber.UTF8String, UniversalTagNumber.BMPString,
    ];

    /// <summary>Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version, serial, signature, issuer, validity, subject, … } … }.</summary>
    public static List<string> CheckCertificate(ReadOnlyMemory<byte> certificate)
    {
        AsnReader tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            tbs.ReadEncodedValue();
        }

        tbs.ReadEncodedValue(); // serialNumber
        tbs.ReadEncodedValue(); // signature
        ReadOnlyMemory<byte> issuer = tbs.ReadEncodedValue();
        tbs.ReadEncodedValue(); // validity
        ReadOnlyMemory<byte> subject = tbs.ReadEncodedValue();
        return [.. CheckName(issuer, "issuer"), .. CheckName(subject, "subject")];
    }

    /// <summary>CertificateList ::= SEQUENCE { tbsCertList SEQUENCE { version, signature, issuer, … } … }.</summary>
    public static List<string> CheckCrl(ReadOnlyMemory<byte> crl)
    {
        AsnReader tbs = new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            tbs.ReadEncodedValue();
        }

        tbs.ReadEncodedValue(); // signature
        return CheckName(tbs.ReadEncodedValue(), "CRL issuer");
    }

    /// <summary>
    /// OCSPResponse → BasicOCSPResponse (RFC 6960 §4.2.1): responderID byName [1] if used, and every certificate in certs [0].
    /// Counts the names it checked in <paramref name="namesChecked"/>, so a caller can tell it looked at something.
    /// </summary>
    public static List<string> CheckOcspResponse(ReadOnlyMemory<byte> response, out int namesChecked)
    {
        var violations = new List<string>();
        namesChecked = 0;
        AsnReader outer = new AsnReader(response, AsnEncodingRules.DER).ReadSequence();
        outer.ReadEnumeratedBytes();
        AsnReader responseBytes = outer.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        responseBytes.ReadObjectIdentifier();
        AsnReader basic = new AsnReader(responseBytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
        AsnReader data = basic.ReadSequence();
        if (data.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            data.ReadEncodedValue();
        }

        if (data.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            violations.AddRange(CheckName(data.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1)).ReadEncodedValue(), "responderID byName"));
            namesChecked++;
        }

        basic.ReadEncodedValue(); // signatureAlgorithm
        basic.ReadEncodedValue(); // signature
        if (basic.HasData)
        {
            AsnReader certs = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            while (certs.HasData)
            {
                violations.AddRange(CheckCertificate(certs.ReadEncodedValue()).Select(v => "certs: " + v));
                namesChecked += 2;
            }
        }

        return violations;
    }

    /// <summary>Name ::= RDNSequence; RDNSequence ::= SEQUENCE OF SET SIZE (1..MAX) OF AttributeTypeAndValue.</summary>
    public static List<string> CheckName(ReadOnlyMemory<byte> name, string where)
    {
        var violations = new List<string>();
        AsnReader rdns = new AsnReader(name, AsnEncodingRules.DER).ReadSequence();
        while (rdns.HasData)
        {
            AsnReader set = rdns.ReadSetOf();
            if (!set.HasData)
            {
                violations.Add($"{where}: empty RDN");
            }

            while (set.HasData)
            {
                AsnReader attribute = set.ReadSequence();
                string oid = attribute.ReadObjectIdentifier();
                Asn1Tag tag = attribute.PeekTag();
                if (!Constraints.TryGetValue(oid, out var constraint))
                {
                    violations.Add($"{where}: attribute {oid} has no constraint here");
                    attribute.ReadEncodedValue();
                    continue;
                }

                var type = (UniversalTagNumber)tag.TagValue;
                if (tag.TagClass != TagClass.Universal || !constraint.Types.Contains(type) ||
                    !attribute.TryReadPrimitiveCharacterStringBytes(new Asn1Tag(type), out ReadOnlyMemory<byte> contents))
                {
                    violations.Add($"{where}: {constraint.Name} is encoded as {tag}, not one of {string.Join(", ", constraint.Types)}");
                    continue;
                }

                int? length = Characters(type, contents.Span);
                if (length is null)
                {
                    violations.Add($"{where}: {constraint.Name} has characters outside {type}");
                }
                else if (length < constraint.Min || length > constraint.Max)
                {
                    violations.Add($"{where}: {constraint.Name} has {length} characters, SIZE ({constraint.Min}..{constraint.Max})");
                }
            }
        }

        return violations;
    }

    // Characters as the SIZE constraint counts them, per string type; null if the octets are not of that type.
    private static int? Characters(UniversalTagNumber type, ReadOnlySpan<byte> contents)
    {
        switch (type)
        {
            case UniversalTagNumber.UTF8String:
                try
                {
                    string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(contents);
                    return text.EnumerateRunes().Count();
                }
                catch (DecoderFallbackException)
                {
                    return null;
                }

            case UniversalTagNumber.BMPString:
                return contents.Length % 2 == 0 ? contents.Length / 2 : null;
            case UniversalTagNumber.UniversalString:
                return contents.Length % 4 == 0 ? contents.Length / 4 : null;
            case UniversalTagNumber.PrintableString:
                foreach (byte b in contents)
                {
                    if (!(char.IsAsciiLetterOrDigit((char)b) || " '()+,-./:=?".Contains((char)b, StringComparison.Ordinal)))
                    {
                        return null;
                    }
                }

                return contents.Length;
            case UniversalTagNumber.IA5String:
                return contents.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 ? null : contents.Length;
            default:
                return contents.Length;
        }
    }
}
