using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// MUHUR_PORT / ASPNETCORE_URLS move the server; the CRL, OCSP and CA-certificate addresses it writes into certificates
// (RFC 5280 §4.2.1.13, §4.2.2.1) move with it unless Muhur:Ca:PublicBaseUrl is configured.
/// <summary>R-CA-3: the CRL and OCSP addresses in certificates reach the server that wrote them.</summary>
public class PublicBaseUrlTests(PublicBaseUrlTests.ListeningElsewhere app) : IClassFixture<PublicBaseUrlTests.ListeningElsewhere>
{
    [Fact]
    public async Task NotConfigured_CertificatesNameTheAddressTheServerListensOn()
    {
        var ca = await CaTestSupport.CaAsync(app);
        var holder = await CaTestSupport.IssueAsync(app);
        using var certificate = X509CertificateLoader.LoadCertificate(holder.Der);
        var expected = $"http://127.0.0.1:{ListeningElsewhere.Port}/";

        Assert.Contains(expected + "crl/kok.crl", Extension(ca.Issuing, "2.5.29.31"), StringComparison.Ordinal);
        Assert.Contains(expected + "crl/nitelikli.crl", Extension(certificate, "2.5.29.31"), StringComparison.Ordinal);
        var access = certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single();
        Assert.Equal([expected + "ocsp"], access.EnumerateOcspUris());
        Assert.Equal([expected + "sertifikalar/nitelikli.crt"], access.EnumerateCAIssuersUris());
    }

    [Theory]
    [InlineData(1, true)]    // this machine, another port
    [InlineData(0, false)]   // this machine, the port the server listens on
    [InlineData(-1, false)]  // a public name in front of the server
    public async Task ServerProcess_ConfiguredPublicBaseUrl_RefusedOnlyWhenLoopbackOnAnotherPort(int portOffset, bool refused)
    {
        var port = FreePort();
        var publicBaseUrl = portOffset < 0 ? "http://sertifika.example/" : $"http://127.0.0.1:{port + portOffset}/";

        var result = await Tool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll"), "--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string>
            {
                ["Muhur__Ca__PublicBaseUrl"] = publicBaseUrl,
                // Unreachable: a start that passes the check ends at the database, before listening.
                ["ConnectionStrings__Muhur"] = "Host=127.0.0.1;Port=1;Username=muhur;Password=x;Database=muhur;Timeout=3",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            });

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        if (refused)
        {
            Assert.StartsWith(
                $"muhur: Muhur:Ca:PublicBaseUrl ({publicBaseUrl}) bu makinenin {port + 1} portunu gösteriyor ama sunucu orada dinlemiyor (http://127.0.0.1:{port})",
                result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain("Cannot reach the database", result.All, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("Cannot reach the database", result.All, StringComparison.Ordinal);
            Assert.DoesNotContain("PublicBaseUrl", result.All, StringComparison.Ordinal);
        }
    }

    private static string Extension(X509Certificate2 certificate, string oid) =>
        certificate.Extensions[oid]?.Format(multiLine: false) ?? string.Empty;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server configured to listen on a port of its own (nothing binds it: the test server has no socket).</summary>
    public sealed class ListeningElsewhere : MuhurAppFactory
    {
        public const int Port = 5994;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{Port}" };
    }
}
