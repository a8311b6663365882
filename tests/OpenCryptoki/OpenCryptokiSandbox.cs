using System.Diagnostics;
using System.Globalization;
using Muhur.SmartCard;

namespace Muhur.Tests.OpenCryptoki;

/// <summary>
/// One openCryptoki soft token in a temporary directory of its own, reached through <c>opencryptoki-sandbox.sh</c>
/// (beside this file, copied to the test output): every command runs in the sandbox's mount namespace, the only
/// place where the token is visible, with its own pkcsslotd that is stopped when the command ends. The token keeps
/// its state, failed-login counters included, between runs, like a card taken out and put back.
/// Linked into Muhur.SmartCard.Tests and Muhur.Signer.Tests.
/// </summary>
internal sealed class OpenCryptokiSandbox : IDisposable
{
    public const string ModulePath = "/usr/lib/x86_64-linux-gnu/opencryptoki/libopencryptoki.so.0";

    /// <summary>The SO PIN of a token openCryptoki has never initialized; C_InitToken must be given it.</summary>
    public const string DefaultSoPin = "87654321";

    /// <summary>The sandbox configures one slot, slot 0, with the software token (swtok).</summary>
    public const ulong Slot = 0;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public OpenCryptokiSandbox()
    {
        RequirePrerequisites();
        Directory = System.IO.Directory.CreateTempSubdirectory("muhur-opencryptoki-").FullName;
    }

    /// <summary>The sandbox directory: configuration, token store, locks and the daemon's run files.</summary>
    public string Directory { get; }

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "opencryptoki-sandbox.sh");

    /// <summary>
    /// CI installs opencryptoki and runs as root (./muhur require_test_packages): a missing piece is a failure with
    /// its fix, not a skip.
    /// </summary>
    public static void RequirePrerequisites()
    {
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException(
                $"openCryptoki module {ModulePath} not found; install the Debian package: apt-get install -y opencryptoki");
        }
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "The openCryptoki tests run the token in mount and PID namespaces of their own, which needs root (as in CI).");
        }
        if (!File.Exists(ScriptPath))
        {
            throw new InvalidOperationException($"{ScriptPath} is missing from the test output.");
        }
    }

    /// <summary>Runs <paramref name="command"/> inside the sandbox, with <paramref name="standardInput"/> as its stdin.</summary>
    public SandboxRun Run(IEnumerable<string> command, string? standardInput = null)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in (string[])[ScriptPath, Directory, "--", .. command])
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            // The script runs unshare --kill-child, so killing the tree also ends the namespace and its daemon.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The openCryptoki sandbox did not finish within {Timeout}: {string.Join(' ', command)}");
        }
        return new SandboxRun(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs a .NET program (a dll with its runtimeconfig) inside the sandbox.</summary>
    public SandboxRun RunDotnet(string assemblyPath, IEnumerable<string> arguments, string? standardInput = null) =>
        Run(["dotnet", assemblyPath, .. arguments], standardInput);

    /// <summary>
    /// Runs <see cref="Pkcs11Probe"/> operations in this test assembly, started as a program inside the sandbox,
    /// and returns one line per operation.
    /// </summary>
    public IReadOnlyList<ProbeLine> Probe(params string[] operations)
    {
        var run = RunDotnet(typeof(Pkcs11Probe).Assembly.Location,
            [Pkcs11Probe.Command, ModulePath, Slot.ToString(CultureInfo.InvariantCulture), .. operations]);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"The probe failed with exit code {run.ExitCode}:\n{run.Output}\n{run.Error}");
        }
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ProbeLine.Parse).ToList();
        if (lines.Count != operations.Length)
        {
            throw new InvalidOperationException($"The probe printed {lines.Count} lines for {operations.Length} operations:\n{run.Output}\n{run.Error}");
        }
        return lines;
    }

    /// <summary>
    /// Personalizes the token as card production would (R-CARD-1): C_InitToken with the default SO PIN, then as SO
    /// C_SetPIN to <paramref name="soPin"/> (the PUK) and C_InitPIN with <paramref name="userPin"/>.
    /// </summary>
    public void InitializeToken(string label, string soPin, string userPin)
    {
        var lines = Probe($"init-token:{DefaultSoPin}:{label}", $"login-so:{DefaultSoPin}", $"set-pin:{DefaultSoPin}:{soPin}",
            $"init-pin:{userPin}", "logout");
        if (lines.FirstOrDefault(l => l.Result != "OK") is { } failed)
        {
            throw new InvalidOperationException($"Token set-up failed at {failed.Operation}: {failed.Result}");
        }
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

internal sealed record SandboxRun(int ExitCode, string Output, string Error);

/// <summary>One line of <see cref="Pkcs11Probe"/> output: the operation, OK or the CK_RV name, the token flags after it, a value.</summary>
internal sealed record ProbeLine(string Operation, string Result, TokenState Flags, string Value)
{
    public static ProbeLine Parse(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || !parts[2].StartsWith("0x", StringComparison.Ordinal))
        {
            throw new FormatException($"Not a probe line: {line}");
        }
        var flags = ulong.Parse(parts[2].AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return new ProbeLine(parts[0], parts[1], (TokenState)flags, parts.Length == 4 ? parts[3] : "");
    }
}
