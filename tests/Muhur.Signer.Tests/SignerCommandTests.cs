using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Muhur.Signer.Tests;

/// <summary>The commands of muhur-imza (R-CARD-4) in-process against real SoftHSM2 tokens.</summary>
[Collection(SignerTokenGroup.Name)]
public sealed class SignerCommandTests(SignerTokenFixture hsm)
{
    private const string Module = SignerTokenFixture.ModulePath;

    [Fact]
    public void List_TwoCards_ShowsHolderNamesSerialsValidityAndSlots()
    {
        // Arrange
        var output = new StringWriter();
        var ecSlot = SignerTokenFixture.SlotOf(SignerTokenFixture.EcLabel);

        // Act
        var exitCode = ListCommand.Run(Module, output);

        // Assert: R-CARD-4, the holder sees the certificates on the card, with Turkish letters intact.
        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains($"Kart: {SignerTokenFixture.EcLabel} (yuva {ecSlot})", text, StringComparison.Ordinal);
        Assert.Contains(SignerTokenFixture.EcHolder, text, StringComparison.Ordinal);
        Assert.Contains(SignerTokenFixture.RsaHolder, text, StringComparison.Ordinal);
        Assert.Contains("Seri no: 1001", text, StringComparison.Ordinal);
        Assert.Contains("Seri no: 2002", text, StringComparison.Ordinal);
        Assert.Contains("Geçerlilik: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SignCode_EcCard_ProducesCadesBesThatSignedCmsVerifies()
    {
        // Arrange
        var output = new StringWriter();
        using var expected = X509CertificateLoader.LoadCertificate(hsm.EcCertificate);

        // Act: R-APP-8 / R-EONAY-1, the holder signs the portal's verification code on the card.
        var exitCode = SignCodeCommand.Run(Module, "482913", SignerTokenFixture.UserPin, null,
            SignerTokenFixture.SlotOf(SignerTokenFixture.EcLabel), output, _ => throw new InvalidOperationException("no prompt expected"));

        // Assert
        Assert.Equal(0, exitCode);
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(output.ToString().Trim()));
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.False(cms.Detached);
        Assert.Equal("482913", Encoding.UTF8.GetString(cms.ContentInfo.Content));
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(expected.RawData, signer.Certificate!.RawData);
        Assert.Equal("2.16.840.1.101.3.4.2.1", signer.DigestAlgorithm.Value);
        Assert.Equal("1.2.840.10045.4.3.2", signer.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.Contains(signer.SignedAttributes.Cast<CryptographicAttributeObject>(), a => a.Oid.Value == "1.2.840.113549.1.9.5"); // signing-time
        Assert.Contains(signer.SignedAttributes.Cast<CryptographicAttributeObject>(), a => a.Oid.Value == "1.2.840.113549.1.9.3"); // content-type
        Assert.Contains(signer.SignedAttributes.Cast<CryptographicAttributeObject>(), a => a.Oid.Value == "1.2.840.113549.1.9.4"); // message-digest
        AssertSigningCertificateV2(signer, expected);
    }

    [Fact]
    public void SignCode_RsaCard_ProducesCmsThatSignedCmsVerifies()
    {
        // Arrange
        var output = new StringWriter();
        using var expected = X509CertificateLoader.LoadCertificate(hsm.RsaCertificate);

        // Act: R-APP-8 with an RSA card (CKM_RSA_PKCS over a DigestInfo).
        var exitCode = SignCodeCommand.Run(Module, "775501", SignerTokenFixture.UserPin, null,
            SignerTokenFixture.SlotOf(SignerTokenFixture.RsaLabel), output, _ => null);

        // Assert
        Assert.Equal(0, exitCode);
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(output.ToString().Trim()));
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal("775501", Encoding.UTF8.GetString(cms.ContentInfo.Content));
        AssertSigningCertificateV2(Assert.Single(cms.SignerInfos.Cast<SignerInfo>()), expected);
    }

    [Theory]
    [InlineData(SignerTokenFixture.EcLabel)]
    [InlineData(SignerTokenFixture.RsaLabel)]
    public void SignCode_OutFile_OpenSslCmsVerifyAcceptsIt(string label)
    {
        // Arrange
        var file = Path.Combine(Path.GetTempPath(), $"muhur-imza-{Guid.NewGuid():N}.p7s");
        var content = file + ".txt";
        var output = new StringWriter();
        var error = new StringWriter();

        try
        {
            // Act: through the CLI parser, as the holder would type it (R-EONAY-1).
            var slot = SignerTokenFixture.SlotOf(label).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var exitCode = SignerCli.Run(
                ["--module", Module, "sign-code", "ABC-123", "--pin", SignerTokenFixture.UserPin, "--out", file, "--slot", slot],
                output, error, _ => null);

            // Assert: an independent CMS implementation accepts the signature (and, in OpenSSL 3, the ESS signing-certificate-v2).
            Assert.True(exitCode == 0, error.ToString());
            Assert.Contains($"İmza yazıldı: {file}", output.ToString(), StringComparison.Ordinal);
            var (openSslExit, openSslOutput) = ExternalProcess.Run("openssl", "cms", "-verify", "-inform", "DER", "-in", file, "-noverify", "-out", content);
            Assert.True(openSslExit == 0, openSslOutput);
            Assert.Contains("Verification successful", openSslOutput, StringComparison.Ordinal);
            Assert.Equal("ABC-123", File.ReadAllText(content));
        }
        finally
        {
            File.Delete(file);
            File.Delete(content);
        }
    }

    [Fact]
    public void SignCode_NoPinOption_AsksForPinThroughReader()
    {
        // Arrange
        var prompts = new List<string>();
        var output = new StringWriter();

        // Act
        var exitCode = SignCodeCommand.Run(Module, "9999", null, null, SignerTokenFixture.SlotOf(SignerTokenFixture.EcLabel), output,
            prompt => { prompts.Add(prompt); return SignerTokenFixture.UserPin; });

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(["PIN: "], prompts);
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(output.ToString().Trim()));
        Assert.Equal("9999", Encoding.UTF8.GetString(cms.ContentInfo.Content));
    }

