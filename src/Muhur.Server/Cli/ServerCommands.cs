using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;

namespace Muhur.Server.Cli;

/// <summary>
/// Commands run by <c>./muhur</c> through the server's own assembly, with the same configuration and
/// database as the web server: <c>migrate</c>, <c>audit verify</c>.
/// </summary>
internal static class ServerCommands
{
    public const string Usage = """
          migrate                                   Veritabanını günceller / Applies database migrations
          audit verify                              Denetim kaydının bütünlüğünü doğrular / Verifies the audit log's hash chain
        """;

    public static bool IsCommand(string[] args) => args is ["audit", ..] or ["migrate", ..] or ["ca", ..] or ["card", ..];

    /// <summary>The help a command line asks for (a command alone, or with help, --help or -h), or null.</summary>
    public static string? HelpFor(string[] args) => args switch
    {
        ["ca"] or ["ca", "help" or "--help" or "-h"] => CaCommands.Usage,
        ["card"] or ["card", "help" or "--help" or "-h"] => CardCommands.Usage,
        ["audit"] or ["audit" or "migrate", "help" or "--help" or "-h"] => Usage,
        _ => null,
    };

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (CaPassphrasePrompt.NeedsCaKey(args))
            {
                // What the server's first start does: migrations, and the CA if it does not exist yet. Only the
                // commands that use a CA key do it, so the others never need its passphrase.
                await scope.ServiceProvider.GetRequiredService<DatabaseStartup>().EnsureAsync(CancellationToken.None);
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            }
            switch (args)
            {
                case ["migrate"]:
                    Console.WriteLine("Veritabanı güncel / Database is up to date.");
                    return 0;
                case ["audit", "verify"]:
                    return await VerifyAuditAsync(scope.ServiceProvider);
                case ["ca", .. var rest]:
                    return await CaCommands.RunAsync(scope.ServiceProvider, rest);
                case ["card", .. var rest]:
                    return await CardCommands.RunAsync(scope.ServiceProvider, rest);
                default:
                    await Console.Error.WriteLineAsync($"muhur: bilinmeyen komut / unknown command: {string.Join(' ', args)}");
                    await Console.Error.WriteLineAsync(Usage);
                    await Console.Error.WriteLineAsync(CaCommands.Usage);
                    await Console.Error.WriteLineAsync(CardCommands.Usage);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is CaPassphraseMissingException or CertificateAuthorityNotInitializedException or ArgumentException or Pki.Authority.CaKeyStoreException)
        {
            await Console.Error.WriteLineAsync("muhur: " + ex.Message);
            return 1;
        }
        catch (Exception ex) when (DatabaseStartup.IsConnectionFailure(ex) || ex is DatabaseUnavailableException)
        {
            await Console.Error.WriteLineAsync("muhur: Veritabanına bağlanılamadı / Cannot reach the database: " + (ex.InnerException ?? ex).Message);
            return 1;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A person reads this: one sentence instead of a stack trace.
            await Console.Error.WriteLineAsync($"muhur: beklenmeyen hata / unexpected error: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> VerifyAuditAsync(IServiceProvider services)
    {
        var result = await services.GetRequiredService<VerifyAuditLog>().RunAsync(CancellationToken.None);
        if (result.IsIntact)
        {
            var head = result.HeadHash is null ? "-" : Convert.ToHexStringLower(result.HeadHash);
            Console.WriteLine($"Denetim kaydı sağlam / Audit log intact: {result.EntriesChecked} kayıt / entries, son özet / head {head}");
            return 0;
        }

        Console.WriteLine($"DENETİM KAYDI BOZUK / AUDIT LOG TAMPERED: {result.Fault} at #{result.FaultSequence}");
        return 3;
    }
}
