using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// What a person gets from the command line: standard output carries only the command's result (so that
// `./muhur ca chain > chain.pem` is a PEM file), everything else goes to standard error, and help needs neither the
// database nor the CA passphrase. Runs the real `muhur` script and the server's DLL as processes.
public class CommandLineOutputTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=muhur;Password=x;Database=muhur;Timeout=3";

    [Fact]
    public async Task ScriptCaChain_StandardOutputRedirected_IsExactlyTheRootAndIssuingCertificates()
    {
        var ca = await CaTestSupport.CaAsync(app);

        var result = await Tool.RunAsync("bash", [Script, "ca", "chain"], new Dictionary<string, string>
        {
            ["ConnectionStrings__Muhur"] = app.Database.ConnectionString,
            ["Muhur__Ca__KeyPassphrase"] = "test-ca-passphrase",
            ["Muhur__Cards__MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(result.Output);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", result.Output, StringComparison.Ordinal);
        Assert.Equal([ca.Root.Thumbprint, ca.Issuing.Thumbprint], certificates.Select(c => c.Thumbprint));
        Assert.Equal(PemOf(certificates), result.Output);
        // The status line went where status lines go.
        Assert.Contains("muhur: Yapılandırılmış veritabanı kullanılıyor", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DllCaChain_FreshDatabase_MigrationAndCaLogsGoToStandardError()
    {
        await using var database = await TestDatabase.CreateAsync();

        var result = await Tool.RunAsync("dotnet", [ServerDll, "ca", "chain"], new Dictionary<string, string>
        {
            ["ConnectionStrings__Muhur"] = database.ConnectionString,
            ["Muhur__Ca__KeyPassphrase"] = "test-ca-passphrase",
            ["Muhur__Ca__KeyIterations"] = "1000",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(result.Output);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("Applied database migration", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, certificates.Count);
        Assert.Equal(certificates[0].Subject, certificates[1].Issuer);
        Assert.Equal(PemOf(certificates), result.Output);
    }

    [Theory]
    [InlineData("ca", "help", "ca chain")]
    [InlineData("ca", "--help", "ca revoke")]
    [InlineData("card", "help", "card produce")]
    [InlineData("card", "-h", "card pin")]
    [InlineData("audit", "help", "audit verify")]
    public async Task DllHelp_NoDatabaseNoPassphrase_PrintsHelp(string command, string help, string expected)
    {
        var result = await Tool.RunAsync("dotnet", [ServerDll, command, help], new Dictionary<string, string>
        {
            ["ConnectionStrings__Muhur"] = Unreachable,
            ["Muhur__Ca__KeyPassphrase"] = string.Empty,
        });

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Theory]
    [InlineData("geçersiz iptal nedeni / invalid revocation reason: nonsense", "ca", "revoke", "0A1B", "--reason", "nonsense")]
    [InlineData("--slot bir yuva numarası", "card", "produce", "--module", "/yok.so", "--serial", "KART-0001", "--national-id", "10000000146", "--slot", "abc")]
    [InlineData("Tanınmayan komut veya bağımsız değişken: '--bogus'", "ca", "chain", "--bogus")]
    [InlineData("Tanınmayan komut veya bağımsız değişken: 'frob'", "ca", "frob")]
    [InlineData("--csr gerekli / --csr is required", "ca", "issue", "--national-id", "10000000146")]
    [InlineData("--module gerekli", "card", "produce", "--serial", "KART-0001", "--national-id", "10000000146")]
    public async Task DllInvalidCommandLine_NoDatabaseNoPassphrase_RefusedInTurkishWithExitCode2(string expected, params string[] args)
    {
        var result = await Tool.RunAsync("dotnet", [ServerDll, .. args], new Dictionary<string, string>
        {
            ["ConnectionStrings__Muhur"] = Unreachable,
            ["Muhur__Ca__KeyPassphrase"] = string.Empty,
        });

        Assert.True(result.ExitCode == 2, result.All);
        Assert.Contains("muhur: " + expected, result.Error, StringComparison.Ordinal);
        Assert.Contains(args[0] + " ", result.Error, StringComparison.Ordinal); // the command's usage follows
        Assert.Equal(string.Empty, result.Output);
    }

    [Theory]
    [InlineData("ca", "help", "ca issue")]
    [InlineData("ca", null, "ca issue")]
    [InlineData("card", "help", "card produce")]
    public async Task ScriptHelp_NoDatabase_PrintsHelpWithoutStartingTheClusterOrMakingAPassphrase(string command, string? help, string expected)
    {
        // Any cluster start or check says so on standard error, and port 1 is nobody's PostgreSQL.
        var result = await Tool.RunAsync("bash", help is null ? [Script, command] : [Script, command, help], new Dictionary<string, string>
        {
            ["MUHUR_PG_PORT"] = "1",
            ["ConnectionStrings__Muhur"] = string.Empty,
            ["Muhur__Ca__KeyPassphrase"] = string.Empty,
        });

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    /// <summary>The certificates as PEM, each followed by a newline: all the output may hold, nothing before or between.</summary>
    private static string PemOf(X509Certificate2Collection certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    private static string ServerDll => Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll");

    /// <summary>The repository's <c>muhur</c> script, found upwards from the test's output folder.</summary>
    private static string Script
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "muhur")) && File.Exists(Path.Combine(directory.FullName, "Muhur.sln")))
                {
                    return Path.Combine(directory.FullName, "muhur");
                }
            }

            throw new InvalidOperationException($"No muhur script above {AppContext.BaseDirectory}.");
        }
    }
}
