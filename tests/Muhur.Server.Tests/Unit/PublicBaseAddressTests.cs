using Microsoft.Extensions.Configuration;
using Muhur.Server.Features.CertificateAuthority;

namespace Muhur.Server.Tests.Unit;

// The CRL, OCSP and CA-certificate addresses in certificates follow the server's listen address unless configured,
// and a configured one that points at this machine where the server does not listen is refused.
/// <summary>R-CA-3: the public base address follows the listen address unless configured.</summary>
public class PublicBaseAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5094", "http://127.0.0.1:5094/")]
    [InlineData("http://localhost:6000;https://localhost:6001", "http://localhost:6000/")]
    [InlineData("https://127.0.0.1:6001;http://127.0.0.1:6000", "http://127.0.0.1:6000/")]
    [InlineData("https://127.0.0.1:6001", "https://127.0.0.1:6001/")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/")]
    public void FromListenAddresses_Urls_FirstHttpAddress(string urls, string expected)
    {
        var configuration = Configuration(("urls", urls));

        Assert.Equal(new Uri(expected), PublicBaseAddress.FromListenAddresses(configuration));
    }

    [Fact]
    public void FromListenAddresses_HttpPorts_LoopbackWithThatPort()
    {
        var configuration = Configuration(("http_ports", "8081;8082"));

        Assert.Equal(new Uri("http://127.0.0.1:8081/"), PublicBaseAddress.FromListenAddresses(configuration));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost")]
    public void FromListenAddresses_NoFixedPort_Null(string? urls)
    {
        var configuration = Configuration(("urls", urls));

        Assert.Null(PublicBaseAddress.FromListenAddresses(configuration));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/", "http://127.0.0.1:5094", true)]
    [InlineData("http://localhost:5080/", "http://127.0.0.1:5094", true)]
    [InlineData("http://127.0.0.1:5094/", "http://127.0.0.1:5094", false)]
    [InlineData("http://127.0.0.1:5094/", "http://*:5094", false)]
    [InlineData("http://127.0.0.1:80/", "http://127.0.0.1:5094", true)]
    [InlineData("http://sertifika.example/", "http://127.0.0.1:5094", false)] // behind a proxy: not ours to judge
    [InlineData("http://127.0.0.1:5080/", null, false)]                       // where the server listens is unknown
    [InlineData("http://127.0.0.1:5080/", "http://127.0.0.1:0", false)]
    public void Inconsistency_LoopbackOnAnotherPort_OnlyThenASentence(string publicBaseUrl, string? urls, bool refused)
    {
        var message = PublicBaseAddress.Inconsistency(new Uri(publicBaseUrl), Configuration(("urls", urls)));

        Assert.Equal(refused, message is not null);
        if (refused)
        {
            Assert.Contains("Muhur:Ca:PublicBaseUrl", message, StringComparison.Ordinal);
            Assert.Contains("where the server does not listen", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EnsureConsistent_NotConfigured_AcceptsTheDerivedAddress()
    {
        var configuration = Configuration(("urls", "http://127.0.0.1:5094"));

        PublicBaseAddress.EnsureConsistent(configuration, new CaOptions { PublicBaseUrl = PublicBaseAddress.Fallback });
    }

    [Fact]
    public void EnsureConsistent_ConfiguredLoopbackOnAnotherPort_Throws()
    {
        var configuration = Configuration(("urls", "http://127.0.0.1:5094"), ("Muhur:Ca:PublicBaseUrl", "http://127.0.0.1:5080/"));

        Assert.Throws<PublicBaseUrlMismatchException>(() =>
            PublicBaseAddress.EnsureConsistent(configuration, new CaOptions { PublicBaseUrl = new Uri("http://127.0.0.1:5080/") }));
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
