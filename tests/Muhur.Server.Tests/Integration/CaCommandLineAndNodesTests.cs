using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Ocsp;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-CA-2, R-CA-3: several server nodes and the command line share one database; a status change made
// anywhere is what every node's OCSP answers from the moment it commits.
public class CaCommandLineAndNodesTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task CachedOcspOnNodeA_AfterRevocationOnNodeB_IsNeverStale()
    {
        await using var nodeB = new SecondNode(app.Database);
        await nodeB.InitializeAsync();
        var certificate = await CaTestSupport.IssueAsync(app, "10000000146", "İki Düğüm Üniversitesi");
        var request = await RequestForAsync(certificate);
        var answerA = app.Services.GetRequiredService<AnswerOcspRequest>();

        var before = await answerA.RunAsync(request, CancellationToken.None);
        var cached = await answerA.RunAsync(request, CancellationToken.None);
        await CaTestSupport.ChangeAsync(nodeB, certificate.Serial, StatusChangeKind.Revoke, X509RevocationReason.KeyCompromise);
        var after = await answerA.RunAsync(request, CancellationToken.None);

        Assert.Equal(before, cached);
        Assert.Contains(": good", await DescribeAsync(before, certificate), StringComparison.Ordinal);
        Assert.Contains("Reason: keyCompromise", await DescribeAsync(after, certificate), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentIssuanceAndStatusChanges_NoDeadlockAndEveryNodeIndexMatchesTheDatabase()
    {
        await using var nodeB = new SecondNode(app.Database);
        await nodeB.InitializeAsync();
        var seed = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => CaTestSupport.IssueAsync(app, "10000000146", $"Eşzamanlı {i}")));
        var kinds = new[] { StatusChangeKind.Suspend, StatusChangeKind.Revoke, StatusChangeKind.Reinstate };

        var work = new List<Task>();
        for (var round = 0; round < 4; round++)
        {
            var r = round;
            work.Add(Task.Run(() => CaTestSupport.IssueAsync(r % 2 == 0 ? app : nodeB, "12345678950", $"Yarış {r}")));
            work.AddRange(seed.Select((c, i) => Task.Run(() => CaTestSupport.ChangeAsync(i % 2 == 0 ? app : nodeB, c.Serial, kinds[(i + r) % 3], X509RevocationReason.Superseded))));
        }

        await Task.WhenAll(work);

        foreach (var node in new MuhurAppFactory[] { app, nodeB })
        {
            var epoch = await node.Services.GetRequiredService<StatusEpoch>().ReadAsync();
            var index = node.Services.GetRequiredService<CertificateStatusIndex>();
            await index.CatchUpAsync(epoch, CancellationToken.None);
            foreach (var certificate in seed)
            {
                var status = await app.Database.ScalarAsync<string>("SELECT status FROM certificates WHERE serial = $1", certificate.Serial);
                var indexed = index.Lookup(certificate.Serial);
                Assert.Equal(status == "Good" ? Muhur.Pki.Ocsp.OcspCertStatus.Good : Muhur.Pki.Ocsp.OcspCertStatus.Revoked, indexed.Status);
            }
        }

        // Each certificate carries the epoch of its latest change, which the CRL history recorded too.
        Assert.Equal(0, await app.Database.ScalarAsync<long>("""
            SELECT count(*) FROM certificates c
            WHERE c.status_version <> coalesce((SELECT max(version) FROM certificate_status_changes s WHERE s.serial = c.serial), c.status_version)
            """));
    }

    [Fact]
    public async Task CommandLine_IssueRevokeSuspend_WorksAndEveryNodeSeesIt()
    {
        var directory = await CaTestSupport.WriteChainAsync(app);
        var csr = Path.Combine(directory, "holder.csr");
        var made = await Tool.OpenSslAsync("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", Path.Combine(directory, "holder.key"), "-out", csr, "-subj", "/CN=ignored");
        Assert.True(made.ExitCode == 0, made.All);
        var answer = app.Services.GetRequiredService<AnswerOcspRequest>();

        await CaTestSupport.RegisterAsync(app, "11111111110", "Komut Satırı Üniversitesi", "Gülşen", "Öztürk");
        var ambiguous = await CliAsync("ca", "issue", "--csr", csr, "--national-id", "11111111110");
        var issued = await CliAsync("ca", "issue", "--csr", csr, "--national-id", "11111111110", "--institution", "Komut Satırı Üniversitesi");
        using var certificate = X509CertificateLoader.LoadCertificate(System.Text.Encoding.ASCII.GetBytes(issued.Output));
        var serial = certificate.SerialNumber;
        var request = await RequestForAsync(certificate.RawData);
        var goodAnswer = await answer.RunAsync(request, CancellationToken.None);
        var revoked = await CliAsync("ca", "revoke", serial, "--reason", "keyCompromise");
        var revokedAnswer = await answer.RunAsync(request, CancellationToken.None);
        var again = await CliAsync("ca", "revoke", serial, "--reason", "keyCompromise");
        var suspend = await CliAsync("ca", "suspend", serial);
        var badReason = await CliAsync("ca", "revoke", serial, "--reason", "certificateHold");
        var tooEarly = await CliAsync("ca", "issue", "--csr", csr, "--national-id", "11111111110", "--institution", "Komut Satırı Üniversitesi", "--out", Path.Combine(directory, "x.pem"));

        Assert.True(issued.ExitCode == 0, issued.All);
        // Registered at the demo university too (as Şükrü Öztürk): the command line asks which registration.
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("birden çok kurumda kayıtlı (Komut Satırı Üniversitesi, Örnek Üniversitesi)", ambiguous.Error, StringComparison.Ordinal);
        Assert.Contains("CN=Gülşen Öztürk", certificate.Subject, StringComparison.Ordinal);
        Assert.Contains("O=Komut Satırı Üniversitesi", certificate.Subject, StringComparison.Ordinal);
        // Audited with the operating-system user who ran the command.
        Assert.Equal($"cli:ca:{System.Environment.UserName}", await app.Database.ScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE action = 'certificate.issued' AND subject = $1", $"certificate:{serial}"));
        Assert.Equal($"cli:ca:{System.Environment.UserName}", await app.Database.ScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE action = 'certificate.revoked' AND subject = $1", $"certificate:{serial}"));
        Assert.Contains(": good", await DescribeAsync(goodAnswer, certificate.RawData), StringComparison.Ordinal);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains("güncellendi / updated", revoked.Output, StringComparison.Ordinal);
        Assert.Contains("Reason: keyCompromise", await DescribeAsync(revokedAnswer, certificate.RawData), StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("değişiklik yok / unchanged", again.Output, StringComparison.Ordinal);
        Assert.Equal(1, suspend.ExitCode);
        Assert.Contains("geri dönmez", suspend.Error, StringComparison.Ordinal);
        // certificateHold is suspension, not a revocation reason: refused as an invalid value, before anything runs.
        Assert.Equal(2, badReason.ExitCode);
        Assert.Contains("geçersiz iptal nedeni", badReason.Error, StringComparison.Ordinal);
        Assert.Equal(0, tooEarly.ExitCode); // the first one is revoked, so this is a new certificate, not a renewal
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificate_status_changes WHERE serial = $1", Convert.FromHexString(serial)));
    }

    [Theory]
    [InlineData("kişi kayıtlı değil", "--national-id", "10000000078")]
    [InlineData("kurum kayıtlı değil: Olmayan Üniversite", "--national-id", "10000000146", "--institution", "Olmayan Üniversite")]
    [InlineData("kişi bu kurumda kayıtlı değil", "--national-id", "10000000078", "--institution", "Örnek Üniversitesi")]
    [InlineData("kişi kayıtlı değil (GB-", "--passport", "123456789", "--country", "GB")]
    [InlineData("ISO 3166", "--passport", "533380006", "--country", "XX")]
    [InlineData("ad ve soyad kişinin kaydından okunur", "--national-id", "10000000146", "--given-name", "Ayşe", "--surname", "Yılmaz")]
    public async Task CommandLine_IssueForUnregisteredPersonOrInstitution_IsRefusedAndNothingIssued(string expected, params string[] holder)
    {
        var directory = await CaTestSupport.WriteChainAsync(app);
        var csr = Path.Combine(directory, "holder.csr");
        await Tool.OpenSslAsync("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", Path.Combine(directory, "holder.key"), "-out", csr, "-subj", "/CN=ignored");
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificates");

        var result = await CliAsync(["ca", "issue", "--csr", csr, .. holder]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificates"));
    }

    [Fact]
    public async Task CommandLine_WrongPassphrase_SaysSoWithoutStackTrace()
    {
        var result = await Tool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll"), "ca", "chain"], Environment(passphrase: "yanlis-parola"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("could not be decrypted", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponderRotation_NearExpiry_IssuesANewResponderThatSigns()
    {
        var before = await CaTestSupport.CaAsync(app);
        await app.Database.ExecuteAsync("UPDATE ca_certificates SET not_after = now() + interval '1 day' WHERE role = 'OcspResponder' AND is_active");
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<InitializeCertificateAuthority>().RunAsync(CancellationToken.None);
        var after = await CaTestSupport.CaAsync(app);
        var certificate = await CaTestSupport.IssueAsync(app, "12345678950", "Rotasyon Üniversitesi");
        var response = await app.Services.GetRequiredService<AnswerOcspRequest>().RunAsync(await RequestForAsync(certificate), CancellationToken.None);

        Assert.True(result.CreatedResponder);
        Assert.NotEqual(before.ResponderRow.Id, after.ResponderRow.Id);
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM ca_certificates WHERE role = 'OcspResponder' AND is_active"));
        Assert.Contains("ocsp-responder-rotated", await app.Database.ScalarAsync<string>("SELECT string_agg(action, ',') FROM audit_log"), StringComparison.Ordinal);
        Assert.Contains(": good", await DescribeAsync(response, certificate), StringComparison.Ordinal);
        var text = (await DescribeAsync(response, certificate, text: true)).Replace(":", string.Empty, StringComparison.Ordinal);
        Assert.Contains(after.Responder.SerialNumber, text, StringComparison.OrdinalIgnoreCase);
    }

    private Dictionary<string, string> Environment(string passphrase = "test-ca-passphrase") => new()
    {
        ["ConnectionStrings__Muhur"] = app.Database.ConnectionString,
        ["Muhur__Ca__KeyPassphrase"] = passphrase,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };

    private Task<Tool.Result> CliAsync(params string[] args) =>
        Tool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll"), .. args], Environment());

    private Task<byte[]> RequestForAsync(IssuedCertificate certificate) => RequestForAsync(certificate.Der);

    private async Task<byte[]> RequestForAsync(byte[] certificateDer)
    {
        var directory = await CaTestSupport.WriteChainAsync(app);
        var leaf = Path.Combine(directory, "leaf.pem");
        await File.WriteAllTextAsync(leaf, CaTestSupport.Pem(certificateDer));
        var request = Path.Combine(directory, "request.der");
        await Tool.OpenSslAsync("ocsp", "-no_nonce", "-issuer", Path.Combine(directory, "issuing.pem"), "-cert", leaf, "-reqout", request);
        return await File.ReadAllBytesAsync(request);
    }

    private Task<string> DescribeAsync(byte[] response, IssuedCertificate certificate, bool text = false) => DescribeAsync(response, certificate.Der, text);

    private async Task<string> DescribeAsync(byte[] response, byte[] certificateDer, bool text = false)
    {
        var directory = await CaTestSupport.WriteChainAsync(app);
        var leaf = Path.Combine(directory, "leaf.pem");
        await File.WriteAllTextAsync(leaf, CaTestSupport.Pem(certificateDer));
        var file = Path.Combine(directory, "response.der");
        await File.WriteAllBytesAsync(file, response);
        string[] args = ["ocsp", "-respin", file, "-issuer", Path.Combine(directory, "issuing.pem"), "-cert", leaf, "-CAfile", Path.Combine(directory, "chain.pem")];
        var result = await Tool.OpenSslAsync(text ? [.. args, "-resp_text"] : args);
        Assert.Contains("Response verify OK", result.All, StringComparison.Ordinal);
        return result.All;
    }

    private sealed class SecondNode(TestDatabase database) : MuhurAppFactory(database);
}
