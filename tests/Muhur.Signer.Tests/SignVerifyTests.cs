using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Muhur.Signer.Tests;

/// <summary>
/// <c>sign</c> and <c>verify</c> (R-CARD-5) against real SoftHSM2 cards, the real <c>openssl cms</c> and OpenSSL's own
/// OCSP responder (<c>openssl ocsp -index</c>) signing as the throwaway CA, behind a listener on 127.0.0.1.
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
        var (openSslExit, openSslOutput) = Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", file + ".p7s",
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
    public void Verify_RootThatDidNotIssueSigner_ReportsInvalidChain()
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
        Assert.StartsWith("GEÇERSİZ: sertifika zinciri verilen köke ulaşmıyor", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OcspResponderUnreachable_ReportsIndeterminate()
    {
        // Arrange: a local port nobody listens on.
        var file = SignFile(SignerTokenFixture.EcLabel, "belge");
        var output = new StringWriter();

        // Act: R-CARD-5
        var exitCode = SignerCli.Run(["verify", file, "--root", WriteFile("ca.pem", hsm.CaCertificatePem),
            "--ocsp", $"http://127.0.0.1:{FreePort()}/"], output, new StringWriter(), _ => null);

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

    /// <summary>
    /// OpenSSL's own responder (<c>openssl ocsp -index</c>, signing as the CA) as the real peer. It runs in file mode
    /// (<c>-reqin</c>/<c>-respout</c>) behind an HTTP listener bound to 127.0.0.1: OpenSSL 3.0's <c>-port</c> would
    /// listen on every interface.
    /// </summary>
    private Responder StartResponder(byte[] certificateDer, DateTimeOffset? revokedAt, (string CertificatePem, string KeyPem)? signer = null)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        var expiry = certificate.NotAfter.ToUniversalTime().ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture);
        var line = revokedAt is { } at
            ? $"R\t{expiry}\t{at.UtcDateTime.ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture)}\t{certificate.SerialNumber}\tunknown\t/CN=imzaci\n"
            : $"V\t{expiry}\t\t{certificate.SerialNumber}\tunknown\t/CN=imzaci\n";
        var index = WriteFile($"index-{Guid.NewGuid():N}.txt", line);
        var ca = WriteFile("ca.pem", hsm.CaCertificatePem);
        var key = WriteFile("ca.key", hsm.CaKeyPem);
        var rsigner = signer is { } other ? WriteFile("rsigner.pem", other.CertificatePem) : ca;
        var rkey = signer is { } otherKey ? WriteFile("rsigner.key", otherKey.KeyPem) : key;
        var port = FreePort();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var log = new System.Text.StringBuilder();
        var directory = _directory;
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var request = Path.Combine(directory, $"ocsp-{Guid.NewGuid():N}.req");
                var response = request + ".resp";
                using (var file = File.Create(request))
                {
                    await context.Request.InputStream.CopyToAsync(file);
                }

                var (exit, output) = Run("openssl", "ocsp", "-index", index, "-CA", ca, "-rsigner", rsigner, "-rkey", rkey,
                    "-reqin", request, "-respout", response);
                lock (log)
                {
                    _ = log.AppendLine(output);
                }

                context.Response.ContentType = "application/ocsp-response";
                if (exit == 0 && File.Exists(response))
                {
                    var bytes = await File.ReadAllBytesAsync(response);
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
                else
                {
                    context.Response.StatusCode = 500;
                }

                context.Response.Close();
            }
        });
        return new Responder(listener, $"http://127.0.0.1:{port}/", log);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (int ExitCode, string Output) Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private sealed class Responder(HttpListener listener, string url, System.Text.StringBuilder log) : IDisposable
    {
        public string Url { get; } = url;

        public string Log()
        {
            lock (log)
            {
                return log.ToString();
            }
        }

        public void Dispose() => listener.Close();
    }
}
