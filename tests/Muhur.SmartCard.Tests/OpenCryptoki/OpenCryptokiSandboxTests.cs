namespace Muhur.SmartCard.Tests.OpenCryptoki;

/// <summary>
/// The sandbox script itself: the command's exit code comes back, and the slot daemon it starts never outlives the
/// run, even when the command fails.
/// </summary>
public sealed class OpenCryptokiSandboxTests(OpenCryptokiFixture fixture) : IClassFixture<OpenCryptokiFixture>
{
    [Fact]
    public void Run_CommandFails_ExitCodeKeptAndNoDaemonLeftInItsNamespace()
    {
        // Arrange: the command proves that pkcsslotd runs beside it, names its PID namespace, and fails.
        var sandbox = fixture.NewSandbox();
        const string script = "kill -0 \"$(cat /run/pkcsslotd.pid)\" || exit 99; readlink /proc/self/ns/pid; exit 7";

        // Act
        var run = sandbox.Run(["sh", "-c", script]);

        // Assert: once the run is over, no process on the host is left in that namespace (the tests of another
        // assembly may run sandboxes of their own meanwhile, so looking for any pkcsslotd would not do).
        Assert.True(run.ExitCode == 7, run.Output + run.Error);
        var pidNamespace = run.Output.Trim();
        Assert.StartsWith("pid:[", pidNamespace, StringComparison.Ordinal);
        Assert.Empty(ProcessesIn(pidNamespace));
        Assert.False(File.Exists(Path.Combine(sandbox.Directory, "run", "pkcsslotd.socket")));
    }

    [Fact]
    public void Run_SystemVSharedMemory_OnlyTheSandboxDaemonsSegmentIsVisible()
    {
        // Arrange: pkcsslotd keeps its slot table in System V shared memory under one fixed ftok key, so two sandboxes
        // sharing the host's IPC namespace (as the two test assemblies do when run together) share one table.
        var sandbox = fixture.NewSandbox();

        // Act
        var run = sandbox.Run(["cat", "/proc/sysvipc/shm"]);

        // Assert: a header and the daemon's one segment, none of the host's (PostgreSQL's, another sandbox's).
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public void Run_NoCommand_ExitCode125WithUsage()
    {
        // Arrange
        var sandbox = fixture.NewSandbox();

        // Act
        var run = sandbox.Run([]);

        // Assert
        Assert.Equal(125, run.ExitCode);
        Assert.Contains("usage:", run.Error, StringComparison.Ordinal);
    }

    private static List<string> ProcessesIn(string pidNamespace)
    {
        var found = new List<string>();
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                if (new FileInfo(Path.Combine(process, "ns", "pid")).LinkTarget == pidNamespace)
                {
                    found.Add(process);
                }
            }
            catch (IOException)
            {
                // The process ended while being looked at.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to inspect, hence not the sandbox's (it runs as root, like this test).
            }
        }
        return found;
    }
}
