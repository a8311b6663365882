using System.Buffers.Binary;
using System.Diagnostics;

namespace Muhur.Signer.Tests;

/// <summary>
/// <c>./muhur publish-imza</c> (R-CARD-4: most holders sign on Windows): one self-contained file each for linux-x64 and
/// win-x64. Slow (two self-contained publishes, runtime packs from NuGet on a fresh machine).
/// </summary>
public sealed class PublishTests : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(20);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "muhur-imza-publish-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void PublishImza_LinuxAndWindows_SelfContainedSingleFiles()
    {
        // Act
        var (exitCode, output) = Run(Path.Combine(RepositoryRoot(), "muhur"), ["publish-imza", _directory], PublishTimeout);

        // Assert: the Linux program runs without a .NET installation of its own and reaches a card driver
        // (Pkcs11Interop inside the single file, libdl resolved) ...
        Assert.True(exitCode == 0, output);
        var linux = Path.Combine(_directory, "linux-x64", "muhur-imza");
        var windows = Path.Combine(_directory, "win-x64", "muhur-imza.exe");
        Assert.Contains(linux, output, StringComparison.Ordinal);
        Assert.Contains(windows, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(linux)!), f => f.EndsWith(".dll", StringComparison.Ordinal));
        var help = Run(linux, ["--help"], TimeSpan.FromMinutes(1));
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("muhur-imza", help.Output, StringComparison.Ordinal);
        var list = Run(linux, ["--module", SignerTokenFixture.ModulePath, "list"], TimeSpan.FromMinutes(1), EmptySoftHsm());
        Assert.Equal(1, list.ExitCode);
        Assert.Contains(ListCommand.NoCard, list.Output, StringComparison.Ordinal);

        // ... and the Windows one is an x64 PE program (Microsoft PE/COFF: "MZ", e_lfanew at 0x3C, "PE\0\0", then
        // the machine type, IMAGE_FILE_MACHINE_AMD64 = 0x8664), carrying the runtime (tens of megabytes, not an apphost).
        var image = File.ReadAllBytes(windows);
        Assert.Equal("MZ"u8.ToArray(), image[..2]);
        var peOffset = BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(0x3C));
        Assert.Equal("PE\0\0"u8.ToArray(), image[peOffset..(peOffset + 4)]);
        Assert.Equal(0x8664, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(peOffset + 4)));
        Assert.True(image.Length > 30_000_000, $"{windows}: {image.Length} bytes");
        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(windows)!), f => f.EndsWith(".dll", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>A SoftHSM2 store with no token: the module loads and lists only its blank slot.</summary>
    private Dictionary<string, string> EmptySoftHsm()
    {
        var tokens = Path.Combine(_directory, "softhsm", "tokens");
        Directory.CreateDirectory(tokens);
        var config = Path.Combine(_directory, "softhsm", "softhsm2.conf");
        File.WriteAllText(config, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
        return new() { ["SOFTHSM2_CONF"] = config };
    }

    private static (int ExitCode, string Output) Run(string fileName, string[] arguments, TimeSpan timeout, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // The test host runs under `dotnet test`, whose MSBuild variables would steer the nested `dotnet publish`.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"{fileName} did not finish in {timeout}:\n{stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "muhur")) && File.Exists(Path.Combine(directory.FullName, "Muhur.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}");
    }
}
