using System.Formats.Asn1;

namespace Muhur.Pki.Signatures;

/// <summary>
/// The value of a CMS signing-time attribute (RFC 5652 §11.3): <c>SigningTime ::= Time</c>, a UTCTime or a
/// GeneralizedTime. Decoded here rather than through <c>Pkcs9SigningTime</c>, which throws on a time that does not
/// exist (month 13) when it is read; an uploaded signature is anyone's bytes.
/// </summary>
public static class CmsSigningTime
{
    /// <summary>Decodes one attribute value; false when it is not exactly one valid DER Time.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> encodedValue, out DateTimeOffset signingTime)
    {
        signingTime = default;
        try
        {
            var reader = new AsnReader(encodedValue, AsnEncodingRules.DER);
            var tag = reader.PeekTag();
            if (tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.UtcTime)))
            {
                signingTime = reader.ReadUtcTime();
            }
            else if (tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.GeneralizedTime)))
            {
                signingTime = reader.ReadGeneralizedTime();
            }
            else
            {
                return false;
            }

            reader.ThrowIfNotEmpty();
            signingTime = signingTime.ToUniversalTime();
            return true;
        }
        catch (AsnContentException)
        {
            signingTime = default;
            return false;
        }
    }
}
