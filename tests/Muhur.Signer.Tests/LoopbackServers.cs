using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Muhur.Signer.Tests;

/// <summary>An HTTP server on 127.0.0.1 only (tests never listen on other interfaces), answering with <c>respond</c>.</summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private int _requests;

    public LoopbackHttpServer(Func<HttpListenerRequest, Task<(int Status, string ContentType, byte[] Body)>> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                _ = Interlocked.Increment(ref _requests);
                try
                {
                    var (status, contentType, body) = await respond(context.Request);
                    context.Response.StatusCode = status;
                    context.Response.ContentType = contentType;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
                {
                    context.Response.Abort();
                }
            }
        });
    }

    /// <summary>The base address, ending in a slash.</summary>
    public string Url { get; }

    /// <summary>How many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A loopback port nobody listens on at the time of the call.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}

/// <summary>
/// OpenSSL's own responder (<c>openssl ocsp -index</c>) as the real peer, signing as the given CA (or another signer).
/// It runs in file mode (<c>-reqin</c>/<c>-respout</c>), one process per request that exits with it, behind a
/// <see cref="LoopbackHttpServer"/>: OpenSSL 3.0's <c>-port</c> would listen on every interface.
/// </summary>
internal sealed class OpenSslOcspResponder : IDisposable
{
    private readonly StringBuilder _log = new();
    private readonly LoopbackHttpServer _server;
    private readonly string _index;

    /// <param name="directory">Where the index, keys, requests and responses are written.</param>
    /// <param name="caPem">The issuing CA's certificate (-CA).</param>
    /// <param name="caKeyPem">The issuing CA's key, which signs the responses unless <paramref name="signer"/> is given.</param>
    /// <param name="indexLines">OpenSSL CA database lines, from <see cref="Valid"/> and <see cref="Revoked"/>.</param>
    /// <param name="signer">Another responder certificate and key (-rsigner, -rkey).</param>
    public OpenSslOcspResponder(string directory, string caPem, string caKeyPem, IEnumerable<string> indexLines,
        (string CertificatePem, string KeyPem)? signer = null)
    {
        var name = Guid.NewGuid().ToString("N");
        var index = _index = Write(directory, $"index-{name}.txt", string.Concat(indexLines));
        var ca = Write(directory, $"ca-{name}.pem", caPem);
        var key = Write(directory, $"ca-{name}.key", caKeyPem);
        var rsigner = signer is { } other ? Write(directory, $"rsigner-{name}.pem", other.CertificatePem) : ca;
        var rkey = signer is { } otherKey ? Write(directory, $"rsigner-{name}.key", otherKey.KeyPem) : key;
        _server = new LoopbackHttpServer(async request =>
        {
            var requestFile = Path.Combine(directory, $"ocsp-{Guid.NewGuid():N}.req");
            var responseFile = requestFile + ".resp";
            using (var file = File.Create(requestFile))
            {
                await request.InputStream.CopyToAsync(file);
            }
            var (exit, output) = ExternalProcess.Run("openssl", "ocsp", "-index", index, "-CA", ca, "-rsigner", rsigner, "-rkey", rkey,
                "-reqin", requestFile, "-respout", responseFile);
            lock (_log)
            {
                _ = _log.AppendLine(output);
            }
            return exit == 0 && File.Exists(responseFile)
                ? (200, "application/ocsp-response", await File.ReadAllBytesAsync(responseFile))
                : (500, "text/plain", Encoding.UTF8.GetBytes(output));
        });
    }

    public string Url => _server.Url;

    /// <summary>How many OCSP requests arrived.</summary>
    public int Requests => _server.Requests;

    /// <summary>
    /// Replaces the index the responder answers from, e.g. once the certificates exist that carry this responder's
    /// address in their AIA. Each request runs a new <c>openssl ocsp</c>, which reads the index afresh.
    /// </summary>
    public void Publish(IEnumerable<string> indexLines) => File.WriteAllText(_index, string.Concat(indexLines));

    /// <summary>An index line marking <paramref name="certificate"/> valid (V).</summary>
    public static string Valid(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return $"V\t{Time(certificate.NotAfter)}\t\t{certificate.SerialNumber}\tunknown\t/CN=imzaci-{certificate.SerialNumber}\n";
    }

    /// <summary>
    /// An index line marking <paramref name="certificate"/> revoked (R) at <paramref name="at"/>, with an OpenSSL reason name
    /// (keyCompromise, certificateHold, …) that the responder puts in RevokedInfo as CRLReason, or none.
    /// </summary>
    public static string Revoked(X509Certificate2 certificate, DateTimeOffset at, string? reason)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var revocation = Time(at.UtcDateTime) + (reason is null ? "" : "," + reason);
        return $"R\t{Time(certificate.NotAfter)}\t{revocation}\t{certificate.SerialNumber}\tunknown\t/CN=imzaci-{certificate.SerialNumber}\n";
    }

    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    public void Dispose() => _server.Dispose();

    private static string Time(DateTime time) =>
        time.ToUniversalTime().ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Write(string directory, string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
