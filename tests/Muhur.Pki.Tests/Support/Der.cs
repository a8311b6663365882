using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Muhur.Pki.Tests.Support;

public sealed record RdnValue(string Oid, UniversalTagNumber Tag, string Value);

/// <summary>Independent DER readers, so tests check the encoding rather than trust the code that wrote it.</summary>
public static class Der
{
    public static List<RdnValue> ReadName(X500DistinguishedName name) => ReadName(name.RawData);

    public static List<RdnValue> ReadName(ReadOnlyMemory<byte> encoded)
    {
        var result = new List<RdnValue>();
        AsnReader rdns = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence();
        while (rdns.HasData)
        {
            AsnReader set = rdns.ReadSetOf();
            while (set.HasData)
            {
                AsnReader attribute = set.ReadSequence();
                string oid = attribute.ReadObjectIdentifier();
                Asn1Tag tag = attribute.PeekTag();
                var universal = (UniversalTagNumber)tag.TagValue;
                result.Add(new RdnValue(oid, universal, attribute.ReadCharacterString(universal)));
            }
        }

        return result;
    }

    public static X509Extension Extension(X509Certificate2 certificate, string oid) =>
        certificate.Extensions[oid] ?? throw new Xunit.Sdk.XunitException($"Extension {oid} is missing.");

    /// <summary>
    /// The URIs of a CRLDistributionPoints value (RFC 5280 §4.2.1.13), the syntax freshestCRL shares (§4.2.1.15):
    /// SEQUENCE OF DistributionPoint { [0] distributionPoint { [0] fullName GeneralNames { [6] URI } } }.
    /// </summary>
    public static List<string> DistributionPointUris(ReadOnlyMemory<byte> value)
    {
        var uris = new List<string>();
        AsnReader points = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        while (points.HasData)
        {
            AsnReader point = points.ReadSequence();
            AsnReader fullName = point.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0))
                .ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            while (fullName.HasData)
            {
                uris.Add(fullName.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
            }
        }

        return uris;
    }

    public static byte[] Pem(string label, byte[] der) =>
        System.Text.Encoding.ASCII.GetBytes(System.Security.Cryptography.PemEncoding.WriteString(label, der) + "\n");
}
