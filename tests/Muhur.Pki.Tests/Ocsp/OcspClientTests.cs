using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;
using Muhur.Pki.Ocsp;
using Muhur.Pki.Revocation;
using Muhur.Pki.Tests.Support;
using Muhur.Pki.Tests.Verification;
using Muhur.Pki.Verification;

namespace Muhur.Pki.Tests.Ocsp;

/// <summary>
/// <see cref="OcspClient"/> against responses of the real <see cref="OcspResponder"/> (a delegated responder of the
/// issuing CA) and damaged or re-signed copies of them: RFC 6960 §4.2.2.2 responder authorisation, §4.4.1 nonce,
/// §4.2.2.1 and §3.2 freshness. The client relying parties use to check status (R-CA-3, R-CARD-5).
/// </summary>
public sealed class OcspClientTests : IClassFixture<CaFixture>, IDisposable
{
    private readonly VerificationTestHierarchy _pki;
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(16);
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public OcspClientTests(CaFixture ca)
    {
        _pki = new VerificationTestHierarchy(ca);
    }

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void ParseResponse_DelegatedResponderGood_ReturnsGood()
    {
        // Act
        var answer = OcspClient.ParseResponse(_pki.Respond(_pki.Holder, _nonce, _now), _pki.Holder, _pki.Ca.Issuing, _nonce, _now);

        // Assert
        Assert.Equal(new OcspAnswer(OcspStatus.Good, null, null), answer);
    }

    [Fact]
    public void ParseResponse_Suspended_ReturnsRevokedWithCertificateHold()
    {
        // Arrange
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var holder = _pki.Issue(key);
        var at = X509TimeForTests.Truncate(_now.AddHours(-1));
        _pki.SetStatus(holder, CertStatusInfo.OnHold(at));

        // Act
        var answer = OcspClient.ParseResponse(_pki.Respond(holder, _nonce, _now), holder, _pki.Ca.Issuing, _nonce, _now);

        // Assert
        Assert.Equal(new OcspAnswer(OcspStatus.Revoked, at, CrlReason.CertificateHold), answer);
    }

    [Fact]
    public void ParseResponse_SignatureDamaged_FailsSignatureInvalid()
    {
        // Arrange
        var (tbs, algorithm, signature, certs) = Split(_pki.Respond(_pki.Holder, _nonce, _now));
        signature[^1] ^= 0x01;

        // Act
        var failure = Assert.Throws<OcspClientException>(() =>
            OcspClient.ParseResponse(Join(tbs, algorithm, signature, certs), _pki.Holder, _pki.Ca.Issuing, _nonce, _now));

        // Assert
        Assert.Equal(OcspClientFailure.SignatureInvalid, failure.Failure);
    }

