using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-CA-4: the CA passphrase comes from configuration or from the person at the terminal, never from a file or a pipe.
// Each test runs the real server program on a fresh database of its own, with no passphrase configured.
public sealed class CaPassphrasePromptTests : IAsyncLifetime
{
    private const string Passphrase = "Gizli-SHS-Parolası-7";
    private const string Prompt = "SHS anahtar parolası / CA key passphrase: ";
    private TestDatabase? _database;

    private static string ServerDll => Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll");

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task CaCommand_OnATerminalWithoutPassphrase_AsksWithoutEchoAndUsesIt()
    {
        // Act: ca init creates the CA with the typed passphrase; ca chain then opens the keys with it, a wrong one is refused.
        var init = await PseudoTerminal.RunAsync(Prompt, Passphrase, "dotnet", [ServerDll, "ca", "init"], Environment());
        var chain = await PseudoTerminal.RunAsync(Prompt, Passphrase, "dotnet", [ServerDll, "ca", "chain"], Environment());
        var wrong = await PseudoTerminal.RunAsync(Prompt, "yanlış-parola", "dotnet", [ServerDll, "ca", "chain"], Environment());
        var piped = await Tool.RunAsync("dotnet", [ServerDll, "ca", "chain"], Environment(Passphrase));

        // Assert
        Assert.True(init.ExitCode == 0, init.Shown);
        Assert.Contains(Prompt, init.Shown, StringComparison.Ordinal);
        Assert.False(init.EchoAtPrompt); // echo is off before the prompt shows, so nothing typed then is echoed
        Assert.Contains("kök / root:", init.Shown, StringComparison.Ordinal);
        Assert.Equal(3, await _database!.ScalarAsync<long>("SELECT count(*) FROM ca_keys"));
        Assert.DoesNotContain(Passphrase, init.Shown, StringComparison.Ordinal);
        Assert.True(chain.ExitCode == 0, chain.Shown);
        Assert.Equal(2, Certificates(chain.Shown).Count);
        Assert.DoesNotContain(Passphrase, chain.Shown, StringComparison.Ordinal);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("parola yanlış", wrong.Shown, StringComparison.Ordinal);
        Assert.Contains("could not be decrypted", wrong.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("yanlış-parola", wrong.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", wrong.Shown, StringComparison.Ordinal);
        // The passphrase given through configuration opens the same keys: the prompt's passphrase is the one they use.
        Assert.True(piped.ExitCode == 0, piped.All);
        Assert.Equal(Certificates(chain.Shown), Certificates(piped.Output));
    }

    [Theory]
    [InlineData("ca", "chain")]
    [InlineData("ca", "init")]
    [InlineData("card", "produce", "--module", "/yok.so", "--serial", "KART-0001", "--national-id", "10000000146", "--given-name", "Ayşe", "--surname", "Yılmaz")]
    public async Task CaKeyCommand_WithoutPassphraseAndNoTerminal_RefusesInOneSentence(params string[] command)
    {
        // Act: standard input is a pipe, as under a script or a service manager.
        var result = await Tool.RunAsync("dotnet", [ServerDll, .. command], Environment());

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "muhur: SHS anahtar parolası yapılandırılmamış ve standart girdi bir uçbirim olmadığı için sorulamıyor: Muhur__Ca__KeyPassphrase ortam değişkenini ayarlayın. / " +
            "The CA key passphrase is not configured and cannot be asked for, as standard input is not a terminal: set the Muhur__Ca__KeyPassphrase environment variable.",
            result.Error.Trim());
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(0, await _database!.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'ca_keys'"));
    }

    [Fact]
    public async Task Server_WithoutPassphrase_RefusesToStartEvenOnATerminal()
    {
        // Act: the server runs unattended; it never asks, even with a terminal.
        var result = await PseudoTerminal.RunAsync(Prompt, Passphrase, "dotnet", [ServerDll, "--urls", "http://127.0.0.1:0"], Environment());

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain(Prompt, result.Shown, StringComparison.Ordinal);
        Assert.Null(result.EchoAtPrompt);
        Assert.Contains("Muhur__Ca__KeyPassphrase", result.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Shown, StringComparison.Ordinal);
    }

    private static List<string> Certificates(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, "-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----").Select(m => m.Value)];

    /// <summary>The test database, and the CA passphrase only when given (empty is not configured): nothing inherited can supply one.</summary>
    private Dictionary<string, string> Environment(string passphrase = "") => new()
    {
        ["ConnectionStrings__Muhur"] = _database!.ConnectionString,
        ["Muhur__Ca__KeyPassphrase"] = passphrase,
        ["Muhur__Ca__KeyIterations"] = "1000",
        ["Muhur__Cards__MasterKey"] = Convert.ToBase64String(new byte[32]),
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
