using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Ocsp;
using Muhur.Pki.Revocation;
using Muhur.Pki.Tests.Support;

namespace Muhur.Pki.Tests.Ocsp;

/// <summary>
/// R-CA-3 (status publication) and R-CA-2 (good / suspended as certificateHold / revoked): OCSP per RFC 6960, with
/// requests made and responses checked by openssl.
/// </summary>
public sealed class OcspResponderTests : IClassFixture<CaFixture>, IDisposable
{
    private const string GoodSerial = "0x0A0B0C";
    private const string RevokedSerial = "0x1D2E3F";
    private const string HeldSerial = "0x42";
    private const string UnknownSerial = "0x7777";

    private readonly CaFixture _ca;
    private readonly TempDirectory _temp = new();
    private readonly DateTimeOffset _revokedAt;

    public OcspResponderTests(CaFixture ca)
    {
        _ca = ca;
        _revokedAt = ca.Now.AddHours(-3);
        File.WriteAllBytes(_temp.File("issuing.pem"), Der.Pem("CERTIFICATE", ca.Issuing.RawData));
        File.WriteAllBytes(_temp.File("root.pem"), Der.Pem("CERTIFICATE", ca.Root.RawData));
        File.WriteAllBytes(_temp.File("chain.pem"),
            [.. Der.Pem("CERTIFICATE", ca.Root.RawData), .. Der.Pem("CERTIFICATE", ca.Issuing.RawData)]);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Parse_OpenSslRequestWithNonce_ReadsEveryCertIdAndTheNonce()
    {
        // Arrange
        byte[] request = OpenSslRequest("req.der", "-issuer", "issuing.pem", "-serial", GoodSerial, "-serial", RevokedSerial,
            "-serial", UnknownSerial, "-nonce");

        // Act
        OcspRequestParseResult result = OcspRequestParser.Parse(request);

        // Assert (RFC 6960 §4.1.1, §4.4.1)
        Assert.True(result.IsSuccess, result.Error);
        OcspRequest parsed = result.Request!;
        Assert.Equal(
            [Hex(GoodSerial), Hex(RevokedSerial), Hex(UnknownSerial)],
            parsed.CertIds.Select(c => Convert.ToHexString(c.SerialNumber.Span)));
        Assert.All(parsed.CertIds, c => Assert.Equal(OcspCertIdHash.Sha1, c.HashAlgorithm));
        var issuer = new OcspIssuer(_ca.Issuing);
        Assert.All(parsed.CertIds, c => Assert.True(issuer.Matches(c)));
        Assert.Equal(16, parsed.Nonce!.Value.Length);
    }

    [Fact]
    public void Parse_OpenSslSha256Request_MatchesIssuerWithSha256Hashes()
    {
        // Arrange
        byte[] request = OpenSslRequest("req.der", "-sha256", "-issuer", "issuing.pem", "-serial", GoodSerial, "-no_nonce");

        // Act
        OcspRequestParseResult result = OcspRequestParser.Parse(request);

        // Assert
        OcspCertId certId = Assert.Single(result.Request!.CertIds);
        Assert.Equal(OcspCertIdHash.Sha256, certId.HashAlgorithm);
        Assert.Equal(32, certId.IssuerKeyHash.Length);
        Assert.True(new OcspIssuer(_ca.Issuing).Matches(certId));
        Assert.False(new OcspIssuer(_ca.Root).Matches(certId));
        Assert.Null(result.Request.Nonce);
    }

    [Fact]
    public void Respond_OpenSslRequest_OpenSslVerifiesSignatureNonceAndStatuses()
    {
        // Arrange
        byte[] request = OpenSslRequest("req.der", "-issuer", "issuing.pem", "-serial", GoodSerial, "-serial", RevokedSerial,
            "-serial", HeldSerial, "-serial", UnknownSerial, "-nonce");

        // Act
        File.WriteAllBytes(_temp.File("resp.der"), Responder().Respond(request, _ca.Now));
        OpenSslResult result = OpenSsl.Run(_temp.Path, "ocsp", "-reqin", "req.der", "-respin", "resp.der",
            "-CAfile", "chain.pem", "-resp_text");

        // Assert
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("Response verify OK", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("nonce", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("OCSP Nonce", result.Output, StringComparison.Ordinal);
        Assert.Contains("Responder Id: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Cert Status: good", result.Output, StringComparison.Ordinal);
        Assert.Contains("Revocation Reason: keyCompromise (0x1)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Revocation Reason: certificateHold (0x6)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Cert Status: unknown", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Respond_StatusesPerSerial_OpenSslReportsEachWithReason()
    {
        // Arrange
        byte[] request = OpenSslRequest("req.der", "-issuer", "issuing.pem", "-serial", GoodSerial, "-serial", RevokedSerial,
            "-serial", HeldSerial, "-serial", UnknownSerial, "-no_nonce");
        File.WriteAllBytes(_temp.File("resp.der"), Responder().Respond(request, _ca.Now));

        // Act
        OpenSslResult result = OpenSsl.Run(_temp.Path, "ocsp", "-issuer", "issuing.pem", "-serial", GoodSerial,
            "-serial", RevokedSerial, "-serial", HeldSerial, "-serial", UnknownSerial, "-no_nonce",
            "-respin", "resp.der", "-CAfile", "chain.pem");

        // Assert
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("Response verify OK", result.All, StringComparison.Ordinal);
        Assert.Contains(GoodSerial + ": good", result.Output, StringComparison.Ordinal);
        Assert.Contains(RevokedSerial + ": revoked", result.Output, StringComparison.Ordinal);
        Assert.Contains("Reason: keyCompromise", result.Output, StringComparison.Ordinal);
        Assert.Contains(HeldSerial + ": revoked", result.Output, StringComparison.Ordinal);
        Assert.Contains("Reason: certificateHold", result.Output, StringComparison.Ordinal);
        Assert.Contains(UnknownSerial + ": unknown", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Respond_CertIdOfAnotherIssuer_UnknownWithoutConsultingLookup()
    {
        // Arrange
        byte[] request = OpenSslRequest("req.der", "-issuer", "root.pem", "-serial", GoodSerial, "-no_nonce");
        int lookups = 0;
        var responder = new OcspResponder(_ca.ResponderKey, _ca.Responder, new OcspIssuer(_ca.Issuing), _ =>
        {
            lookups++;
            return CertStatusInfo.Good;
        });

        // Act
        byte[] response = responder.Respond(request, _ca.Now);

        // Assert
        Assert.Equal(0, lookups);
        AsnReader single = ReadResponseData(response).Responses.ReadSequence();
        single.ReadEncodedValue();
        Assert.Equal(new Asn1Tag(TagClass.ContextSpecific, 2), single.PeekTag());
    }

    [Fact]
    public void Respond_Always_ByKeyResponderIdTimesCertsAndP256Signature()
    {
        // Arrange
        byte[] request = OpenSslRequest("req.der", "-issuer", "issuing.pem", "-serial", GoodSerial, "-no_nonce");

        // Act
        byte[] response = Responder().Respond(request, _ca.Now);

        // Assert (RFC 6960 §4.2.1)
        ResponseParts parts = ReadResponseData(response);
        AsnReader responderId = parts.ResponseData.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2));
        AsnReader spki = new AsnReader(_ca.Responder.PublicKey.ExportSubjectPublicKeyInfo(), AsnEncodingRules.DER).ReadSequence();
        spki.ReadEncodedValue();
#pragma warning disable CA5350 // RFC 6960 KeyHash is SHA-1.
        Assert.Equal(SHA1.HashData(spki.ReadBitString(out _)), responderId.ReadOctetString());
#pragma warning restore CA5350
        Assert.Equal(_ca.Now, parts.ResponseData.ReadGeneralizedTime());
        AsnReader single = parts.ResponseData.ReadSequence().ReadSequence();
        single.ReadEncodedValue();
        single.ReadNull(new Asn1Tag(TagClass.ContextSpecific, 0));
        Assert.Equal(_ca.Now, single.ReadGeneralizedTime());
        Assert.Equal(_ca.Now.AddHours(1), single.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadGeneralizedTime());
        Assert.False(parts.ResponseData.HasData); // no nonce requested, none returned

        Assert.Equal("1.2.840.10045.4.3.2", parts.SignatureAlgorithm);
        using ECDsa verifier = _ca.Responder.GetECDsaPublicKey()!;
        Assert.True(verifier.VerifyData(parts.ResponseDataDer, parts.Signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(_ca.Responder.RawData, parts.Certificate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("3000")]
    [InlineData("30023000")]
    [InlineData("300A3008300630043002300000")]
    public void Respond_MalformedInput_MalformedRequestStatus(string hex)
    {
        // Act
        byte[] response = Responder().Respond(Convert.FromHexString(hex), _ca.Now);

        // Assert (RFC 6960 §2.3)
        Assert.Equal(new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x01 }, response);
    }

    [Fact]
    public void Parse_TrailingData_Malformed()
    {
        // Arrange
        byte[] request = OpenSslRequest("req.der", "-issuer", "issuing.pem", "-serial", GoodSerial, "-no_nonce");

        // Act
        OcspRequestParseResult result = OcspRequestParser.Parse(request.Append((byte)0x00).ToArray());

        // Assert
        Assert.False(result.IsSuccess);
        Assert.Equal(OcspResponseStatus.MalformedRequest, result.Status);
    }

    [Fact]
    public void Parse_Oversized_MalformedWithoutReading()
    {
        // Arrange
        byte[] huge = new byte[OcspRequestLimits.Default.MaxRequestBytes + 1];

        // Act
        OcspRequestParseResult result = OcspRequestParser.Parse(huge);

        // Assert
        Assert.False(result.IsSuccess);
        Assert.Contains("exceeds", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyCertIds_Malformed()
    {
        // Arrange
        string[] arguments = ["-issuer", "issuing.pem", "-no_nonce", .. Enumerable.Range(1, 21).SelectMany(i => new[] { "-serial", i.ToString(System.Globalization.CultureInfo.InvariantCulture) })];
        byte[] request = OpenSslRequest("req.der", arguments);

        // Act
        OcspRequestParseResult result = OcspRequestParser.Parse(request);

        // Assert
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Parse_NonceLongerThan32Octets_Malformed()
    {
        // Arrange (RFC 8954 §2.1)
        byte[] request = BuildRequest(new byte[33]);

        // Act
        OcspRequestParseResult result = OcspRequestParser.Parse(request);

        // Assert
        Assert.False(result.IsSuccess);
        Assert.True(OcspRequestParser.Parse(BuildRequest(new byte[32])).IsSuccess);
    }

    [Fact]
    public void Respond_LookupThrows_InternalErrorStatus()
    {
        // Arrange
        byte[] request = OpenSslRequest("req.der", "-issuer", "issuing.pem", "-serial", GoodSerial, "-no_nonce");
        var responder = new OcspResponder(_ca.ResponderKey, _ca.Responder, new OcspIssuer(_ca.Issuing),
            _ => throw new InvalidOperationException("database down"));

        // Act
        byte[] response = responder.Respond(request, _ca.Now);

        // Assert
        Assert.Equal(new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x02 }, response);
    }

    [Theory]
    [InlineData(OcspResponseStatus.MalformedRequest, "malformedrequest (1)")]
    [InlineData(OcspResponseStatus.InternalError, "internalerror (2)")]
    [InlineData(OcspResponseStatus.TryLater, "trylater (3)")]
    [InlineData(OcspResponseStatus.Unauthorized, "unauthorized (6)")]
    public void CreateErrorResponse_Status_OpenSslReadsIt(OcspResponseStatus status, string expected)
    {
        // Arrange
        File.WriteAllBytes(_temp.File("err.der"), OcspResponder.CreateErrorResponse(status));

        // Act
        OpenSslResult result = OpenSsl.Run(_temp.Path, "ocsp", "-respin", "err.der", "-resp_text", "-noverify");

        // Assert
        Assert.Contains("Responder Error: " + expected, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateErrorResponse_Successful_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OcspResponder.CreateErrorResponse(OcspResponseStatus.Successful));
    }

    [Fact]
    public void CreateResponseForSerial_Presigned_OpenSslVerifiesIt()
    {
        // Arrange
        OcspResponder responder = Responder();

        // Act
        File.WriteAllBytes(_temp.File("pre.der"), responder.CreateResponseForSerial(Convert.FromHexString(Hex(RevokedSerial)), _ca.Now));
        OpenSslResult result = OpenSsl.Run(_temp.Path, "ocsp", "-issuer", "issuing.pem", "-serial", RevokedSerial, "-no_nonce",
            "-respin", "pre.der", "-CAfile", "chain.pem");

        // Assert
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("Response verify OK", result.All, StringComparison.Ordinal);
        Assert.Contains(RevokedSerial + ": revoked", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Respond_ThousandRequests_ReusesOneKeyAndStaysFast()
    {
        // Arrange
        byte[] request = OpenSslRequest("req.der", "-issuer", "issuing.pem", "-serial", GoodSerial, "-nonce");
        OcspResponder responder = Responder();
        responder.Respond(request, _ca.Now);

        // Act
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
        {
            responder.Respond(request, _ca.Now);
        }

        watch.Stop();

        // Assert: P-256 signing is ~50 µs; a per-request key import or PBKDF2 run would blow far past this bound.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"1000 responses took {watch.Elapsed}");
    }

    private OcspResponder Responder()
    {
        byte[] good = Convert.FromHexString(Hex(GoodSerial));
        byte[] revoked = Convert.FromHexString(Hex(RevokedSerial));
        byte[] held = Convert.FromHexString(Hex(HeldSerial));
        DateTimeOffset revokedAt = _revokedAt;
        return new OcspResponder(_ca.ResponderKey, _ca.Responder, new OcspIssuer(_ca.Issuing), serial =>
            serial.Span.SequenceEqual(good) ? CertStatusInfo.Good
            : serial.Span.SequenceEqual(revoked) ? CertStatusInfo.Revoked(revokedAt, CrlReason.KeyCompromise)
            : serial.Span.SequenceEqual(held) ? CertStatusInfo.OnHold(revokedAt)
            : CertStatusInfo.Unknown);
    }

    private byte[] OpenSslRequest(string file, params string[] arguments)
    {
        OpenSslResult result = OpenSsl.Run(_temp.Path, ["ocsp", .. arguments, "-reqout", file]);
        Assert.True(result.ExitCode == 0, result.All);
        return File.ReadAllBytes(_temp.File(file));
    }

    private static string Hex(string openSslSerial)
    {
        string hex = openSslSerial[2..];
        return hex.Length % 2 == 1 ? "0" + hex : hex;
    }

    private byte[] BuildRequest(byte[] nonce)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(OcspRequestParser.Parse(OpenSslRequest("one.der", "-issuer", "issuing.pem",
                    "-serial", GoodSerial, "-no_nonce")).Request!.CertIds[0].Encoded.Span);
            }

            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
            using (writer.PushSequence())
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.3.6.1.5.5.7.48.1.2");
                using (writer.PushOctetString())
                {
                    writer.WriteOctetString(nonce);
                }
            }
        }

        return writer.Encode();
    }

    private sealed record ResponseParts(
        AsnReader ResponseData, byte[] ResponseDataDer, string SignatureAlgorithm, byte[] Signature, byte[] Certificate)
    {
        public AsnReader Responses
        {
            get
            {
                ResponseData.ReadEncodedValue();
                ResponseData.ReadGeneralizedTime();
                return ResponseData.ReadSequence();
            }
        }
    }

    private static ResponseParts ReadResponseData(byte[] response)
    {
        AsnReader ocspResponse = new AsnReader(response, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(OcspResponseStatus.Successful, ocspResponse.ReadEnumeratedValue<OcspResponseStatus>());
        AsnReader responseBytes = ocspResponse.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        Assert.Equal("1.3.6.1.5.5.7.48.1.1", responseBytes.ReadObjectIdentifier());
        AsnReader basic = new AsnReader(responseBytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
        byte[] tbs = basic.ReadEncodedValue().ToArray();
        string algorithm = basic.ReadSequence().ReadObjectIdentifier();
        byte[] signature = basic.ReadBitString(out _);
        byte[] certificate = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence().ReadEncodedValue().ToArray();
        return new ResponseParts(new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence(), tbs, algorithm, signature, certificate);
    }
}
