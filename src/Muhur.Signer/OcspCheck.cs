using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Revocation;

namespace Muhur.Signer;

/// <summary>The certificate status an OCSP responder gave (RFC 6960 §4.2.1).</summary>
public enum OcspStatus
{
    Good,
    Revoked,
    Unknown,
}

/// <summary>An OCSP answer whose signature was checked against the issuer's key.</summary>
/// <param name="Status">good, revoked or unknown.</param>
/// <param name="RevocationTime">When revoked, the revocation time.</param>
/// <param name="RevocationReason">When revoked, the CRLReason if the responder gave one (it is OPTIONAL).</param>
public sealed record OcspAnswer(OcspStatus Status, DateTimeOffset? RevocationTime, CrlReason? RevocationReason);

/// <summary>
/// An RFC 6960 OCSP client for one certificate (R-CARD-5): the request with a SHA-1 CertID (issuer name and key hash,
/// serial) and a nonce, POSTed over HTTP; the response's status, CertID, nonce and signature are checked.
/// The response must be signed by the issuer itself, or by a responder certificate included in the response that the
/// issuer signed and that carries id-kp-OCSPSigning (RFC 6960 §4.2.2.2).
/// </summary>
public static class OcspCheck
{
    private const string Sha1Oid = "1.3.14.3.2.26";
    private const string BasicResponseOid = "1.3.6.1.5.5.7.48.1.1";
    private const string NonceOid = "1.3.6.1.5.5.7.48.1.2";
    private const string OcspSigningOid = "1.3.6.1.5.5.7.3.9";

    /// <summary>An absolute http or https address, or null: OCSP over HTTP (RFC 6960 Appendix A) and caIssuers downloads.</summary>
    public static Uri? HttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;

