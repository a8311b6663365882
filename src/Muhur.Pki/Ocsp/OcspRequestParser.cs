using System.Formats.Asn1;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Ocsp;

/// <summary>Parses OCSPRequest DER (RFC 6960 §4.1.1) into slices of the input, turning every defect into a result.</summary>
public static class OcspRequestParser
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);
    private static readonly Asn1Tag Context2 = new(TagClass.ContextSpecific, 2, isConstructed: true);

    public static OcspRequestParseResult Parse(ReadOnlyMemory<byte> der, OcspRequestLimits? limits = null)
    {
        limits ??= OcspRequestLimits.Default;
        if (der.Length == 0)
        {
            return OcspRequestParseResult.Malformed("Empty request.");
        }

        if (der.Length > limits.MaxRequestBytes)
        {
            return OcspRequestParseResult.Malformed($"Request exceeds {limits.MaxRequestBytes} bytes.");
        }

        try
        {
            return ParseCore(der, limits);
        }
        catch (AsnContentException ex)
        {
            return OcspRequestParseResult.Malformed("Invalid DER: " + ex.Message);
        }
        catch (ArgumentException ex)
        {
            // AsnReader reports some structural violations (bad OID encodings, tag misuse) as ArgumentException.
            return OcspRequestParseResult.Malformed("Invalid DER: " + ex.Message);
        }
    }

    private static OcspRequestParseResult ParseCore(ReadOnlyMemory<byte> der, OcspRequestLimits limits)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        AsnReader ocspRequest = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        AsnReader tbs = ocspRequest.ReadSequence();
        if (ocspRequest.HasData)
        {
            // optionalSignature [0]: accepted and ignored, signed requests are not required here.
            ocspRequest.ReadEncodedValue();
            ocspRequest.ThrowIfNotEmpty();
        }

        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Context0))
        {
            AsnReader version = tbs.ReadSequence(Context0);
            if (version.ReadInteger() != 0)
            {
                return OcspRequestParseResult.Malformed("Only OCSP v1 requests exist.");
            }

            version.ThrowIfNotEmpty();
        }

        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Context1))
        {
            tbs.ReadEncodedValue(); // requestorName: informational only.
        }

        AsnReader requestList = tbs.ReadSequence();
        var certIds = new List<OcspCertId>();
        while (requestList.HasData)
        {
            if (certIds.Count == limits.MaxCertIds)
            {
                return OcspRequestParseResult.Malformed($"More than {limits.MaxCertIds} CertIDs.");
            }

            AsnReader request = requestList.ReadSequence();
            certIds.Add(ReadCertId(request.ReadEncodedValue()));
            if (request.HasData)
            {
                request.ReadSequence(Context0); // singleRequestExtensions: none are supported, none are critical to us.
            }

            request.ThrowIfNotEmpty();
        }

        if (certIds.Count == 0)
        {
            return OcspRequestParseResult.Malformed("Empty requestList.");
        }

        ReadOnlyMemory<byte>? nonceValue = null;
        ReadOnlyMemory<byte>? nonce = null;
        if (tbs.HasData)
        {
            AsnReader extensions = tbs.ReadSequence(Context2).ReadSequence();
            while (extensions.HasData)
            {
                AsnReader extension = extensions.ReadSequence();
                string oid = extension.ReadObjectIdentifier();
                if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                {
                    extension.ReadBoolean();
                }

                if (!extension.TryReadPrimitiveOctetString(out ReadOnlyMemory<byte> value))
                {
                    return OcspRequestParseResult.Malformed("Constructed extnValue.");
                }

                extension.ThrowIfNotEmpty();
                if (oid != PkiOids.OcspNonce)
                {
                    continue;
                }

                if (nonceValue is not null)
                {
                    return OcspRequestParseResult.Malformed("Duplicate nonce extension.");
                }

                // RFC 8954 §2.1: the extnValue holds an OCTET STRING of 1..32 octets.
                var inner = new AsnReader(value, AsnEncodingRules.DER);
                if (!inner.TryReadPrimitiveOctetString(out ReadOnlyMemory<byte> nonceOctets))
                {
                    return OcspRequestParseResult.Malformed("Constructed nonce.");
                }

                inner.ThrowIfNotEmpty();
                if (nonceOctets.Length == 0 || nonceOctets.Length > limits.MaxNonceBytes)
                {
                    return OcspRequestParseResult.Malformed($"Nonce must be 1-{limits.MaxNonceBytes} octets.");
                }

                nonceValue = value;
                nonce = nonceOctets;
            }
        }

        tbs.ThrowIfNotEmpty();
        return OcspRequestParseResult.Success(new OcspRequest(certIds, nonceValue, nonce));
    }

    private static OcspCertId ReadCertId(ReadOnlyMemory<byte> encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER);
        AsnReader certId = reader.ReadSequence();
        AsnReader algorithm = certId.ReadSequence();
        string oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            algorithm.ReadNull(); // RFC 5754 §2: parameters absent or NULL.
        }

        algorithm.ThrowIfNotEmpty();
        if (!certId.TryReadPrimitiveOctetString(out ReadOnlyMemory<byte> nameHash) ||
            !certId.TryReadPrimitiveOctetString(out ReadOnlyMemory<byte> keyHash))
        {
            throw new AsnContentException("Constructed hash in CertID.");
        }

        ReadOnlyMemory<byte> serial = certId.ReadIntegerBytes();
        certId.ThrowIfNotEmpty();
        OcspCertIdHash hash = oid switch
        {
            PkiOids.Sha1 => OcspCertIdHash.Sha1,
            PkiOids.Sha256 => OcspCertIdHash.Sha256,
            _ => OcspCertIdHash.Unsupported,
        };
        return new OcspCertId(encoded, oid, hash, nameHash, keyHash, serial);
    }
}
