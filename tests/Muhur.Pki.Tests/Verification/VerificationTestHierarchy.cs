using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;
using Muhur.Pki.Identity;
using Muhur.Pki.Ocsp;
using Muhur.Pki.Profiles;
using Muhur.Pki.Tests.Support;
using Muhur.Pki.Verification;

namespace Muhur.Pki.Tests.Verification;

/// <summary>
/// A qualified holder certificate of the <see cref="CaFixture"/> hierarchy with its key, CAdES-BES signatures made with
/// it, and the CA's own OCSP responder (<see cref="OcspResponder"/>) as the status source, asked through
/// <see cref="OcspClient"/> with real DER both ways (no HTTP).
/// </summary>
internal sealed class VerificationTestHierarchy : IDisposable
{
    private readonly Dictionary<string, CertStatusInfo> _statuses = new(StringComparer.Ordinal);

    public VerificationTestHierarchy(CaFixture ca)
    {
        Ca = ca;
        HolderKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Holder = Issue(HolderKey);
    }

    public CaFixture Ca { get; }

    public ECDsa HolderKey { get; }

    public X509Certificate2 Holder { get; }

    public TrustAnchors Trust => new(Ca.Root, Ca.Issuing, IssuerRequired: true);

    /// <summary>A qualified certificate of the issuing CA for <paramref name="key"/>, with its private key attached.</summary>
    public X509Certificate2 Issue(ECDsa key)
    {
        var identifier = PersonIdentifier.TryParseNational("10000000146", out var national, out _) ? national : throw new InvalidOperationException();
        var der = new QualifiedCertificateIssuer(Ca.IssuingKey, Ca.Issuing, TestProfiles.Qualified).Issue(new QualifiedCertificateRequest
        {
            SubjectPublicKey = HolderPublicKey.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo()),
            Identifier = identifier,
            GivenName = "Gökçe",
            Surname = "Işık",
            NotBefore = Ca.Now.AddHours(-1),
        });
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>Sets what the responder says about <paramref name="certificate"/> (good unless set).</summary>
    public void SetStatus(X509Certificate2 certificate, CertStatusInfo status) => _statuses[certificate.SerialNumber] = status;

    public ICertificateStatusSource Responder(DateTimeOffset? now = null) => new ResponderStatusSource(this, now);

    /// <summary>CAdES-BES as muhur-imza makes it: SHA-256, signing-time, signing-certificate-v2 (or <paramref name="signingCertificateV2"/>).</summary>
    public static byte[] Sign(byte[] content, X509Certificate2 certificate, bool detached, DateTimeOffset? signingTime, byte[]? signingCertificateV2 = null,
        bool withSigningCertificateV2 = true)
    {
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
        {
            DigestAlgorithm = new Oid(PkiOids.Sha256),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        if (signingTime is { } at)
        {
            signer.SignedAttributes.Add(new Pkcs9SigningTime(at.UtcDateTime));
        }

        if (withSigningCertificateV2)
        {
            signer.SignedAttributes.Add(new AsnEncodedData(new Oid(PkiOids.SigningCertificateV2),
                signingCertificateV2 ?? SigningCertificateV2(SHA256.HashData(certificate.RawData), certificate.IssuerName, certificate.SerialNumberBytes.Span)));
        }

        var cms = new SignedCms(new ContentInfo(content), detached);
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>SigningCertificateV2 with one ESSCertIDv2 { certHash, issuerSerial { directoryName, serial } } (RFC 5035 §3, §4).</summary>
    public static byte[] SigningCertificateV2(byte[] certHash, X500DistinguishedName issuer, ReadOnlySpan<byte> serial)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(certHash);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                {
                    writer.WriteEncodedValue(issuer.RawData);
                }

                writer.WriteInteger(serial);
            }
        }

        return writer.Encode();
    }

    /// <summary>The responder's DER answer to a request for <paramref name="certificate"/> with <paramref name="nonce"/>, made at <paramref name="now"/>.</summary>
    public byte[] Respond(X509Certificate2 certificate, byte[] nonce, DateTimeOffset now)
    {
        var responder = new OcspResponder(Ca.ResponderKey, Ca.Responder, new OcspIssuer(Ca.Issuing),
            serial => _statuses.TryGetValue(Convert.ToHexString(serial.Span), out var status) ? status : CertStatusInfo.Good);
        return responder.Respond(OcspClient.BuildRequest(certificate, Ca.Issuing, nonce), now);
    }

    public void Dispose()
    {
        Holder.Dispose();
        HolderKey.Dispose();
    }

    private sealed class ResponderStatusSource(VerificationTestHierarchy hierarchy, DateTimeOffset? now) : ICertificateStatusSource
    {
        public Task<CertificateStatusAnswer> GetStatusAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
        {
            var nonce = RandomNumberGenerator.GetBytes(16);
            var at = now ?? DateTimeOffset.UtcNow;
            var answer = OcspClient.ParseResponse(hierarchy.Respond(certificate, nonce, at), certificate, issuer, nonce, at);
            return Task.FromResult(answer switch
            {
                { Status: OcspStatus.Good } => CertificateStatusAnswer.Good,
                { Status: OcspStatus.Revoked } => CertificateStatusAnswer.Revoked(answer.RevocationTime!.Value, answer.RevocationReason),
                _ => CertificateStatusAnswer.Unknown,
            });
        }
    }
}
