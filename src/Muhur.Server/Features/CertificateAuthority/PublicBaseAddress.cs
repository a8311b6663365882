using System.Net;
using System.Text.RegularExpressions;

namespace Muhur.Server.Features.CertificateAuthority;

/// <summary>
/// Where certificates send relying parties (CRL distribution points, OCSP and caIssuers, RFC 5280 §4.2.1.13, §4.2.2.1).
/// Unless <c>Muhur:Ca:PublicBaseUrl</c> is configured, that is the server's own http address, so that moving the server
/// (<c>MUHUR_PORT</c>, <c>ASPNETCORE_URLS</c>, <c>--urls</c>) moves the addresses written into certificates with it.
/// </summary>
internal static partial class PublicBaseAddress
{
    /// <summary>The address of <c>./muhur up</c> on its default port, when nothing says where the server listens.</summary>
    public static readonly Uri Fallback = new("http://127.0.0.1:5080/");

    private static readonly string[] AnyHost = ["*", "+", "0.0.0.0", "[::]"];

    /// <summary>The listen addresses the configuration names with a fixed port (port 0 means "any free one").</summary>
    public static IReadOnlyList<(string Scheme, string Host, int Port)> ListenAddresses(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var urls = new List<string>();
        // The host's "urls" key is ASPNETCORE_URLS or --urls; "http_ports" is ASPNETCORE_HTTP_PORTS.
        urls.AddRange(Split(configuration["urls"]));
        urls.AddRange(Split(configuration["http_ports"]).Select(port => $"http://*:{port}"));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        var addresses = new List<(string, string, int)>();
        foreach (var url in urls)
        {
            var match = ListenUrl().Match(url);
            if (match.Success && int.TryParse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture, out var port) && port > 0)
            {
                addresses.Add((match.Groups["scheme"].Value.ToLowerInvariant(), match.Groups["host"].Value, port));
            }
        }

        return addresses;
    }

    /// <summary>
    /// The server's first http listen address (else https) as a base URL; a listener on every interface is named by
    /// 127.0.0.1, the one address it certainly answers on. Null when the configuration names none.
    /// </summary>
    public static Uri? FromListenAddresses(IConfiguration configuration)
    {
        var addresses = ListenAddresses(configuration);
        if (addresses.Count == 0)
        {
            return null;
        }

        var (scheme, host, port) = addresses.Any(a => a.Scheme == "http") ? addresses.First(a => a.Scheme == "http") : addresses[0];
        return new Uri($"{scheme}://{(AnyHost.Contains(host) ? "127.0.0.1" : host)}:{port}/");
    }

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?[$"{CaOptions.Section}:{nameof(CaOptions.PublicBaseUrl)}"]);

    /// <summary>Refuses a configured public base URL that certainly does not reach this server (see <see cref="Inconsistency"/>).</summary>
    public static void EnsureConsistent(IConfiguration configuration, CaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (IsConfigured(configuration) && Inconsistency(options.PublicBaseUrl, configuration) is { } message)
        {
            throw new PublicBaseUrlMismatchException(message);
        }
    }

    /// <summary>
    /// One sentence when a configured public base URL names this machine (loopback) on a port the server does not
    /// listen on: every CRL and OCSP address in the certificates would then lead nowhere. A public host name is not
    /// judged, since a proxy in front of the server may well serve it on another port. Null when consistent or unknown.
    /// </summary>
    public static string? Inconsistency(Uri publicBaseUrl, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        if (!publicBaseUrl.IsLoopback)
        {
            return null;
        }

        var listening = ListenAddresses(configuration);
        var reachable = listening.Where(a => AnyHost.Contains(a.Host) || IsLoopback(a.Host)).ToList();
        if (listening.Count == 0 || reachable.Any(a => a.Port == publicBaseUrl.Port))
        {
            return null;
        }

        var ports = string.Join(", ", listening.Select(a => $"{a.Scheme}://{a.Host}:{a.Port}"));
        return $"Muhur:Ca:PublicBaseUrl ({publicBaseUrl}) bu makinenin {publicBaseUrl.Port} portunu gösteriyor ama sunucu orada dinlemiyor ({ports}); "
            + "sertifikalardaki SİL ve OCSP adresleri boşa çıkar: ayarı kaldırın (sunucunun kendi adresi kullanılır) ya da düzeltin. / "
            + $"Muhur:Ca:PublicBaseUrl ({publicBaseUrl}) points at port {publicBaseUrl.Port} of this machine, where the server does not listen ({ports}), "
            + "so the CRL and OCSP addresses in certificates would lead nowhere: remove the setting (the server's own address is used) or correct it.";
    }

    private static string[] Split(string? list) =>
        (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]*\]|[^:/]+):(?<port>\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListenUrl();
}

/// <summary>A configured public base URL that certainly does not reach this server (see <see cref="PublicBaseAddress.Inconsistency"/>).</summary>
internal sealed class PublicBaseUrlMismatchException(string message) : Exception(message);
