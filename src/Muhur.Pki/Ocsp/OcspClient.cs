using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;
using Muhur.Pki.Revocation;
using Muhur.Pki.Verification;

namespace Muhur.Pki.Ocsp;

/// <summary>
/// An RFC 6960 OCSP client for one certificate: the request carries a SHA-1 CertID (issuer name and key hash, serial,
/// §4.1.1) and a nonce (§4.4.1), POSTed over HTTP (Appendix A.1). The response is accepted only when it is successful,
/// of type id-pkix-ocsp-basic, signed by the issuer itself or by a delegated responder the issuer certified for
/// id-kp-OCSPSigning and valid now (§4.2.2.2), echoes the nonce when it carries one, answers for this CertID, and is
/// fresh: thisUpdate not in the future, nextUpdate not passed, and without nextUpdate a thisUpdate no older than
/// <see cref="MaxAgeWithoutNextUpdate"/> (§4.2.2.1, §3.2 items 6 and 7).
/// </summary>
public static class OcspClient
{
    /// <summary>How far a responder's clock may run ahead of ours before its thisUpdate counts as in the future.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A response without nextUpdate says newer information is always available (§4.2.2.1); it is "sufficiently
    /// recent" (§3.2 item 6) only if it was made within this time.
    /// </summary>
    public static readonly TimeSpan MaxAgeWithoutNextUpdate = TimeSpan.FromHours(1);