    /// <summary>The DER OCSPRequest for <paramref name="certificate"/> issued by <paramref name="issuer"/>.</summary>
    public static byte[] BuildRequest(X509Certificate2 certificate, X509Certificate2 issuer, byte[] nonce)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(nonce);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence()) // OCSPRequest
        using (writer.PushSequence()) // TBSRequest
        {
            using (writer.PushSequence()) // requestList
            using (writer.PushSequence()) // Request
            {
                WriteCertId(writer, certificate, issuer);
            }
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
            using (writer.PushSequence()) // Extensions
            using (writer.PushSequence()) // Extension
            {
                writer.WriteObjectIdentifier(NonceOid);
                var inner = new AsnWriter(AsnEncodingRules.DER);
                inner.WriteOctetString(nonce);
                writer.WriteOctetString(inner.Encode());
            }
        }
        return writer.Encode();
    }

    /// <summary>Asks <paramref name="url"/> for the status of <paramref name="certificate"/>.</summary>
    /// <exception cref="SignerException">
    /// The responder could not be reached (then the inner exception is the <see cref="HttpRequestException"/> or
    /// <see cref="TaskCanceledException"/>) or gave no usable, authentic answer.
    /// </exception>
    public static OcspAnswer Query(Uri url, X509Certificate2 certificate, X509Certificate2 issuer, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        var nonce = RandomNumberGenerator.GetBytes(16);
        var request = BuildRequest(certificate, issuer, nonce);
        byte[] response;
        try
        {
            using var http = new HttpClient { Timeout = timeout };
            using var body = new ByteArrayContent(request);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/ocsp-request");
            using var answer = http.PostAsync(url, body).GetAwaiter().GetResult();
            if (!answer.IsSuccessStatusCode)
            {
                throw new SignerException($"OCSP sunucusu HTTP {(int)answer.StatusCode} döndürdü ({url})");
            }
            response = answer.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new SignerException($"OCSP sunucusuna ulaşılamadı ({url}): {NetworkFailure.Describe(e)}", e);
        }
        catch (TaskCanceledException e)
        {
            throw new SignerException($"OCSP sunucusu zamanında yanıt vermedi ({url})", e);
        }
        try
        {
            return ParseResponse(response, certificate, issuer, nonce);
        }
        catch (AsnContentException e)
        {
            throw new SignerException("OCSP yanıtı çözümlenemedi", e);
        }
        catch (CryptographicException e)
        {
            throw new SignerException("OCSP yanıtı çözümlenemedi", e);
        }
    }

    /// <summary>Checks and reads a DER OCSPResponse (RFC 6960 §4.2.1).</summary>
    public static OcspAnswer ParseResponse(byte[] der, X509Certificate2 certificate, X509Certificate2 issuer, byte[]? nonce)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        var ocspResponse = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var responseStatus = ocspResponse.ReadEnumeratedValue<ResponseStatus>();
        if (responseStatus != ResponseStatus.Successful)
        {
            throw new SignerException($"OCSP sunucusu isteği yanıtlamadı (durum: {responseStatus})");
        }
        var responseBytes = ocspResponse.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
        if (responseBytes.ReadObjectIdentifier() != BasicResponseOid)
        {
            throw new SignerException("OCSP yanıtının türü desteklenmiyor");
        }
        var basic = new AsnReader(responseBytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
        var tbs = basic.ReadEncodedValue();
        var signatureAlgorithm = basic.ReadSequence().ReadObjectIdentifier();
        var signature = basic.ReadBitString(out _);
        var responseCertificates = new List<X509Certificate2>();
        if (basic.HasData)
        {
            var certs = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
            while (certs.HasData)
            {
                responseCertificates.Add(X509CertificateLoader.LoadCertificate(certs.ReadEncodedValue().Span));
            }
        }
        try
        {
            if (!SignedByIssuerOrDelegate(tbs.Span, signatureAlgorithm, signature, issuer, responseCertificates))
            {
                throw new SignerException("OCSP yanıtının imzası sertifikayı verenin ya da onun yetkilendirdiği yanıtlayıcının değil");
            }
        }
        finally
        {
            foreach (var c in responseCertificates)
            {
                c.Dispose();
            }
        }

        var data = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        if (data.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            _ = data.ReadEncodedValue(); // version
        }
        _ = data.ReadEncodedValue(); // responderID
        _ = data.ReadGeneralizedTime(); // producedAt
        var responses = data.ReadSequence();
        if (nonce is not null && data.HasData)
        {
            CheckNonce(data.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)), nonce);
        }
        var expectedCertId = new AsnWriter(AsnEncodingRules.DER);
        WriteCertId(expectedCertId, certificate, issuer);
        var expected = expectedCertId.Encode();
        while (responses.HasData)
        {
            var single = responses.ReadSequence();
            var certId = single.ReadEncodedValue();
            var status = single.ReadEncodedValue();
            var thisUpdate = single.ReadGeneralizedTime();
            if (!certId.Span.SequenceEqual(expected))
            {
                continue;
            }
            if (thisUpdate > DateTimeOffset.UtcNow.AddMinutes(5))
            {
                throw new SignerException("OCSP yanıtının thisUpdate zamanı gelecekte");
            }
            if (single.HasData && single.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                var nextUpdate = single.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadGeneralizedTime();
                if (nextUpdate < DateTimeOffset.UtcNow)
                {
                    throw new SignerException("OCSP yanıtı eskimiş (nextUpdate geçmiş)");
                }
            }
            var statusReader = new AsnReader(status, AsnEncodingRules.DER);
            var tag = statusReader.PeekTag();
            return tag.TagValue switch
            {
                0 when tag.TagClass == TagClass.ContextSpecific => new OcspAnswer(OcspStatus.Good, null, null),
                1 when tag.TagClass == TagClass.ContextSpecific =>
                    ReadRevoked(statusReader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true))),
                _ => new OcspAnswer(OcspStatus.Unknown, null, null),
            };
        }
        throw new SignerException("OCSP yanıtında bu sertifika için durum yok");
    }

    /// <summary>
    /// RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
    /// (RFC 6960 §4.2.1); CRLReason is an ENUMERATED (RFC 5280 §5.3.1).
    /// </summary>
    private static OcspAnswer ReadRevoked(AsnReader revokedInfo)
    {
        var time = revokedInfo.ReadGeneralizedTime();
        CrlReason? reason = null;
        if (revokedInfo.HasData)
        {
            var value = revokedInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true))
                .ReadEnumeratedValue<CrlReason>();
            // A value outside RFC 5280 §5.3.1 (7, or > 10) does not make the certificate any less revoked; it only
            // means the responder's reason cannot be named, the same as a response without one.
            reason = Enum.IsDefined(value) ? value : null;
        }
        return new OcspAnswer(OcspStatus.Revoked, time, reason);
    }

    private static void CheckNonce(AsnReader explicitExtensions, byte[] nonce)
    {
        var extensions = explicitExtensions.ReadSequence();
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            if (extension.ReadObjectIdentifier() != NonceOid)
            {
                continue;
            }
            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                _ = extension.ReadBoolean();
            }
            var value = extension.ReadOctetString();
            if (!new AsnReader(value, AsnEncodingRules.DER).ReadOctetString().AsSpan().SequenceEqual(nonce))
            {
                throw new SignerException("OCSP yanıtının nonce değeri isteğinkiyle eşleşmiyor");
            }
        }
    }

    private static bool SignedByIssuerOrDelegate(
        ReadOnlySpan<byte> tbs, string algorithm, byte[] signature, X509Certificate2 issuer, List<X509Certificate2> included)
    {
        if (VerifyWith(issuer, tbs, algorithm, signature))
        {
            return true;
        }
        foreach (var responder in included)
        {
            var delegated = responder.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
                && IssuedBy(responder, issuer)
                && responder.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages[OcspSigningOid] is not null);
            if (delegated && VerifyWith(responder, tbs, algorithm, signature))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether <paramref name="issuer"/>'s key signed <paramref name="certificate"/> (tbsCertificate, algorithm, signature).</summary>
    internal static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var cert = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = cert.ReadEncodedValue();
        var algorithm = cert.ReadSequence().ReadObjectIdentifier();
        var signature = cert.ReadBitString(out _);
        return VerifyWith(issuer, tbs.Span, algorithm, signature);
    }

    private static bool VerifyWith(X509Certificate2 signer, ReadOnlySpan<byte> data, string algorithm, byte[] signature)
    {
        var hash = algorithm switch
        {
            "1.2.840.10045.4.3.2" or "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
            "1.2.840.10045.4.3.3" or "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
            "1.2.840.10045.4.3.4" or "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (hash == default)
        {
            return false;
        }
        using (var ec = signer.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                return algorithm.StartsWith("1.2.840.10045.", StringComparison.Ordinal)
                    && ec.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
            }
        }
        using var rsa = signer.GetRSAPublicKey();
        return rsa is not null && algorithm.StartsWith("1.2.840.113549.", StringComparison.Ordinal)
            && rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>CertID { sha1, SHA-1(issuer name DER), SHA-1(issuer subjectPublicKey bits), serial } (RFC 6960 §4.1.1).</summary>
    private static void WriteCertId(AsnWriter writer, X509Certificate2 certificate, X509Certificate2 issuer)
    {
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Sha1Oid);
                writer.WriteNull();
            }
#pragma warning disable CA5350 // SHA-1 is what RFC 6960 CertIDs use and what every responder understands; not a signature.
            writer.WriteOctetString(SHA1.HashData(issuer.SubjectName.RawData));
            writer.WriteOctetString(SHA1.HashData(issuer.PublicKey.EncodedKeyValue.RawData));
#pragma warning restore CA5350
            writer.WriteInteger(certificate.SerialNumberBytes.Span);
        }
    }

    private enum ResponseStatus
    {
        Successful = 0,
        MalformedRequest = 1,
        InternalError = 2,
        TryLater = 3,
        SigRequired = 5,
        Unauthorized = 6,
    }
}
