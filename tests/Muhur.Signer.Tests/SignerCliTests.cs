namespace Muhur.Signer.Tests;

/// <summary>
/// Argument handling and module resolution of muhur-imza (R-CARD-4). In the SoftHSM collection because it changes
/// MUHUR_IMZA_MODULE, which must not race with the token tests.
/// </summary>
[Collection(SignerTokenGroup.Name)]
public sealed class SignerCliTests
{
    [Fact]
    public void Resolve_ExplicitPathAndEnvironment_ExplicitWins()
    {
        // Arrange
        Environment.SetEnvironmentVariable(ModuleLocator.EnvironmentVariable, "/from/env.so");

        try
        {
            // Act
            var explicitPath = ModuleLocator.Resolve("/from/option.so");
            var fromEnvironment = ModuleLocator.Resolve(null);

            // Assert
            Assert.Equal("/from/option.so", explicitPath);
            Assert.Equal("/from/env.so", fromEnvironment);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModuleLocator.EnvironmentVariable, null);
        }
    }

    [Fact]
    public void Resolve_NothingGiven_FirstExistingDefaultPath()
    {
        // Arrange: SoftHSM2 is installed for the tests; an AKİS module, if present, comes first.
        var expected = ModuleLocator.DefaultPaths.First(File.Exists);
        var saved = Environment.GetEnvironmentVariable(ModuleLocator.EnvironmentVariable);
        Environment.SetEnvironmentVariable(ModuleLocator.EnvironmentVariable, null);

        // Act
        string? path;
        try
        {
            path = ModuleLocator.Resolve(null);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModuleLocator.EnvironmentVariable, saved);
        }

        // Assert
        Assert.Equal(expected, path);
        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", ModuleLocator.DefaultPaths[^1]);
    }

    [Fact]
    public void Run_UnknownOption_ExitsTwoWithTurkishAndEnglishMessageAndTheUsage()
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["--bogus", "list"], new StringWriter(), error, _ => null);

        // Assert
        var lines = error.ToString().Split(Environment.NewLine);
        Assert.Equal(2, exitCode);
        Assert.Equal("Bilinmeyen seçenek: --bogus / Unknown option: --bogus", lines[0]);
        Assert.Equal("Kullanım / Usage: muhur-imza list [--module YOL]", lines[1]);
    }

    [Fact]
    public void Run_SignCodeWithoutCode_ExitsTwoAndNamesTheUsage()
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["sign-code"], new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("muhur-imza sign-code KOD", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ModuleOptionWithoutValue_ExitsTwo()
    {
        // Arrange
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["list", "--module"], new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.StartsWith("--module bir değer bekliyor: YOL / --module expects a value: YOL" + Environment.NewLine, error.ToString(), StringComparison.Ordinal);
    }
}
