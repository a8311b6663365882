using System.Globalization;

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
        // Arrange: the command proves that pkcsslotd runs beside it, names its PID namespace and its own start time
        // (field 22 of /proc/self/stat, in clock ticks since the host booted; not namespaced), and fails.
        var sandbox = fixture.NewSandbox();
        const string script =
            "kill -0 \"$(cat /run/pkcsslotd.pid)\" || exit 99; readlink /proc/self/ns/pid; cut -d' ' -f22 /proc/self/stat; exit 7";

        // Act
        var run = sandbox.Run(["sh", "-c", script]);

        // Assert: once the run is over, no process on the host is left in that namespace (the tests of another
        // assembly may run sandboxes of their own meanwhile, so looking for any pkcsslotd would not do).
        Assert.True(run.ExitCode == 7, run.Output + run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var pidNamespace = lines[0];
        var commandStarted = ulong.Parse(lines[1], CultureInfo.InvariantCulture);
        Assert.StartsWith("pid:[", pidNamespace, StringComparison.Ordinal);
        Assert.Empty(ProcessesIn(pidNamespace, startedBy: commandStarted));
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

    /// <summary>
    /// The processes in <paramref name="pidNamespace"/> that started no later than <paramref name="startedBy"/>. The
    /// kernel reuses a dead namespace's inode number, so a sandbox started after this one ended (by the Signer tests
    /// running at the same time) may carry the same <c>pid:[…]</c>; its processes all start after this command did,
    /// while a daemon left over from this run started before it.
    /// </summary>
    private static List<string> ProcessesIn(string pidNamespace, ulong startedBy)
    {
        var found = new List<string>();
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                if (new FileInfo(Path.Combine(process, "ns", "pid")).LinkTarget == pidNamespace
                    && StartTime(process) <= startedBy)
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

    private static ulong StartTime(string process)
    {
        // The command name (field 2) is in parentheses and may hold spaces; fields are counted after its ')'.
        var stat = File.ReadAllText(Path.Combine(process, "stat"));
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return ulong.Parse(fields[22 - 3], CultureInfo.InvariantCulture);
    }
}
