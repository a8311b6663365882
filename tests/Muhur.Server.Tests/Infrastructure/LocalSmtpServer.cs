using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on 127.0.0.1: Debian's python3-aiosmtpd with its Maildir handler. Each received
/// message becomes a file under <see cref="MaildirNew"/>.
/// </summary>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    // aiosmtpd's command line has no AUTH options: with credentials the server is built here, requiring
    // AUTH (RFC 4954) for every message and accepting it without TLS, which only a test on loopback may.
    private const string AuthenticatingServer = """
        import asyncio, sys
        from aiosmtpd.handlers import Mailbox
        from aiosmtpd.smtp import SMTP, AuthResult
        port, directory, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode(), sys.argv[4].encode()
        def authenticate(server, session, envelope, mechanism, data):
            return AuthResult(success=data.login == user and data.password == password, handled=False)
        async def main():
            handler = Mailbox(directory)
            server = await asyncio.get_running_loop().create_server(
                lambda: SMTP(handler, authenticator=authenticate, auth_required=True, auth_require_tls=False),
                '127.0.0.1', port)
            await server.serve_forever()
        asyncio.run(main())
        """;

    private readonly Process _process;
    private readonly string _directory;

    private LocalSmtpServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string MaildirNew => Path.Combine(_directory, "new");

    /// <summary>Starts the server; with <paramref name="userName"/> it accepts mail only after AUTH with these credentials.</summary>
    public static async Task<LocalSmtpServer> StartAsync(string? userName = null, string? password = null)
    {
        var port = FreePort();
        // The Maildir handler creates new/, cur/ and tmp/ only when the folder itself is new.
        var directory = Path.Combine(Directory.CreateTempSubdirectory("muhur-smtp-").FullName, "maildir");
        string[] arguments = userName is null
            ? ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", directory]
            : ["-c", AuthenticatingServer, port.ToString(System.Globalization.CultureInfo.InvariantCulture), directory, userName, password ?? string.Empty];
        var start = new ProcessStartInfo("/usr/bin/python3", arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3 -m aiosmtpd (apt-get install python3-aiosmtpd).");
        var server = new LocalSmtpServer(process, directory, port);
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("aiosmtpd exited: " + await process.StandardError.ReadToEndAsync());
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        await server.DisposeAsync();
        throw new TimeoutException("aiosmtpd did not start listening.");
    }

    /// <summary>Waits until <paramref name="count"/> messages have arrived and returns their files.</summary>
    public async Task<string[]> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(MaildirNew) && Directory.GetFiles(MaildirNew) is { } files && files.Length >= count)
            {
                return files;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Expected {count} message(s) in {MaildirNew}.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);
    }
}
