using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Tests.Infrastructure;
using Muhur.Signer;
using Xunit.Abstractions;

namespace Muhur.Server.Tests.Integration;

// R-CARD-5: the server's /dogrula (status from the centre's records in PostgreSQL) and the real muhur-imza program's
// verify (status from the server's own OCSP responder, at the address written in the certificate) share one
// verification core, so one set of files signed by muhur-imza's signing code gets one verdict from both: good,
// tampered, revoked and suspended before signing, and a foreign chain.
public sealed partial class SharedVerdictTests(SharedVerdictTests.PublicServer app, ITestOutputHelper output)
    : IClassFixture<SharedVerdictTests.PublicServer>
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("Senato kararı 2026/12 — Gülşen Öztürk, Işık Çağlar");

    [Fact]
    public async Task Verify_SameFilesOnServerAndMuhurImza_SameVerdictForEach()
    {
        // Arrange: five detached CAdES-BES signatures made with muhur-imza's CadesSignature, on real certificates.
        var directory = Directory.CreateTempSubdirectory("muhur-ortak-karar-").FullName;
        var ca = await CaTestSupport.CaAsync(app);
        var root = Write(directory, "kok.pem", ca.Root.ExportCertificatePem());
        var issuing = Write(directory, "nitelikli.pem", ca.Issuing.ExportCertificatePem());
        var (good, _) = await CadesTestSigner.HolderAsync(app, "10000000146", "Ortak Karar Üniversitesi");
        var (revoked, revokedIssued) = await CadesTestSigner.HolderAsync(app, "12345678950", "Ortak Karar Üniversitesi");
        var (suspended, suspendedIssued) = await CadesTestSigner.HolderAsync(app, "11111111110", "Ortak Karar Üniversitesi");
        Assert.Equal(StatusChangeOutcome.Changed, (await CaTestSupport.ChangeAsync(app, revokedIssued.Serial, StatusChangeKind.Revoke, X509RevocationReason.KeyCompromise)).Outcome);
        Assert.Equal(StatusChangeOutcome.Changed, (await CaTestSupport.ChangeAsync(app, suspendedIssued.Serial, StatusChangeKind.Suspend)).Outcome);
        await Task.Delay(1100); // status change times are whole seconds; the signatures come after them
        using var foreignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var foreign = new CertificateRequest("CN=Başka SHS İmzacısı, C=TR", foreignKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var tampered = Document.ToArray();
        tampered[^1] ^= 1;
        var files = new (string Name, X509Certificate2 Signer, byte[] Content, string Verdict, string Reason)[]
        {
            ("iyi", good, Document, "valid", "GEÇERLİ"),
            ("degistirilmis", good, tampered, "invalid", "değiştirilmiş"),
            ("iptal", revoked, Document, "invalid", "iptal edilmiş"),
            ("askida", suspended, Document, "invalid", "askıya alınmış"),
            ("yabanci-zincir", foreign, Document, "indeterminate", "zincir"),
        };

        // Act
        var verdicts = new List<(string Name, string Expected, string Server, string Signer, string ServerPage, string SignerOutput)>();
        foreach (var (name, signer, content, expected, _) in files)
        {
            using var key = signer.GetECDsaPrivateKey()!;
            var signature = CadesSignature.SignDetached(Document, signer, key, DateTime.UtcNow);
            var file = Write(directory, name + ".txt", content);
            await File.WriteAllBytesAsync(file + ".p7s", signature);
            var page = await PostToDogrulaAsync(signature, content);
            var cli = await Tool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "muhur-imza.dll"), "verify", file, "--root", root, "--issuer", issuing]);
            verdicts.Add((name, expected, PageVerdict(page), CliVerdict(cli), page, cli.All));
            output.WriteLine($"{name}: /dogrula {PageVerdict(page)}, muhur-imza {cli.All.Split('\n')[0]}");
        }

        // Assert
        foreach (var (name, expected, server, signer, page, signerOutput) in verdicts)
        {
            Assert.True(server == expected, $"{name}: /dogrula said {server}, expected {expected}");
            Assert.True(signer == server, $"{name}: muhur-imza said {signer}, /dogrula {server}\n{signerOutput}");
            var reason = files.Single(f => f.Name == name).Reason;
            Assert.Contains(reason, WebUtility.HtmlDecode(page), StringComparison.Ordinal);
            Assert.Contains(reason, signerOutput, StringComparison.Ordinal);
        }
    }

    private static string Write(string directory, string name, string text) => Write(directory, name, Encoding.UTF8.GetBytes(text));

    private static string Write(string directory, string name, byte[] bytes)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string PageVerdict(string html) =>
        VerdictClass().Match(html) is { Success: true } match ? match.Groups[1].Value : "none";

    private static string CliVerdict(Tool.Result result) => result.Output.Split('\n')[0].Split(':')[0].Trim() switch
    {
        VerifyCommand.Valid when result.ExitCode == 0 => "valid",
        VerifyCommand.Invalid when result.ExitCode == 1 => "invalid",
        VerifyCommand.Indeterminate when result.ExitCode == 1 => "indeterminate",
        var other => $"unexpected ({other}, exit {result.ExitCode}): {result.All}",
    };

    private async Task<string> PostToDogrulaAsync(byte[] signature, byte[] content)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseAddress) };
        var token = MuhurAppFactory.AntiforgeryToken(await client.GetStringAsync("dogrula"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var signaturePart = new ByteArrayContent(signature);
        signaturePart.Headers.ContentType = new MediaTypeHeaderValue("application/pkcs7-signature");
        form.Add(signaturePart, "signature", "belge.txt.p7s");
        form.Add(new ByteArrayContent(content), "content", "belge.txt");
        using var response = await client.PostAsync("dogrula", form);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("class=\"panel verdict verdict-(valid|invalid|indeterminate)\"")]
    private static partial Regex VerdictClass();

    /// <summary>The server on a real loopback port that it also writes into certificates (AIA OCSP, caIssuers).</summary>
    public sealed class PublicServer : MuhurAppFactory
    {
        private readonly int _port = FreeLoopbackPort();

        public PublicServer()
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, _port));
        }

        public string BaseAddress => $"http://127.0.0.1:{_port}/";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Muhur:Ca:PublicBaseUrl"] = BaseAddress,
        };

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
