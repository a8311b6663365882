using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
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

    /// <summary>The command table: <c>migrate</c>, <c>audit</c>, <c>ca</c>, <c>card</c>.</summary>
    private static RootCommand Build(CommandServices services)
    {
        var migrate = new Command("migrate", "Veritabanını günceller / Applies database migrations");
        migrate.SetAction((_, _) =>
        {
            Console.WriteLine("Veritabanı güncel / Database is up to date.");
            return Task.FromResult(0);
        });

        var verify = new Command("verify", "Denetim kaydının bütünlüğünü doğrular / Verifies the audit log's hash chain");
        verify.SetAction((_, _) => VerifyAuditAsync(services.Provider));

        return new RootCommand("Mühür")
        {
            migrate,
            new Command("audit", "Denetim kaydı / The audit log") { verify },
            CaCommands.Build(services),
            CardCommands.Build(services),
        };
    }

    /// <summary>Refuses <paramref name="command"/> without each of <paramref name="options"/>, in both languages.</summary>
    public static void Require(Command command, params Option[] options)
    {
        foreach (var option in options)
        {
            command.Validators.Add(result =>
            {
                if (result.GetResult(option) is null)
                {
                    result.AddError($"{option.Name} gerekli / {option.Name} is required");
                }
            });
        }
    }

    /// <summary>Parses a command line before anything is built; its actions run with <paramref name="services"/>.</summary>
    public static ParseResult Parse(string[] args, CommandServices services) => Build(services).Parse(args);

    /// <summary>
    /// Help (printed, 0) or a refused command line (explained on standard error, 2), or null to run the command.
    /// Neither needs the database or the CA passphrase.
    /// </summary>
    public static int? HelpOrRefusal(string[] args, ParseResult parsed)
    {
        var usage = args[0] switch
        {
            "ca" => CaCommands.Usage,
            "card" => CardCommands.Usage,
            _ => Usage,
        };

        // `ca`, `ca help`: the group alone or the word help asks for the group's help, as before System.CommandLine.
        if (args is [_] or [_, "help"] && args[0] != "migrate" || args is ["migrate", "help"] || parsed.Action is HelpAction)
        {
            Console.WriteLine(usage);
            return 0;
        }

        if (parsed.Errors.Count == 0)
        {
            return null;
        }

        // System.CommandLine words its own errors in the current UI culture (it ships Turkish): both, as every message here.
        var turkish = Errors(args, "tr-TR");
        var english = Errors(args, "en");
        for (var i = 0; i < turkish.Count; i++)
        {
            var message = i < english.Count && english[i] != turkish[i] ? $"{turkish[i]} / {english[i]}" : turkish[i];
            Console.Error.WriteLine("muhur: " + message);
        }

        Console.Error.WriteLine(usage);
        return 2;
    }

    private static List<string> Errors(string[] args, string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return [.. Build(new CommandServices()).Parse(args).Errors.Select(e => e.Message)];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args, ParseResult parsed, CommandServices services)
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

            services.Provider = scope.ServiceProvider;
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
