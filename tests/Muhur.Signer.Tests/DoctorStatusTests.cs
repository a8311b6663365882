using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Muhur.Signer.Tests;

/// <summary>
/// <c>doctor</c>'s certificate diagnosis (R-CARD-4, seed 000 §9): every condition is real — SoftHSM2 cards in token
/// stores of their own, certificates from a throwaway CA (one expired long ago, one not yet valid), OpenSSL's own OCSP
/// responder answering from an index that marks the certificate valid, revoked (keyCompromise) or suspended
/// (certificateHold), a caIssuers address served on 127.0.0.1, and a port nobody listens on.
/// </summary>
[Collection(SignerTokenGroup.Name)]
public sealed class DoctorStatusTests(SignerTokenFixture hsm) : IDisposable
{
    private const string Module = SignerTokenFixture.ModulePath;
    private const string Holder = "Ayşe Yılmaz Çağlar";
    private const string CaName = "Mühür Nitelikli Test CA";
    private static readonly DateTimeOffset RevokedAt = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("muhur-imza-doctor-").FullName;
    private readonly TestCertificateAuthority _ca = new(CaName);

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Doctor_ResponderSaysGood_SaysValidAndExitsZero()
    {
        // Arrange
        var (store, certificate) = OneCard("kart-gecerli", key => Current(key, [0x40, 0x01]));
        using (certificate)
        using (var responder = Responder(OpenSslOcspResponder.Valid(certificate)))
        {
            // Act
            var (exitCode, output, error) = Doctor(store, "--ocsp", responder.Url, "--issuer", CaFile());

            // Assert
            Assert.True(exitCode == 0, output + error + responder.Log());
            Assert.Contains($"  {Holder} (seri no 4001)", output, StringComparison.Ordinal);
            Assert.Contains($"Veren makam: {CaName} (--issuer ile verilen dosyadan).", output, StringComparison.Ordinal);
            Assert.Contains($"Durum: geçerli. OCSP yanıtlayıcısı ({responder.Url}) sertifikanın iptal edilmediğini ve askıda olmadığını bildirdi.",
                output, StringComparison.Ordinal);
            Assert.EndsWith(DoctorCommand.Usable + Environment.NewLine, output, StringComparison.Ordinal);
            Assert.Equal(1, responder.Requests);
        }
    }