    [Fact]
    public void SignCode_WrongPin_ExitsNonZeroWithTurkishWrongPinMessage()
    {
        // Arrange
        var output = new StringWriter();
        var error = new StringWriter();
        var slot = SignerTokenFixture.SlotOf(SignerTokenFixture.EcLabel).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var exitCode = SignerCli.Run(["--module", Module, "sign-code", "482913", "--pin", "000000", "--slot", slot], output, error, _ => null);

        // Assert: SoftHSM2 answers CKR_PIN_INCORRECT and then sets CKF_USER_PIN_COUNT_LOW (it never locks).
        Assert.Equal(1, exitCode);
        Assert.Equal("", output.ToString());
        Assert.Equal($"{PinMessages.Wrong} {PinMessages.CountLow}", error.ToString().Trim());
    }

    [Fact]
    public void SignCode_TwoCardsWithoutSlot_AsksToChooseWithSlot()
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["--module", Module, "sign-code", "1", "--pin", SignerTokenFixture.UserPin], new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("--slot", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_TwoCardsWithCertificatesWithoutAia_ReportsCertificatesStatusNotCheckedAndExitsZero()
    {
        // Arrange: the fixture's certificates carry no Authority Information Access, and no --ocsp is given.
        var output = new StringWriter();

        // Act
        var exitCode = DoctorCommand.Run(Module, null, null, output);

        // Assert: R-CARD-4; without a responder address the status is not checked, which is no fault of the card.
        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains($"Kart '{SignerTokenFixture.EcLabel}'", text, StringComparison.Ordinal);
        Assert.Contains("1 sertifika var.", text, StringComparison.Ordinal);
        Assert.Contains($"  {SignerTokenFixture.RsaHolder} (seri no 2002)", text, StringComparison.Ordinal);
        Assert.Contains("Durum denetlenemedi: sertifikada OCSP adresi yok. Çözüm: yanıtlayıcının adresini --ocsp URL ile verin.", text,
            StringComparison.Ordinal);
        Assert.EndsWith(DoctorCommand.Usable + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_MissingModule_SaysDriverNotFoundWithFix()
    {
        // Arrange
        var output = new StringWriter();
        var error = new StringWriter();
        var missing = "/nonexistent/libakisp11.so";

        // Act
        var exitCode = SignerCli.Run(["--module", missing, "doctor"], output, error, _ => null);

        // Assert: R-CARD-4, no driver → plain Turkish cause and fix, no stack trace.
        Assert.Equal(1, exitCode);
        Assert.StartsWith($"Kart sürücüsü bulunamadı: {missing}.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("AKİS kart yazılımını kurun", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_FileIsNotASharedLibrary_SaysDriverCouldNotBeLoaded()
    {
        // Arrange: a file that exists but is no loadable library (as with a wrong-architecture driver).
        var bogus = Path.Combine(Path.GetTempPath(), $"libakisp11-{Guid.NewGuid():N}.so");
        File.WriteAllText(bogus, "not an ELF file");
        var error = new StringWriter();

        try
        {
            // Act
            var exitCode = SignerCli.Run(["--module", bogus, "doctor"], new StringWriter(), error, _ => null);

            // Assert
            Assert.Equal(1, exitCode);
            Assert.StartsWith($"Kart sürücüsü yüklenemedi: {bogus}", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bogus);
        }
    }

    [Fact]
    public void Doctor_EmptyTokenStore_ReportsNoCardAndTheUninitializedSlot()
    {
        // Arrange: SoftHSM with an empty token directory offers only its one uninitialized token; no
        // initialized token, so no card that can hold a certificate.
        var output = new StringWriter();

        // Act
        var exitCode = hsm.WithEmptyTokenStore(() => DoctorCommand.Run(Module, null, null, output));

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains(DoctorCommand.NoCard, output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Not: 1 yuvada kişiselleştirilmemiş", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void List_EmptyTokenStore_SaysCardNotFound()
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = hsm.WithEmptyTokenStore(() => SignerCli.Run(["--module", Module, "list"], new StringWriter(), error, _ => null));

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal(ListCommand.NoCard, error.ToString().Trim());
    }

    /// <summary>RFC 5035 §3: SigningCertificateV2 { certs { ESSCertIDv2 { [SHA-256 default], certHash, issuerSerial } } }.</summary>
    private static void AssertSigningCertificateV2(SignerInfo signer, X509Certificate2 certificate)
    {
        var attribute = Assert.Single(signer.SignedAttributes.Cast<CryptographicAttributeObject>(),
            a => a.Oid.Value == "1.2.840.113549.1.9.16.2.47");
        var value = Assert.Single(attribute.Values.Cast<AsnEncodedData>()).RawData;
        var certs = new AsnReader(value, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var certId = certs.ReadSequence();
        Assert.False(certs.HasData);
        Assert.Equal(SHA256.HashData(certificate.RawData), certId.ReadOctetString());
        var issuerSerial = certId.ReadSequence();
        var generalNames = issuerSerial.ReadSequence();
        var directoryName = generalNames.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true));
        Assert.Equal(certificate.IssuerName.RawData, directoryName.ReadEncodedValue().ToArray());
        Assert.Equal(certificate.SerialNumberBytes.ToArray(), issuerSerial.ReadIntegerBytes().ToArray());
        Assert.False(certId.HasData);
    }
}