    /// <summary>The DER OCSPRequest for <paramref name="certificate"/> issued by <paramref name="issuer"/>, with <paramref name="nonce"/>.</summary>
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
                writer.WriteObjectIdentifier(PkiOids.OcspNonce);
                var inner = new AsnWriter(AsnEncodingRules.DER);
                inner.WriteOctetString(nonce);
                writer.WriteOctetString(inner.Encode());
            }
        }

        return writer.Encode();
    }

    /// <summary>Asks <paramref name="url"/> for the status of <paramref name="certificate"/> with a fresh nonce.</summary>
    /// <exception cref="OcspClientException">No usable, authentic, fresh answer; for a network failure the inner
    /// exception is the <see cref="HttpRequestException"/> or <see cref="TaskCanceledException"/>.</exception>
    public static async Task<OcspAnswer> QueryAsync(
        Uri url, X509Certificate2 certificate, X509Certificate2 issuer, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var nonce = RandomNumberGenerator.GetBytes(16);
        var request = BuildRequest(certificate, issuer, nonce);
        byte[] response;
        try
        {
            using var http = new HttpClient { Timeout = timeout };
            using var body = new ByteArrayContent(request);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
            using var answer = await http.PostAsync(url, body, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccessStatusCode)
            {
                throw new OcspClientException(OcspClientFailure.HttpStatus, (int)answer.StatusCode);
            }

            response = await answer.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new OcspClientException(OcspClientFailure.Unreachable, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OcspClientException(OcspClientFailure.TimedOut, e);
        }

        return ParseResponse(response, certificate, issuer, nonce, DateTimeOffset.UtcNow);
    }

    /// <summary>Checks and reads a DER OCSPResponse (RFC 6960 §4.2.1) for <paramref name="certificate"/> as of <paramref name="now"/>.</summary>
    /// <exception cref="OcspClientException">The response is not a usable, authentic, fresh answer for this certificate.</exception>
    public static OcspAnswer ParseResponse(byte[] der, X509Certificate2 certificate, X509Certificate2 issuer, byte[]? nonce, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(der);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        try
        {
            return Parse(der, certificate, issuer, nonce, now);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            throw new OcspClientException(OcspClientFailure.Malformed, e);
        }
    }

    private static OcspAnswer Parse(byte[] der, X509Certificate2 certificate, X509Certificate2 issuer, byte[]? nonce, DateTimeOffset now)
    {
        var ocspResponse = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var responseStatus = ocspResponse.ReadEnumeratedValue<OcspResponseStatus>();
        if (responseStatus != OcspResponseStatus.Successful)
        {
            throw new OcspClientException(OcspClientFailure.NotSuccessful, responseStatus);
        }

        var responseBytes = ocspResponse.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
        if (responseBytes.ReadObjectIdentifier() != PkiOids.OcspBasic)
        {
            throw new OcspClientException(OcspClientFailure.UnsupportedType);
        }

        var basic = new AsnReader(responseBytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
        var tbs = basic.ReadEncodedValue();
        var signatureAlgorithm = basic.ReadSequence().ReadObjectIdentifier();
        var signature = basic.ReadBitString(out _);
        var responseCertificates = new List<X509Certificate2>();
        try
        {
            if (basic.HasData)
            {
                var certs = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
                while (certs.HasData)
                {
                    responseCertificates.Add(X509CertificateLoader.LoadCertificate(certs.ReadEncodedValue().Span));
                }
            }

            CheckSigner(tbs.Span, signatureAlgorithm, signature, issuer, responseCertificates, now);
        }
        finally
        {
            foreach (var c in responseCertificates)
            {
                c.Dispose();
            }
        }

        var data = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        if (data.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
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

            if (thisUpdate > now + ClockSkew)
            {
                throw new OcspClientException(OcspClientFailure.ThisUpdateInFuture);
            }

            DateTimeOffset? nextUpdate = null;
            if (single.HasData && single.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                nextUpdate = single.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadGeneralizedTime();
            }

            if (nextUpdate is { } next ? next < now : thisUpdate < now - MaxAgeWithoutNextUpdate)
            {
                throw new OcspClientException(OcspClientFailure.Stale);
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

        throw new OcspClientException(OcspClientFailure.NoStatusForCertificate);
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
            if (extension.ReadObjectIdentifier() != PkiOids.OcspNonce)
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
                throw new OcspClientException(OcspClientFailure.NonceMismatch);
            }
        }
    }

    /// <summary>
    /// RFC 6960 §4.2.2.2: the response is signed by the CA that issued the certificate, or by a responder certificate
    /// included in the response that this CA issued, that carries id-kp-OCSPSigning and that is valid now. A key that
    /// verifies the signature but is not so authorised is <see cref="OcspClientFailure.ResponderNotAuthorised"/>.
    /// </summary>
    private static void CheckSigner(
        ReadOnlySpan<byte> tbs, string algorithm, byte[] signature, X509Certificate2 issuer, List<X509Certificate2> included, DateTimeOffset now)
    {
        if (SignatureAlgorithms.Verify(issuer, tbs, algorithm, signature))
        {
            return;
        }

        var signedByIncluded = false;
        foreach (var responder in included)
        {
            if (!SignatureAlgorithms.Verify(responder, tbs, algorithm, signature))
            {
                continue;
            }

            signedByIncluded = true;
            var delegated = SignatureAlgorithms.IsIssuedBy(responder, issuer)
                && responder.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages[PkiOids.OcspSigning] is not null)
                && now >= responder.NotBefore.ToUniversalTime() && now <= responder.NotAfter.ToUniversalTime();
            if (delegated)
            {
                return;
            }
        }

        throw new OcspClientException(signedByIncluded ? OcspClientFailure.ResponderNotAuthorised : OcspClientFailure.SignatureInvalid);
    }

    /// <summary>CertID { sha1, SHA-1(issuer name DER), SHA-1(issuer subjectPublicKey bits), serial } (RFC 6960 §4.1.1).</summary>
    private static void WriteCertId(AsnWriter writer, X509Certificate2 certificate, X509Certificate2 issuer)
    {
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(PkiOids.Sha1);
                writer.WriteNull();
            }
#pragma warning disable CA5350 // SHA-1 is what RFC 6960 CertIDs use and what every responder understands; not a signature.
            writer.WriteOctetString(SHA1.HashData(issuer.SubjectName.RawData));
            writer.WriteOctetString(SHA1.HashData(issuer.PublicKey.EncodedKeyValue.RawData));
#pragma warning restore CA5350
            writer.WriteInteger(certificate.SerialNumberBytes.Span);
        }
    }
}
