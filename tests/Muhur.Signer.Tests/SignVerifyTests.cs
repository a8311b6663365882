using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Muhur.Signer.Tests;

/// <summary>
/// <c>sign</c> and <c>verify</c> (R-CARD-5) against real SoftHSM2 cards, the real <c>openssl cms</c> and OpenSSL's own
/// OCSP responder (<see cref="OpenSslOcspResponder"/>) signing as the throwaway CA, behind a listener on 127.0.0.1.
/// </summary>
[Collection(SignerTokenGroup.Name)]
public sealed class SignVerifyTests(SignerTokenFixture hsm) : IDisposable
{
    private const string Module = SignerTokenFixture.ModulePath;
    private readonly string _directory = Directory.CreateTempSubdirectory("muhur-imza-verify-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(SignerTokenFixture.EcLabel)]
    [InlineData(SignerTokenFixture.RsaLabel)]
    public void Sign_CardKey_OpenSslCmsVerifiesDetachedSignatureAndChainToCa(string label)
    {
        // Arrange
        var file = WriteFile("sözleşme.txt", "Mühür ile imzalanan belge — ğüşıöç\n");
        var ca = WriteFile("ca.pem", hsm.CaCertificatePem);
        var output = new StringWriter();
        var error = new StringWriter();

        // Act: R-CARD-5, through the CLI as the holder types it; default output FILE.p7s.
        var exitCode = SignerCli.Run(["--module", Module, "sign", file, "--pin", SignerTokenFixture.UserPin, "--slot", Slot(label)],
            output, error, _ => null);

        // Assert: detached CAdES-BES; OpenSSL checks the signature over the file and the chain to the CA.
        Assert.True(exitCode == 0, error.ToString());
        Assert.Contains($"İmza yazıldı: {file}.p7s", output.ToString(), StringComparison.Ordinal);
        var cms = new SignedCms(new ContentInfo(File.ReadAllBytes(file)), detached: true);
        cms.Decode(File.ReadAllBytes(file + ".p7s"));
        Assert.True(cms.Detached);
        cms.CheckSignature(verifySignatureOnly: true);
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal("2.16.840.1.101.3.4.2.1", signer.DigestAlgorithm.Value);
        var attributes = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value).ToList();
        Assert.Contains("1.2.840.113549.1.9.3", attributes); // content-type
        Assert.Contains("1.2.840.113549.1.9.4", attributes); // message-digest
        Assert.Contains("1.2.840.113549.1.9.5", attributes); // signing-time
        Assert.Contains(CadesSignature.SigningCertificateV2Oid, attributes);
        var (openSslExit, openSslOutput) = ExternalProcess.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", file + ".p7s",
            "-content", file, "-CAfile", ca, "-purpose", "any", "-out", Path.Combine(_directory, "out.bin"));
        Assert.True(openSslExit == 0, openSslOutput);
        Assert.Contains("Verification successful", openSslOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FileChangedAfterSigning_ReportsInvalidFileChanged()
    {
        // Arrange
        var file = SignFile(SignerTokenFixture.EcLabel, "ödeme: 100 TL");
        File.WriteAllText(file, "ödeme: 900 TL");
        var output = new StringWriter();

        // Act: R-CARD-5; the verdict comes before any OCSP query, so no responder is needed.
        var exitCode = SignerCli.Run(["verify", file, "--root", WriteFile("ca.pem", hsm.CaCertificatePem)], output, new StringWriter(), _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.StartsWith("GEÇERSİZ: dosya imzalandıktan sonra değiştirilmiş", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"İmzalayan: {SignerTokenFixture.EcHolder}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_GoodStatusFromOpenSslResponder_ReportsValidWithSignerTimeAndSerial()
    {
        // Arrange: the index marks the EC card's certificate (serial 1001) valid.
        var file = SignFile(SignerTokenFixture.EcLabel, "kira sözleşmesi");
        using var responder = StartResponder(hsm.EcCertificate, revokedAt: null);
        var output = new StringWriter();

        // Act: R-CARD-5, detached signature found as FILE.p7s.
        var exitCode = SignerCli.Run(["verify", file, "--root", WriteFile("ca.pem", hsm.CaCertificatePem), "--ocsp", responder.Url],
            output, new StringWriter(), _ => null);

        // Assert
        var text = output.ToString();
        Assert.True(exitCode == 0, text + responder.Log());
        Assert.StartsWith("GEÇERLİ" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains($"İmzalayan: {SignerTokenFixture.EcHolder}", text, StringComparison.Ordinal);
        Assert.Contains("Sertifika seri no: 1001", text, StringComparison.Ordinal);
        Assert.Contains("İmza zamanı: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RevokedBeforeSigningByOpenSslResponder_ReportsInvalidRevoked()
    {
        // Arrange: the index marks the RSA card's certificate (serial 2002) revoked an hour before the signature.
        var file = SignFile(SignerTokenFixture.RsaLabel, "vekâletname");
        using var responder = StartResponder(hsm.RsaCertificate, revokedAt: DateTimeOffset.UtcNow.AddHours(-1));
        var output = new StringWriter();

        // Act: R-CARD-5
        var exitCode = SignerCli.Run(["verify", file, "--signature", file + ".p7s", "--root", WriteFile("ca.pem", hsm.CaCertificatePem),
            "--ocsp", responder.Url], output, new StringWriter(), _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.StartsWith("GEÇERSİZ: sertifika imzadan önce iptal edilmiş", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Sertifika seri no: 2002", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SuspendedBeforeSigningByOpenSslResponder_ReportsInvalidSuspended()
    {
        // Arrange: the index puts the EC card's certificate on hold (certificateHold) an hour before the signature.
        var signed = SignPdf(SignerTokenFixture.EcLabel, "Sözleşme");
        using var responder = StartResponder(hsm.EcCertificate, revokedAt: DateTimeOffset.UtcNow.AddHours(-1), reason: "certificateHold");
        var output = new StringWriter();

        // Act: R-CARD-5, RFC 5280 §5.3.1: a hold is a suspension, told apart from a revocation.
        var exitCode = SignerCli.Run(["verify", signed, "--root", WriteFile("ca.pem", hsm.CaCertificatePem), "--ocsp", responder.Url],
            output, new StringWriter(), _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("GEÇERSİZ: sertifika imzadan önce askıya alınmış", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_GoodStatusSignedByStrangerKey_ReportsIndeterminate()
    {
        // Arrange: the responder says "good" but signs with a key the CA never authorised.
        var file = SignFile(SignerTokenFixture.EcLabel, "belge");
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest("CN=Muhur Test CA", strangerKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var responder = StartResponder(hsm.EcCertificate, revokedAt: null,
            (stranger.ExportCertificatePem(), strangerKey.ExportPkcs8PrivateKeyPem()));
        var output = new StringWriter();

        // Act: R-CARD-5, RFC 6960 §4.2.2.2: only the issuer or its delegated responder may answer.
        var exitCode = SignerCli.Run(["verify", file, "--root", WriteFile("ca.pem", hsm.CaCertificatePem), "--ocsp", responder.Url],
            output, new StringWriter(), _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.StartsWith("BELİRSİZ: OCSP yanıtının imzası", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AttachedSignCodeCmsWithGoodStatus_ReportsValid()
    {
        // Arrange: FILE is the CMS itself (attached, from sign-code --out).
        var cmsFile = Path.Combine(_directory, "kod.p7s");
        Assert.Equal(0, SignCodeCommand.Run(Module, "482913", SignerTokenFixture.UserPin, cmsFile,
            SignerTokenFixture.SlotOf(SignerTokenFixture.EcLabel), new StringWriter(), _ => null));
        using var responder = StartResponder(hsm.EcCertificate, revokedAt: null);
        var output = new StringWriter();

        // Act: R-CARD-5
        var exitCode = VerifyCommand.Run(cmsFile, null, WriteFile("ca.pem", hsm.CaCertificatePem), null, responder.Url, output);

        // Assert
        Assert.True(exitCode == 0, output + responder.Log());
        Assert.StartsWith("GEÇERLİ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RootThatDidNotIssueSigner_ReportsIndeterminateNoChain()
    {
        // Arrange: another self-signed root.
        var file = SignFile(SignerTokenFixture.EcLabel, "belge");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Başka Kök", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherRoot = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var output = new StringWriter();

        // Act: R-CARD-5
        var exitCode = SignerCli.Run(["verify", file, "--root", WriteFile("other.pem", otherRoot.ExportCertificatePem())],
            output, new StringWriter(), _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.StartsWith("BELİRSİZ: sertifika zinciri verilen köke ulaşmıyor", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OcspResponderUnreachable_ReportsIndeterminate()
    {
        // Arrange: a local port nobody listens on.
        var file = SignFile(SignerTokenFixture.EcLabel, "belge");
        var output = new StringWriter();

        // Act: R-CARD-5
        var exitCode = SignerCli.Run(["verify", file, "--root", WriteFile("ca.pem", hsm.CaCertificatePem),
            "--ocsp", $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/"], output, new StringWriter(), _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.StartsWith("BELİRSİZ: OCSP sunucusuna ulaşılamadı", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WithoutRoot_ExitsTwoWithUsageMessage()
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["verify", "x.txt"], new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("--root", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SignerTokenFixture.EcLabel, SignerTokenFixture.EcHolder)]
    [InlineData(SignerTokenFixture.RsaLabel, SignerTokenFixture.RsaHolder)]
    public void Sign_Pdf_PdfsigReportsValidPadesSignatureOverWholeDocument(string label, string holder)
    {
        // Arrange
        var file = WritePdf("dilekçe.pdf", "Ödeme talimatı: 100 TL");
        var output = new StringWriter();
        var error = new StringWriter();

        // Act: R-CARD-5, through the CLI; a PDF gets PAdES in a signed copy FILE-imzali.pdf.
        var exitCode = SignerCli.Run(["--module", Module, "sign", file, "--pin", SignerTokenFixture.UserPin, "--slot", Slot(label)],
            output, error, _ => null);

        // Assert: poppler's pdfsig checks the CMS over the /ByteRange on its own (NSS), and sees PAdES.
        Assert.True(exitCode == 0, error.ToString());
        var signed = Path.Combine(_directory, "dilekçe-imzali.pdf");
        Assert.Contains($"İmzalı PDF yazıldı: {signed}", output.ToString(), StringComparison.Ordinal);
        var (pdfsigExit, pdfsig) = ExternalProcess.Run("pdfsig", signed);
        Assert.True(pdfsigExit == 0, pdfsig);
        Assert.Contains("Signature Type: ETSI.CAdES.detached", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Total document signed", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Signature Validation: Signature is Valid.", pdfsig, StringComparison.Ordinal);
        Assert.Contains($"Signer Certificate Common Name: {holder}", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Signing Hash Algorithm: SHA-256", pdfsig, StringComparison.Ordinal);
        // ETSI EN 319 142-1 §6.3: signing-certificate-v2 present, no CMS signing-time (the time is /M).
        var signature = Assert.Single(Muhur.Pki.Signatures.PdfSignatureReader.Read(File.ReadAllBytes(signed)));
        Assert.NotNull(signature.ClaimedSigningTime);
        var cms = new SignedCms();
        cms.Decode(signature.Cms);
        var attributes = cms.SignerInfos[0].SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value).ToList();
        Assert.Contains(CadesSignature.SigningCertificateV2Oid, attributes);
        Assert.DoesNotContain("1.2.840.113549.1.9.5", attributes);
    }

    [Fact]
    public void Verify_SignedPdfWithGoodStatus_ReportsValidWithClaimedTime()
    {
        // Arrange
        var signed = SignPdf(SignerTokenFixture.EcLabel, "Kira sözleşmesi");
        using var responder = StartResponder(hsm.EcCertificate, revokedAt: null);
        var output = new StringWriter();

        // Act: R-CARD-5, the PAdES signature is found inside the PDF.
        var exitCode = SignerCli.Run(["verify", signed, "--root", WriteFile("ca.pem", hsm.CaCertificatePem), "--ocsp", responder.Url],
            output, new StringWriter(), _ => null);

        // Assert
        var text = output.ToString();
        Assert.True(exitCode == 0, text + responder.Log());
        Assert.StartsWith("PDF imzası 1/1 (ETSI.CAdES.detached)" + Environment.NewLine + "GEÇERLİ" + Environment.NewLine, text,
            StringComparison.Ordinal);
        Assert.Contains($"İmzalayan: {SignerTokenFixture.EcHolder}", text, StringComparison.Ordinal);
        Assert.Contains("İmza zamanı: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PdfChangedInsideSignedBytes_ReportsInvalidAndPdfsigAgrees()
    {
        // Arrange: the amount in the page's content stream is changed after signing.
        var signed = SignPdf(SignerTokenFixture.EcLabel, "Ödeme: 100 TL");
        var bytes = File.ReadAllBytes(signed);
        var at = bytes.AsSpan().IndexOf("100 TL"u8);
        Assert.True(at >= 0, "the amount is not in the signed PDF as text");
        bytes[at] = (byte)'9';
        File.WriteAllBytes(signed, bytes);
        var output = new StringWriter();

        // Act: R-CARD-5
        var exitCode = SignerCli.Run(["verify", signed, "--root", WriteFile("ca.pem", hsm.CaCertificatePem)], output, new StringWriter(),
            _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("GEÇERSİZ: dosya imzalandıktan sonra değiştirilmiş", output.ToString(), StringComparison.Ordinal);
        var (_, pdfsig) = ExternalProcess.Run("pdfsig", signed);
        Assert.Contains("Signature Validation: Digest Mismatch.", pdfsig, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PdfWithUpdateAppendedAfterSigning_ReportsInvalidChangedAfterSigning()
    {
        // Arrange: an incremental update (ISO 32000-1 §7.5.6) appended after the signature, outside its /ByteRange.
        var signed = SignPdf(SignerTokenFixture.RsaLabel, "Sözleşme");
        File.AppendAllText(signed, "6 0 obj\n(eklenen)\nendobj\n%%EOF\n");
        var output = new StringWriter();

        // Act: R-CARD-5
        var exitCode = SignerCli.Run(["verify", signed, "--root", WriteFile("ca.pem", hsm.CaCertificatePem)], output, new StringWriter(),
            _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("GEÇERSİZ: belge imzalandıktan sonra değiştirilmiş (imzanın kapsamadığı eklemeler var)", output.ToString(),
            StringComparison.Ordinal);
        var (_, pdfsig) = ExternalProcess.Run("pdfsig", signed);
        Assert.Contains("Not total document signed", pdfsig, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_PdfAlreadySigned_RefusesWithoutWriting()
    {
        // Arrange
        var signed = SignPdf(SignerTokenFixture.EcLabel, "Belge");
        var before = File.ReadAllBytes(signed);
        var error = new StringWriter();
        var output = Path.Combine(_directory, "ikinci.pdf");

        // Act: re-saving would break the first signature, so a second one is refused.
        var exitCode = SignerCli.Run(["--module", Module, "sign", signed, "--pin", SignerTokenFixture.UserPin, "--slot",
            Slot(SignerTokenFixture.EcLabel), "--out", output], new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("PDF zaten imzalı", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Equal(before, File.ReadAllBytes(signed));
    }

    [Theory]
    [InlineData("%PDF-1.7\nbu bir PDF değil\n%%EOF\n")]
    [InlineData("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")]
    public void Sign_MalformedPdf_SaysSoWithoutStackTraceAndWritesNothing(string text)
    {
        // Arrange: PDFsharp reports these with a bare Exception; the holder must get one Turkish sentence.
        var file = WriteFile($"bozuk-{Guid.NewGuid():N}.pdf", text);
        var error = new StringWriter();
        var pinAsked = false;

        // Act
        var exitCode = SignerCli.Run(["--module", Module, "sign", file, "--slot", Slot(SignerTokenFixture.EcLabel)],
            new StringWriter(), error, _ =>
            {
                pinAsked = true;
                return SignerTokenFixture.UserPin;
            });

        // Assert: refused before the card is touched and the PIN asked.
        Assert.Equal(1, exitCode);
        Assert.StartsWith("PDF okunamadı", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.False(pinAsked);
        Assert.False(File.Exists(PadesSignature.DefaultOutput(file)));
    }

    [Fact]
    public void Sign_PasswordProtectedPdf_SaysItCannotBeRead()
    {
        // Arrange: a PDF encrypted with a user password (ISO 32000-1 §7.6), made by PDFsharp itself.
        var file = Path.Combine(_directory, "parolali.pdf");
        using (var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(TestPdf.Create("Gizli")), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify))
        {
            document.SecuritySettings.UserPassword = "gizli-parola";
            document.Save(file);
        }
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["--module", Module, "sign", file, "--pin", SignerTokenFixture.UserPin, "--slot",
            Slot(SignerTokenFixture.EcLabel)], new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("parolayla korunuyor olabilir", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(PadesSignature.DefaultOutput(file)));
    }

    [Fact]
    public void Verify_PdfWithoutSignature_ReportsInvalidNoSignature()
    {
        // Arrange
        var file = WritePdf("imzasız.pdf", "Taslak");
        var output = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["verify", file, "--root", WriteFile("ca.pem", hsm.CaCertificatePem)], output, new StringWriter(),
            _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.StartsWith("GEÇERSİZ: PDF'te elektronik imza yok", output.ToString(), StringComparison.Ordinal);
    }

    private string WritePdf(string name, string line)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, TestPdf.Create(line));
        return path;
    }

    private string SignPdf(string label, string line)
    {
        var file = WritePdf($"belge-{Guid.NewGuid():N}.pdf", line);
        var exitCode = SignFileCommand.Run(Module, file, SignerTokenFixture.UserPin, null, SignerTokenFixture.SlotOf(label),
            new StringWriter(), _ => null);
        Assert.Equal(0, exitCode);
        return PadesSignature.DefaultOutput(file);
    }

    private static string Slot(string label) =>
        SignerTokenFixture.SlotOf(label).ToString(CultureInfo.InvariantCulture);

    private string SignFile(string label, string text)
    {
        var file = WriteFile($"belge-{Guid.NewGuid():N}.txt", text);
        var exitCode = SignFileCommand.Run(Module, file, SignerTokenFixture.UserPin, null, SignerTokenFixture.SlotOf(label),
            new StringWriter(), _ => null);
        Assert.Equal(0, exitCode);
        return file;
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>OpenSSL's responder for one certificate: valid, or revoked at <paramref name="revokedAt"/> with <paramref name="reason"/>.</summary>
    private OpenSslOcspResponder StartResponder(byte[] certificateDer, DateTimeOffset? revokedAt, (string CertificatePem, string KeyPem)? signer = null,
        string? reason = null)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        var line = revokedAt is { } at ? OpenSslOcspResponder.Revoked(certificate, at, reason) : OpenSslOcspResponder.Valid(certificate);
        return new OpenSslOcspResponder(_directory, hsm.CaCertificatePem, hsm.CaKeyPem, [line], signer);
    }
}