    [Fact]
    public void ParseResponse_SignedByCertificateOfTheCaWithoutOcspSigning_FailsResponderNotAuthorised()
    {
        // Arrange: the issuing CA certified this key, but not for id-kp-OCSPSigning (RFC 6960 §4.2.2.2).
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var unauthorised = new CertificateRequest("CN=Yetkisiz Yanıtlayıcı", key, HashAlgorithmName.SHA384)
            .Create(_pki.Ca.Issuing.SubjectName, _pki.Ca.IssuingKey.SignatureGenerator, _now.AddDays(-1), _now.AddDays(1), [0x0C, 0x5A]);
        Assert.True(SignatureAlgorithms.IsIssuedBy(unauthorised, _pki.Ca.Issuing));
        var (tbs, _, _, _) = Split(_pki.Respond(_pki.Holder, _nonce, _now));
        var resigned = key.SignData(tbs, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        // Act
        var failure = Assert.Throws<OcspClientException>(() => OcspClient.ParseResponse(
            Join(tbs, PkiOids.EcdsaWithSha256, resigned, unauthorised.RawData), _pki.Holder, _pki.Ca.Issuing, _nonce, _now));

        // Assert
        Assert.Equal(OcspClientFailure.ResponderNotAuthorised, failure.Failure);
    }

    [Fact]
    public void ParseResponse_SignedByOcspSigningCertificateOfAnotherCa_FailsResponderNotAuthorised()
    {
        // Arrange: the root's key, not the issuing CA's, certified this responder.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Başka Makamın Yanıtlayıcısı", key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(PkiOids.OcspSigning)], false));
        using var responder = request.Create(_pki.Ca.Issuing.SubjectName, _pki.Ca.RootKey.SignatureGenerator, _now.AddDays(-1), _now.AddDays(1), [0x0C, 0x5B]);
        var (tbs, _, _, _) = Split(_pki.Respond(_pki.Holder, _nonce, _now));
        var resigned = key.SignData(tbs, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        // Act
        var failure = Assert.Throws<OcspClientException>(() => OcspClient.ParseResponse(
            Join(tbs, PkiOids.EcdsaWithSha256, resigned, responder.RawData), _pki.Holder, _pki.Ca.Issuing, _nonce, _now));

        // Assert
        Assert.Equal(OcspClientFailure.ResponderNotAuthorised, failure.Failure);
    }

    [Fact]
    public void ParseResponse_NonceOfAnotherRequest_FailsNonceMismatch()
    {
        // Arrange
        var response = _pki.Respond(_pki.Holder, _nonce, _now);
        var otherNonce = RandomNumberGenerator.GetBytes(16);

        // Act
        var failure = Assert.Throws<OcspClientException>(() =>
            OcspClient.ParseResponse(response, _pki.Holder, _pki.Ca.Issuing, otherNonce, _now));

        // Assert (RFC 6960 §4.4.1)
        Assert.Equal(OcspClientFailure.NonceMismatch, failure.Failure);
    }

    [Fact]
    public void ParseResponse_ReadAfterNextUpdate_FailsStale()
    {
        // Arrange: the responder's nextUpdate is thisUpdate + 1 h.
        var response = _pki.Respond(_pki.Holder, _nonce, _now);

        // Act
        var failure = Assert.Throws<OcspClientException>(() =>
            OcspClient.ParseResponse(response, _pki.Holder, _pki.Ca.Issuing, _nonce, _now.AddHours(2)));

        // Assert (RFC 6960 §3.2 item 7)
        Assert.Equal(OcspClientFailure.Stale, failure.Failure);
    }

    [Fact]
    public void ParseResponse_ThisUpdateAnHourAhead_FailsThisUpdateInFuture()
    {
        // Arrange
        var response = _pki.Respond(_pki.Holder, _nonce, _now.AddHours(1));

        // Act
        var failure = Assert.Throws<OcspClientException>(() =>
            OcspClient.ParseResponse(response, _pki.Holder, _pki.Ca.Issuing, _nonce, _now));

        // Assert (RFC 6960 §4.2.2.1)
        Assert.Equal(OcspClientFailure.ThisUpdateInFuture, failure.Failure);
    }

    [Fact]
    public void ParseResponse_ForAnotherCertificate_FailsNoStatus()
    {
        // Arrange
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = _pki.Issue(key);
        var response = _pki.Respond(other, _nonce, _now);

        // Act
        var failure = Assert.Throws<OcspClientException>(() =>
            OcspClient.ParseResponse(response, _pki.Holder, _pki.Ca.Issuing, _nonce, _now));

        // Assert
        Assert.Equal(OcspClientFailure.NoStatusForCertificate, failure.Failure);
    }

    /// <summary>BasicOCSPResponse's parts (RFC 6960 §4.2.1): tbsResponseData, signatureAlgorithm, signature, certs.</summary>
    private static (byte[] Tbs, string Algorithm, byte[] Signature, byte[]? FirstCertificate) Split(byte[] response)
    {
        var outer = new AsnReader(response, AsnEncodingRules.DER).ReadSequence();
        _ = outer.ReadEnumeratedBytes();
        var responseBytes = outer.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
        _ = responseBytes.ReadObjectIdentifier();
        var basic = new AsnReader(responseBytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
        var tbs = basic.ReadEncodedValue().ToArray();
        var algorithm = basic.ReadSequence().ReadObjectIdentifier();
        var signature = basic.ReadBitString(out _);
        byte[]? certificate = null;
        if (basic.HasData)
        {
            certificate = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence().ReadEncodedValue().ToArray();
        }

        return (tbs, algorithm, signature, certificate);
    }

    private static byte[] Join(byte[] tbs, string algorithm, byte[] signature, byte[]? certificate)
    {
        var basic = new AsnWriter(AsnEncodingRules.DER);
        using (basic.PushSequence())
        {
            basic.WriteEncodedValue(tbs);
            using (basic.PushSequence())
            {
                basic.WriteObjectIdentifier(algorithm);
            }

            basic.WriteBitString(signature);
            if (certificate is not null)
            {
                using (basic.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                using (basic.PushSequence())
                {
                    basic.WriteEncodedValue(certificate);
                }
            }
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEnumeratedValue(OcspResponseStatus.Successful);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(PkiOids.OcspBasic);
                writer.WriteOctetString(basic.Encode());
            }
        }

        return writer.Encode();
    }
}
