using System.Diagnostics;
using System.Formats.Asn1;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Muhur.Server.Tests.Integration;

// R-CA-3, RFC 5280 §4.2.1.15 and §5.2.6: a relying party that knows only the certificate finds the delta CRL through
// freshestCRL, and the real OpenSSL combines it with the full CRL (-use_deltas) to see a revocation made by the
// command line, well before the next full CRL. The server runs on a real port with the production publication
// interval (10 s), and every URL is the one written in the certificate or CRL.
public class DeltaCrlInteropTests(DeltaCrlInteropTests.PublishingServer app, ITestOutputHelper output)
    : IClassFixture<DeltaCrlInteropTests.PublishingServer>
{
    private const string FreshestCrlOid = "2.5.29.46";
    private const string CrlDistributionPointsOid = "2.5.29.31";

    [Fact]
    public async Task OpenSslUseDeltas_RevokedByTheCommandLine_DeltaFoundThroughFreshestCrlReportsRevokedWithinAMinute()
    {
        var directory = await CaTestSupport.WriteChainAsync(app);
        var chain = Path.Combine(directory, "chain.pem");
        var certificate = await CaTestSupport.IssueAsync(app, "10000000146", "Delta Üniversitesi", "Gülşen", "Öztürk");
        var leaf = Path.Combine(directory, "leaf.pem");
        await File.WriteAllTextAsync(leaf, CaTestSupport.Pem(certificate.Der));
        using var parsed = X509CertificateLoader.LoadCertificate(certificate.Der);
        using var http = new HttpClient();

        // Where a relying party looks: the certificate's CRL DP, then freshestCRL in the certificate and in the full CRL.
        var fullUrl = Assert.Single(DistributionPointUris(parsed.Extensions[CrlDistributionPointsOid]!.RawData));
        var certificateFreshest = parsed.Extensions[FreshestCrlOid];
        Assert.NotNull(certificateFreshest);
        Assert.False(certificateFreshest.Critical);
        var deltaUrl = Assert.Single(DistributionPointUris(certificateFreshest.RawData));
        var fullBefore = await http.GetByteArrayAsync(fullUrl);
        var fullExtensions = CrlExtensions(fullBefore);
        Assert.False(fullExtensions[FreshestCrlOid].Critical);
        Assert.Equal([deltaUrl], DistributionPointUris(fullExtensions[FreshestCrlOid].Value));
        Assert.StartsWith(app.BaseAddress, deltaUrl, StringComparison.Ordinal);
        var fullNumber = CrlNumber(fullBefore);

        // A delta exists before the revocation too: another holder's suspension, which says nothing about this one.
        var other = await CaTestSupport.IssueAsync(app, "12345678950", "Delta Üniversitesi", "Ayşe", "Yılmaz");
        var suspended = await CliAsync("ca", "suspend", other.SerialHex);
        Assert.True(suspended.ExitCode == 0, suspended.All);
        var deltaBefore = await WaitForDeltaListingAsync(http, deltaUrl, other.Serial);
        var good = await VerifyAsync(directory, chain, leaf, fullBefore, deltaBefore.Der);

        var revokedAt = Stopwatch.StartNew();
        var revoked = await CliAsync("ca", "revoke", certificate.SerialHex, "--reason", "keyCompromise");
        var commandTook = revokedAt.Elapsed;
        Assert.True(revoked.ExitCode == 0, revoked.All);
        var deltaAfter = await WaitForDeltaListingAsync(http, deltaUrl, certificate.Serial);
        revokedAt.Stop();
        output.WriteLine($"delta #{CrlNumber(deltaAfter.Der)} listed the revocation {revokedAt.Elapsed.TotalSeconds:F1} s after `ca revoke` started (the command took {commandTook.TotalSeconds:F1} s)");
        var fullAfter = await http.GetByteArrayAsync(fullUrl);
        var withDelta = await VerifyAsync(directory, chain, leaf, fullAfter, deltaAfter.Der);
        var fullOnly = await VerifyAsync(directory, chain, leaf, fullAfter, null);

        Assert.True(good.ExitCode == 0, good.All);
        Assert.Contains(": OK", good.Output, StringComparison.Ordinal);
        Assert.Equal(fullNumber, DeltaBase(deltaBefore.Der));
        Assert.True(revokedAt.Elapsed < TimeSpan.FromMinutes(1), $"{revokedAt.Elapsed}");
        Assert.Equal(fullBefore, fullAfter); // the full CRL is the one from before the revocation: the delta tells
        Assert.DoesNotContain(certificate.Serial, RevokedSerials(fullAfter), new ByteArrayComparer());
        Assert.Equal(fullNumber, DeltaBase(deltaAfter.Der));
        Assert.False(CrlExtensions(deltaAfter.Der).ContainsKey(FreshestCrlOid)); // RFC 5280 §5.2.6
        Assert.NotEqual(0, withDelta.ExitCode);
        Assert.Contains("certificate revoked", withDelta.All, StringComparison.Ordinal);
        Assert.True(fullOnly.ExitCode == 0, fullOnly.All);
    }

    [Fact]
    public async Task Issue_LongTurkishNames_CommonNameShortenedNamesWholeOrRefusedByTheCommandLine()
    {
        var shortened = await CaTestSupport.TryIssueAsync(
            app, "11111111110", "Uzun Ad Üniversitesi", "Abdurrahman Muhammed Fatih", "Karamanlıoğulları Yılmazoğlu Çelebioğulları");
        var tooLong = await CaTestSupport.TryIssueAsync(
            app, "99000000042", "Uzun Ad Üniversitesi", "Ayşe", "Karamanlıoğulları Yılmazoğlu Çelebioğulları Hacıömeroğlu Öztürk");
        var directory = await CaTestSupport.WriteChainAsync(app);
        var csr = Path.Combine(directory, "holder.csr");
        var made = await Tool.OpenSslAsync("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", Path.Combine(directory, "holder.key"), "-out", csr, "-subj", "/CN=ignored");
        Assert.True(made.ExitCode == 0, made.All);
        var certificatesBefore = await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificates");
        var refused = await CliAsync("ca", "issue", "--csr", csr, "--national-id", "99000000042",
            "--institution", "Uzun Ad Üniversitesi");

        Assert.Equal(IssueOutcome.Issued, shortened.Outcome);
        using var certificate = X509CertificateLoader.LoadCertificate(shortened.Certificate!.Der);
        Assert.Equal("Abdurrahman M. F. Karamanlıoğulları Yılmazoğlu Çelebioğulları", certificate.GetNameInfo(X509NameType.SimpleName, false));
        var attributes = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .ToDictionary(r => r.GetSingleElementType().Value!, r => r.GetSingleElementValue());
        Assert.Equal("Abdurrahman Muhammed Fatih", attributes["2.5.4.42"]);
        Assert.Equal("Karamanlıoğulları Yılmazoğlu Çelebioğulları", attributes["2.5.4.4"]);
        Assert.Equal(IssueOutcome.NameNotConforming, tooLong.Outcome);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("soyadı kısaltılmaz", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.All, StringComparison.Ordinal);
        Assert.Equal(certificatesBefore, await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificates"));
    }

    private static async Task<(byte[] Der, TimeSpan Waited)> WaitForDeltaListingAsync(HttpClient http, string url, byte[] serial)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            using var response = await http.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var der = await response.Content.ReadAsByteArrayAsync();
                if (RevokedSerials(der).Any(s => s.AsSpan().SequenceEqual(serial)))
                {
                    return (der, waited.Elapsed);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"No delta CRL at {url} listed {Convert.ToHexString(serial)} within 90 s.");
    }

    private static async Task<Tool.Result> VerifyAsync(string directory, string chain, string leaf, byte[] full, byte[]? delta)
    {
        // DER as served, the way the README's example passes them.
        var fullFile = Path.Combine(directory, "full.crl");
        await File.WriteAllBytesAsync(fullFile, full);
        string[] arguments = ["verify", "-crl_check", "-use_deltas", "-CAfile", chain, "-CRLfile", fullFile];
        if (delta is not null)
        {
            var deltaFile = Path.Combine(directory, "delta.crl");
            await File.WriteAllBytesAsync(deltaFile, delta);
            arguments = [.. arguments, "-CRLfile", deltaFile];
        }

        return await Tool.OpenSslAsync([.. arguments, leaf]);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__Muhur"] = app.Database.ConnectionString,
        ["Muhur__Ca__KeyPassphrase"] = "test-ca-passphrase",
        ["Muhur__Ca__PublicBaseUrl"] = app.BaseAddress,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };

    private Task<Tool.Result> CliAsync(params string[] args) =>
        Tool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll"), .. args], Environment());

    // CRLDistributionPoints (RFC 5280 §4.2.1.13), the syntax freshestCRL shares: the fullName URIs.
    private static List<string> DistributionPointUris(ReadOnlyMemory<byte> value)
    {
        var uris = new List<string>();
        var points = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        while (points.HasData)
        {
            var fullName = points.ReadSequence().ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            while (fullName.HasData)
            {
                uris.Add(fullName.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
            }
        }

        return uris;
    }

    // TBSCertList: version, signature, issuer, thisUpdate, nextUpdate, revokedCertificates OPTIONAL, [0] crlExtensions.
    private static AsnReader AfterTimes(byte[] crl)
    {
        var tbs = new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        for (var i = 0; i < 5; i++)
        {
            tbs.ReadEncodedValue();
        }

        return tbs;
    }

    private static List<byte[]> RevokedSerials(byte[] crl)
    {
        var serials = new List<byte[]>();
        var tbs = AfterTimes(crl);
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                serials.Add(entries.ReadSequence().ReadIntegerBytes().ToArray());
            }
        }

        return serials;
    }

    private static Dictionary<string, (bool Critical, byte[] Value)> CrlExtensions(byte[] crl)
    {
        var tbs = AfterTimes(crl);
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            tbs.ReadEncodedValue();
        }

        var result = new Dictionary<string, (bool, byte[])>();
        var extensions = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            result.Add(oid, (critical, extension.ReadOctetString()));
        }

        return result;
    }

    private static System.Numerics.BigInteger CrlNumber(byte[] crl) =>
        new AsnReader(CrlExtensions(crl)["2.5.29.20"].Value, AsnEncodingRules.DER).ReadInteger();

    private static System.Numerics.BigInteger DeltaBase(byte[] crl) =>
        new AsnReader(CrlExtensions(crl)["2.5.29.27"].Value, AsnEncodingRules.DER).ReadInteger();

    /// <summary>
    /// The real server on a fixed loopback port, so the URLs it writes into certificates and CRLs are where it
    /// answers; CRLs are published by the server's own job at the production interval.
    /// </summary>
    public sealed class PublishingServer : MuhurAppFactory
    {
        private readonly int _port = FreeLoopbackPort();

        public PublishingServer()
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, _port));
        }

        public string BaseAddress => $"http://127.0.0.1:{_port}/";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Muhur:Ca:PublicBaseUrl"] = BaseAddress,
            ["Muhur:Ca:CrlPublishInterval"] = "00:00:10",
        };

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
