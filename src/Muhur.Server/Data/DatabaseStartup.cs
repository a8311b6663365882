using System.Net.Sockets;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Demo;
using Npgsql;

namespace Muhur.Server.Data;

/// <summary>
/// Runs before the server accepts requests: applies the migrations (R-CA-4 schema included) and, when
/// <c>Muhur:Demo:Load</c> is set, loads the demo data. A database that cannot be reached becomes a
/// <see cref="DatabaseUnavailableException"/> with a message for a person, not a stack trace.
/// </summary>
internal sealed class DatabaseStartup(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    private readonly Lock _gate = new();
    private Task? _run;

    public Task StartAsync(CancellationToken cancellationToken) => EnsureAsync(cancellationToken);

    /// <summary>Runs the start-up work once per process, however many callers ask.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _run ??= RunAsync(cancellationToken);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);

            // R-CA-1: the first start creates the root, the issuing CA and the OCSP responder.
            await scope.ServiceProvider.GetRequiredService<InitializeCertificateAuthority>().RunAsync(cancellationToken);
            if (configuration.GetValue<bool>("Muhur:Demo:Load"))
            {
                await scope.ServiceProvider.GetRequiredService<LoadDemoData>().RunAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            throw new DatabaseUnavailableException(
                "Veritabanına bağlanılamadı. ConnectionStrings__Muhur ayarını denetleyin ya da yerel veritabanı için './muhur up' komutunu kullanın. / " +
                $"Cannot reach the database ({Describe(ex)}). Check ConnectionStrings__Muhur, or use './muhur up' for the local database.",
                ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static bool IsConnectionFailure(Exception ex) => ex switch
    {
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } => true,
        PostgresException pg => pg.SqlState is "28P01" or "28000" or "3D000" or "57P03",
        NpgsqlException npgsql when npgsql.Message.Contains("connect", StringComparison.OrdinalIgnoreCase) => true,
        SocketException or TimeoutException => true,
        _ => false,
    };

    private static string Describe(Exception ex) => ex switch
    {
        PostgresException { SqlState: "28P01" or "28000" } => "authentication failed",
        PostgresException { SqlState: "3D000" } => "database does not exist",
        PostgresException { SqlState: "57P03" } => "database is starting up",
        _ => (ex.InnerException ?? ex).Message,
    };
}