    [Fact]
    public void Doctor_ResponderSaysRevokedKeyCompromise_SaysRevokedWithReasonAndNewApplicationFix()
    {
        // Arrange: index line R with revocation time and reason keyCompromise (RFC 5280 §5.3.1, final).
        var (store, certificate) = OneCard("kart-iptal", key => Current(key, [0x40, 0x02]));
        using (certificate)
        using (var responder = Responder(OpenSslOcspResponder.Revoked(certificate, RevokedAt, "keyCompromise")))
        {
            // Act
            var (exitCode, output, _) = Doctor(store, "--ocsp", responder.Url, "--issuer", CaFile());

            // Assert
            Assert.Equal(1, exitCode);
            Assert.Contains("Sertifikanız 15 Ocak 2026 09:30 UTC tarihinde iptal edilmiş (neden: anahtarın güvenliği tehlikeye girmiş); " +
                "iptal geri alınamaz. Çözüm: kurumunuzun yetkilisi aracılığıyla yeni sertifika başvurusu yapın.", output, StringComparison.Ordinal);
            Assert.DoesNotContain("askıya", output, StringComparison.Ordinal);
            Assert.EndsWith(DoctorCommand.NotUsable + Environment.NewLine, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Doctor_ResponderSaysCertificateHold_SaysSuspendedWithLiftFix()
    {
        // Arrange: index line R …,certificateHold: the CA suspended the certificate (RFC 5280 §5.3.1), which can be lifted.
        var (store, certificate) = OneCard("kart-aski", key => Current(key, [0x40, 0x03]));
        using (certificate)
        using (var responder = Responder(OpenSslOcspResponder.Revoked(certificate, RevokedAt, "certificateHold")))
        {
            // Act
            var (exitCode, output, _) = Doctor(store, "--ocsp", responder.Url, "--issuer", CaFile());

            // Assert
            Assert.Equal(1, exitCode);
            Assert.Contains("Sertifikanız 15 Ocak 2026 09:30 UTC tarihinde askıya alınmış. Kartınız imza atmayı sürdürür, " +
                "ama askı sürdükçe bu sertifikayla atılan imzaları doğrulayanlar geçerli saymaz. " +
                "Çözüm: askının kaldırılmasını kurum yetkiliniz ya da çağrı merkezi aracılığıyla sertifikasyon merkezinden isteyin; " +
                "askı kalkınca aynı kartla yeniden geçerli imza atabilirsiniz.",
                output, StringComparison.Ordinal);
            Assert.DoesNotContain("imza atılamaz", output, StringComparison.Ordinal);
            Assert.DoesNotContain("iptal edilmiş", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Doctor_ExpiredCertificate_SaysExpiryDateWithRenewalFixWithoutAskingResponder()
    {
        // Arrange: issued with notAfter in the past; the responder would call it good if it were asked.
        var (store, certificate) = OneCard("kart-suresi-dolmus", key => _ca.Issue(key, Holder, [0x40, 0x04],
            new DateTimeOffset(2023, 4, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 31, 12, 0, 0, TimeSpan.Zero)));
        using (certificate)
        using (var responder = Responder(OpenSslOcspResponder.Valid(certificate)))
        {
            // Act
            var (exitCode, output, _) = Doctor(store, "--ocsp", responder.Url, "--issuer", CaFile());

            // Assert
            Assert.Equal(1, exitCode);
            Assert.Contains("Sertifikanızın süresi 31 Mart 2025 12:00 UTC tarihinde doldu; kartınız imza atsa da bu sertifikayla atılan imzaları doğrulayanlar geçerli saymaz. " +
                "Çözüm: kurumunuzun yetkilisi aracılığıyla yeni sertifika (yenileme) başvurusu yapın.", output, StringComparison.Ordinal);
            Assert.Equal(0, responder.Requests);
            Assert.EndsWith(DoctorCommand.NotUsable + Environment.NewLine, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Doctor_CertificateNotYetValid_SaysStartDateAndExitsOne()
    {
        // Arrange: a renewed certificate starts when the previous one ends (R-REN-2), so it can sit on a card unused.
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(40).AddHours(9), TimeSpan.Zero);
        var (store, certificate) = OneCard("kart-henuz-degil", key => _ca.Issue(key, Holder, [0x40, 0x05], start, start.AddYears(3)));
        using (certificate)
        using (var responder = Responder(OpenSslOcspResponder.Valid(certificate)))
        {
            // Act
            var (exitCode, output, _) = Doctor(store, "--ocsp", responder.Url, "--issuer", CaFile());

            // Assert
            Assert.Equal(1, exitCode);
            var date = start.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("tr-TR"));
            Assert.Contains($"Sertifikanız henüz geçerli değil; geçerliliği {date} 09:00 UTC tarihinde başlıyor. Çözüm: bu tarihi bekleyin",
                output, StringComparison.Ordinal);
            Assert.Contains("Durum: geçerli.", output, StringComparison.Ordinal);
            Assert.EndsWith(DoctorCommand.NotUsable + Environment.NewLine, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Doctor_ResponderUnreachable_SaysNotCheckedNoCardFaultAndExitsZero()
    {
        // Arrange: a local port nobody listens on.
        var (store, certificate) = OneCard("kart-ulasilamaz", key => Current(key, [0x40, 0x06]));
        certificate.Dispose();
        var url = $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/";

        // Act
        var (exitCode, output, error) = Doctor(store, "--ocsp", url, "--issuer", CaFile());

        // Assert: the status is unknown to us, which is no reason to call the card unusable.
        Assert.True(exitCode == 0, output + error);
        Assert.Contains($"Durum denetlenemedi: OCSP sunucusuna ulaşılamadı ({url}): sunucu bağlantıyı reddetti (yanıtlayıcı çalışmıyor). " +
            "Bu, kartınızın ya da sertifikanızın bir arızası değildir. Çözüm: internet bağlantınızı denetleyip yeniden deneyin.",
            output, StringComparison.Ordinal);
        Assert.Contains("Süre: ", output, StringComparison.Ordinal);
        Assert.EndsWith(DoctorCommand.Usable + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_ResponderDoesNotKnowCertificate_SaysUnknownNotCheckedAndExitsZero()
    {
        // Arrange: an empty index; OpenSSL answers "unknown" (RFC 6960 §2.2).
        var (store, certificate) = OneCard("kart-bilinmiyor", key => Current(key, [0x40, 0x07]));
        certificate.Dispose();
        using var responder = Responder();

        // Act
        var (exitCode, output, error) = Doctor(store, "--ocsp", responder.Url, "--issuer", CaFile());

        // Assert
        Assert.True(exitCode == 0, output + error + responder.Log());
        Assert.Contains($"Durum denetlenemedi: OCSP yanıtlayıcısı ({responder.Url}) bu sertifikayı tanımıyor (unknown). " +
            "Bu, kartınızın ya da sertifikanızın bir arızası değildir.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_GoodAnswerSignedByStrangerKey_SaysNotCheckedAndNeverValid()
    {
        // Arrange: the responder says "good" but signs with a key the CA never authorised (RFC 6960 §4.2.2.2).
        var (store, certificate) = OneCard("kart-sahte-yanit", key => Current(key, [0x40, 0x08]));
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest($"CN={CaName}, O=Mühür Test, C=TR", strangerKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using (certificate)
        using (var responder = new OpenSslOcspResponder(_directory, _ca.CertificatePem, _ca.KeyPem, [OpenSslOcspResponder.Valid(certificate)],
            (stranger.ExportCertificatePem(), strangerKey.ExportPkcs8PrivateKeyPem())))
        {
            // Act
            var (_, output, _) = Doctor(store, "--ocsp", responder.Url, "--issuer", CaFile());

            // Assert
            Assert.Contains("Durum denetlenemedi: OCSP yanıtının imzası sertifikayı verenin ya da onun yetkilendirdiği yanıtlayıcının değil. " +
                "Bu, kartınızın ya da sertifikanızın bir arızası değildir.", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Durum: geçerli", output, StringComparison.Ordinal);
            Assert.Equal(1, responder.Requests);
        }
    }

    [Theory]
    [InlineData("der")]
    [InlineData("pem")]
    [InlineData("p7c")]
    public void Doctor_NoOptions_FindsResponderAndIssuerThroughAia(string form)
    {
        // Arrange: as the real CA's certificates (Muhur.Pki profile): AIA id-ad-ocsp pointing at the responder and
        // id-ad-caIssuers at the issuing CA's certificate, here served on 127.0.0.1 as DER (what our CA serves), PEM,
        // or a certs-only CMS made by OpenSSL (RFC 5280 §4.2.2.1 allows DER or certs-only CMS).
        var served = form switch
        {
            "der" => _ca.Certificate.RawData,
            "pem" => System.Text.Encoding.ASCII.GetBytes(_ca.CertificatePem),
            _ => CertsOnlyCms(),
        };
        using var caIssuers = new LoopbackHttpServer(request => Task.FromResult(request.Url!.AbsolutePath == "/sertifikalar/nitelikli.crt"
            ? (200, "application/pkix-cert", served)
            : (404, "text/plain", Array.Empty<byte>())));
        var caIssuersUrl = caIssuers.Url + "sertifikalar/nitelikli.crt";
        using var responder = Responder();
        var (store, certificate) = OneCard("kart-aia", key => Current(key, [0x40, 0x09], responder.Url + "ocsp", caIssuersUrl));
        using (certificate)
        {
            responder.Publish([OpenSslOcspResponder.Valid(certificate)]);

            // Act
            var (exitCode, output, error) = Doctor(store);

            // Assert
            Assert.True(exitCode == 0, output + error + responder.Log());
            Assert.Contains($"Veren makam: {CaName} (sertifikadaki adresten indirildi: {caIssuersUrl}).", output, StringComparison.Ordinal);
            Assert.Contains($"Durum: geçerli. OCSP yanıtlayıcısı ({responder.Url}ocsp)", output, StringComparison.Ordinal);
            Assert.Equal(1, caIssuers.Requests);
            Assert.Equal(1, responder.Requests);
        }
    }

    [Fact]
    public void Doctor_CaIssuersUnreachable_UsesIssuerCertificateOnCard()
    {
        // Arrange: the caIssuers address is dead, but the card carries the CA certificate beside the holder's.
        using var responder = Responder();
        var deadCaIssuers = $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/sertifikalar/nitelikli.crt";
        var (store, certificate) = OneCard("kart-zincirli", key => Current(key, [0x40, 0x0A], responder.Url, deadCaIssuers),
            _ca.Certificate.RawData);
        using (certificate)
        {
            responder.Publish([OpenSslOcspResponder.Revoked(certificate, RevokedAt, "certificateHold")]);

            // Act
            var (exitCode, output, _) = Doctor(store);

            // Assert: the CA certificate is recognised as such, not diagnosed as the holder's.
            Assert.Equal(1, exitCode);
            Assert.Contains("1 sertifika var (ayrıca 1 makam sertifikası).", output, StringComparison.Ordinal);
            Assert.Contains($"Veren makam: {CaName} (karttaki sertifikadan).", output, StringComparison.Ordinal);
            Assert.Contains("askıya alınmış", output, StringComparison.Ordinal);
            Assert.DoesNotContain($"  {CaName} (seri no", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Doctor_IssuerNowhere_SaysNotCheckedAndAsksForIssuerOption()
    {
        // Arrange: --issuer names another CA, the certificate has no caIssuers address and the card no CA certificate.
        using var other = new TestCertificateAuthority("Başka Test CA");
        var otherFile = Path.Combine(_directory, "baska.pem");
        File.WriteAllText(otherFile, other.CertificatePem);
        var (store, certificate) = OneCard("kart-verensiz", key => Current(key, [0x40, 0x0B]));
        using (certificate)
        using (var responder = Responder(OpenSslOcspResponder.Valid(certificate)))
        {
            // Act
            var (exitCode, output, _) = Doctor(store, "--ocsp", responder.Url, "--issuer", otherFile);

            // Assert
            Assert.Equal(0, exitCode);
            Assert.Contains($"Durum denetlenemedi: sertifikayı veren makamın (CN={CaName}, O=Mühür Test, C=TR) sertifikası bulunamadı " +
                "(--issuer ile verilen sertifika bu sertifikayı vermemiş; kartta da yok). Çözüm: makamın sertifikasını --issuer ARA.pem ile verin.",
                output, StringComparison.Ordinal);
            Assert.Equal(0, responder.Requests);
        }
    }

    [Fact]
    public void Doctor_RevokedCardBesideGoodCard_DiagnosesBothAndExitsZero()
    {
        // Arrange: two cards in one store; one revoked, one good.
        byte[]? revokedDer = null, goodDer = null;
        var store = hsm.CreateTokenStore(module =>
        {
            revokedDer = SignerTokenFixture.CreateCard(module, "kart-eski", [0x01], s => s.GenerateEcP256KeyPair("imza", [0x01]),
                key => Current(key, [0x40, 0x0C]));
            goodDer = SignerTokenFixture.CreateCard(module, "kart-yeni", [0x01], s => s.GenerateEcP256KeyPair("imza", [0x01]),
                key => Current(key, [0x40, 0x0D]));
        });
        using var revoked = X509CertificateLoader.LoadCertificate(revokedDer!);
        using var good = X509CertificateLoader.LoadCertificate(goodDer!);
        using var responder = Responder(OpenSslOcspResponder.Revoked(revoked, RevokedAt, "superseded"), OpenSslOcspResponder.Valid(good));

        // Act
        var (exitCode, output, error) = Doctor(store, "--ocsp", responder.Url, "--issuer", CaFile());

        // Assert: exit 0 because one card can sign.
        Assert.True(exitCode == 0, output + error + responder.Log());
        Assert.Contains("iptal edilmiş (neden: yerine yeni sertifika verilmiş)", output, StringComparison.Ordinal);
        Assert.Contains("Durum: geçerli.", output, StringComparison.Ordinal);
        Assert.EndsWith(DoctorCommand.Usable + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_OcspOptionNotHttp_ExitsOneWithTurkishMessage()
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["--module", Module, "doctor", "--ocsp", "ldap://ocsp.example/"], new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal("Geçersiz OCSP adresi: ldap://ocsp.example/", error.ToString().Trim());
    }

    private byte[] Current(PublicKey key, byte[] serial, string? ocspUrl = null, string? caIssuersUrl = null) =>
        _ca.Issue(key, Holder, serial, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), ocspUrl, caIssuersUrl);

    /// <summary>A token store with one EC card holding the certificate <paramref name="issue"/> makes (and <paramref name="chain"/>).</summary>
    private (string Store, X509Certificate2 Certificate) OneCard(string label, Func<PublicKey, byte[]> issue, params byte[][] chain)
    {
        byte[]? der = null;
        var store = hsm.CreateTokenStore(module =>
            der = SignerTokenFixture.CreateCard(module, label, [0x01], s => s.GenerateEcP256KeyPair("imza", [0x01]), issue, chain));
        return (store, X509CertificateLoader.LoadCertificate(der!));
    }

    /// <summary>Runs <c>muhur-imza --module … doctor</c> through the CLI, as the holder types it, against <paramref name="store"/>.</summary>
    private (int ExitCode, string Output, string Error) Doctor(string store, params string[] options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = hsm.WithTokenStore(store, () => SignerCli.Run(["--module", Module, "doctor", .. options], output, error, _ => null));
        return (exitCode, output.ToString(), error.ToString());
    }

    private OpenSslOcspResponder Responder(params string[] indexLines) =>
        new(_directory, _ca.CertificatePem, _ca.KeyPem, indexLines);

    /// <summary>The CA certificate as a DER certs-only CMS SignedData, made by <c>openssl crl2pkcs7 -nocrl</c>.</summary>
    private byte[] CertsOnlyCms()
    {
        var p7c = Path.Combine(_directory, "nitelikli.p7c");
        var (exit, output) = ExternalProcess.Run("openssl", "crl2pkcs7", "-nocrl", "-certfile", CaFile(), "-outform", "DER", "-out", p7c);
        Assert.True(exit == 0, output);
        return File.ReadAllBytes(p7c);
    }

    private string CaFile()
    {
        var path = Path.Combine(_directory, "nitelikli.pem");
        File.WriteAllText(path, _ca.CertificatePem);
        return path;
    }
}
