using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Ocsp;

/// <summary>
/// Answers OCSP requests for one issuing CA as its delegated responder (RFC 6960 §4.2.2.2). Everything constant per
/// responder (ResponderID, certs, signature AlgorithmIdentifier, issuer hashes) is encoded once; per request the
/// work is the status lookups, one ResponseData encoding and one signature with the long-lived key object.
/// Thread-safe: the signing handle serialises signatures.
/// </summary>
public sealed class OcspResponder
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    private readonly CaSigningKey _responderKey;
    private readonly OcspIssuer _issuer;
    private readonly Func<ReadOnlyMemory<byte>, CertStatusInfo> _statusLookup;
    private readonly OcspResponderOptions _options;
    private readonly byte[] _responderId;
    private readonly byte[] _certs;

    /// <param name="responderKey">The responder's key (ECDSA P-256 by default) from the key store.</param>
    /// <param name="responderCertificate">Issued to <paramref name="responderKey"/> by the issuer, with id-kp-OCSPSigning.</param>
    /// <param name="issuer">The CA whose certificates this responder reports on.</param>
    /// <param name="statusLookup">Status by serial number (DER INTEGER content octets); called once per matching CertID.</param>
    /// <param name="options">Validity window and request limits.</param>
    public OcspResponder(
        CaSigningKey responderKey,
        X509Certificate2 responderCertificate,
        OcspIssuer issuer,
        Func<ReadOnlyMemory<byte>, CertStatusInfo> statusLookup,
        OcspResponderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(responderKey);
        ArgumentNullException.ThrowIfNull(responderCertificate);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(statusLookup);
        if (!responderKey.PublicKey.ExportSubjectPublicKeyInfo().AsSpan()
                .SequenceEqual(responderCertificate.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new ArgumentException("The responder key does not belong to the responder certificate.", nameof(responderKey));
        }

        // RFC 6960 §4.2.2.2: a delegated responder's certificate is issued directly by the CA it answers for.
        if (!responderCertificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.Certificate.SubjectName.RawData))
        {
            throw new ArgumentException("The responder certificate was not issued by the CA it would answer for.", nameof(responderCertificate));
        }

        _responderKey = responderKey;
        _issuer = issuer;
        _statusLookup = statusLookup;
        _options = options ?? OcspResponderOptions.Default;

        // ResponderID byKey [2] EXPLICIT KeyHash: SHA-1 of the responder's subjectPublicKey bits (RFC 6960 §4.2.1).
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
        {
#pragma warning disable CA5350 // KeyHash is defined as SHA-1 by RFC 6960 §4.2.1; it identifies, it does not protect.
            writer.WriteOctetString(SHA1.HashData(OcspIssuer.SubjectPublicKeyBits(responderCertificate.PublicKey)));
#pragma warning restore CA5350
        }

        _responderId = writer.Encode();

        // certs [0] EXPLICIT SEQUENCE OF Certificate: the responder certificate, so clients can check the delegation.
        writer.Reset();
        using (writer.PushSequence(Context0))
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(responderCertificate.RawData);
        }

        _certs = writer.Encode();
    }

    /// <summary>A bare OCSPResponse carrying only an error status (RFC 6960 §4.2.1: no responseBytes).</summary>
    public static byte[] CreateErrorResponse(OcspResponseStatus status)
    {
        return status switch
        {
            OcspResponseStatus.MalformedRequest or OcspResponseStatus.InternalError or OcspResponseStatus.TryLater
                or OcspResponseStatus.SigRequired or OcspResponseStatus.Unauthorized =>
                [0x30, 0x03, 0x0A, 0x01, (byte)status],
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an error status."),
        };
    }

    /// <summary>
    /// Full pipeline for an HTTP handler: parse, look up, sign. Never throws for bad input or a failing lookup:
    /// malformed input yields malformedRequest, any other failure internalError (RFC 6960 §2.3).
    /// </summary>
    public byte[] Respond(ReadOnlyMemory<byte> requestDer, DateTimeOffset now)
    {
        OcspRequestParseResult parsed = OcspRequestParser.Parse(requestDer, _options.Limits);
        if (!parsed.IsSuccess)
        {
            return CreateErrorResponse(OcspResponseStatus.MalformedRequest);
        }

        try
        {
            return CreateResponse(parsed.Request!, now);
        }
#pragma warning disable CA1031 // The contract is an OCSP answer in every case; the failure becomes internalError.
        catch (Exception)
#pragma warning restore CA1031
        {
            return CreateErrorResponse(OcspResponseStatus.InternalError);
        }
    }

    /// <summary>A signed successful response with one SingleResponse per CertID, in request order, and the nonce echoed.</summary>
    public byte[] CreateResponse(OcspRequest request, DateTimeOffset now) => CreateResponse(request, now, _statusLookup);

    /// <summary>
    /// As <see cref="CreateResponse(OcspRequest, DateTimeOffset)"/>, with statuses the caller fetched for this one
    /// request (a server looks them up asynchronously, all CertIDs at once, before signing).
    /// </summary>
    public byte[] CreateResponse(OcspRequest request, DateTimeOffset now, Func<ReadOnlyMemory<byte>, CertStatusInfo> statusLookup)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(statusLookup);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteResponseDataPrefix(writer, now);
            using (writer.PushSequence())
            {
                foreach (OcspCertId certId in request.CertIds)
                {
                    CertStatusInfo status = _issuer.Matches(certId) ? statusLookup(certId.SerialNumber) : CertStatusInfo.Unknown;
                    WriteSingleResponse(writer, certId.Encoded.Span, status, now);
                }
            }

            if (request.NonceExtensionValue is { } nonce)
            {
                // responseExtensions [1] EXPLICIT: the nonce copied unchanged (RFC 6960 §4.4.1, RFC 8954 §2.1).
                using (writer.PushSequence(Context1))
                using (writer.PushSequence())
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(PkiOids.OcspNonce);
                    writer.WriteOctetString(nonce.Span);
                }
            }
        }

        return Sign(writer);
    }

    /// <summary>
    /// A nonce-less response for one serial, for pre-signing and caching (RFC 5019 §2.1.1 lightweight profile),
    /// with a CertID built from this issuer's hashes.
    /// </summary>
    public byte[] CreateResponseForSerial(ReadOnlySpan<byte> serialNumber, DateTimeOffset now, OcspCertIdHash hash = OcspCertIdHash.Sha1)
    {
        if (hash == OcspCertIdHash.Unsupported)
        {
            throw new ArgumentOutOfRangeException(nameof(hash), hash, "Choose SHA-1 or SHA-256.");
        }

        var certIdWriter = new AsnWriter(AsnEncodingRules.DER);
        _issuer.WriteCertId(certIdWriter, hash, serialNumber);
        byte[] certId = certIdWriter.Encode();
        CertStatusInfo status = _statusLookup(serialNumber.ToArray());

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteResponseDataPrefix(writer, now);
            using (writer.PushSequence())
            {
                WriteSingleResponse(writer, certId, status, now);
            }
        }

        return Sign(writer);
    }

    // ResponseData: version v1 is the DEFAULT and so omitted in DER; responderID; producedAt.
    private void WriteResponseDataPrefix(AsnWriter writer, DateTimeOffset now)
    {
        writer.WriteEncodedValue(_responderId);
        X509Time.WriteGeneralizedTime(writer, now);
    }

    private void WriteSingleResponse(AsnWriter writer, ReadOnlySpan<byte> certId, CertStatusInfo status, DateTimeOffset now)
    {
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(certId);
            switch (status.Status)
            {
                case OcspCertStatus.Good:
                    writer.WriteNull(new Asn1Tag(TagClass.ContextSpecific, 0));
                    break;
                case OcspCertStatus.Revoked:
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                    {
                        X509Time.WriteGeneralizedTime(writer, status.RevocationTime);
                        if (status.Reason is { } reason)
                        {
                            // revocationReason [0] EXPLICIT CRLReason (RFC 6960 §4.2.1; values from RFC 5280 §5.3.1).
                            using (writer.PushSequence(Context0))
                            {
                                writer.WriteEnumeratedValue(reason);
                            }
                        }
                    }

                    break;
                default:
                    writer.WriteNull(new Asn1Tag(TagClass.ContextSpecific, 2));
                    break;
            }

            X509Time.WriteGeneralizedTime(writer, now);
            using (writer.PushSequence(Context0))
            {
                X509Time.WriteGeneralizedTime(writer, now + _options.NextUpdateAfter);
            }
        }
    }

    // OCSPResponse { successful, [0] EXPLICIT ResponseBytes { id-pkix-ocsp-basic, OCTET STRING BasicOCSPResponse } }.
    private byte[] Sign(AsnWriter responseData)
    {
        byte[] tbs = responseData.Encode();
        byte[] signature = _responderKey.Sign(tbs);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEnumeratedValue(OcspResponseStatus.Successful);
            using (writer.PushSequence(Context0))
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(PkiOids.OcspBasic);
                using (writer.PushOctetString())
                using (writer.PushSequence())
                {
                    writer.WriteEncodedValue(tbs);
                    writer.WriteEncodedValue(_responderKey.SignatureAlgorithmIdentifier.Span);
                    writer.WriteBitString(signature);
                    writer.WriteEncodedValue(_certs);
                }
            }
        }

        return writer.Encode();
    }
}
