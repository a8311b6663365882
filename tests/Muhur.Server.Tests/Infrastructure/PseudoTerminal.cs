using System.Diagnostics;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>
/// Runs a program on a real pseudo-terminal (python3's pty module, as a person's terminal would be its standard
/// input, output and error), answers a prompt once it appears, and returns everything the terminal showed: the
/// program's output and whatever the terminal echoed.
/// </summary>
public static class PseudoTerminal
{
    // argv: prompt, answer, program, arguments… Prints what the terminal showed, then "ECHO <0|1>" (whether the
    // terminal echoed input when the prompt appeared) and "EXIT <code>", each on its own line.
    private const string Script = """
        import os, pty, select, subprocess, sys, termios, time
        prompt, answer, command = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
        master, slave = pty.openpty()
        child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, close_fds=True, start_new_session=True)
        os.close(slave)
        shown, answered, echo, deadline = b"", False, -1, time.time() + 120
        while time.time() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
                if not answered and prompt in shown:
                    echo = 1 if termios.tcgetattr(master)[3] & termios.ECHO else 0
                    os.write(master, answer + b"\r")
                    answered = True
            elif child.poll() is not None:
                break
        child.wait()
        sys.stdout.buffer.write(shown)
        sys.stdout.write("\nECHO %d\nEXIT %d\n" % (echo, child.returncode))
        """;

    /// <param name="ExitCode">The program's exit code.</param>
    /// <param name="Shown">What the terminal showed: the program's output and anything the terminal echoed.</param>
    /// <param name="EchoAtPrompt">Whether the terminal echoed typed input when the prompt appeared; null if it never did.</param>
    public sealed record Result(int ExitCode, string Shown, bool? EchoAtPrompt);

    public static async Task<Result> RunAsync(string prompt, string answer, string program, IEnumerable<string> arguments, IDictionary<string, string> environment)
    {
        var script = Path.Combine(Path.GetTempPath(), $"muhur-pty-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3", [script, prompt, answer, program, .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var shown = (await output).Replace("\r", string.Empty, StringComparison.Ordinal);
            var echo = shown.LastIndexOf("\nECHO ", StringComparison.Ordinal);
            var exit = shown.LastIndexOf("\nEXIT ", StringComparison.Ordinal);
            if (echo < 0 || exit < echo)
            {
                throw new InvalidOperationException("The terminal script did not finish: " + shown + await error);
            }

            var echoState = shown[(echo + 6)..exit].Trim();
            return new Result(
                int.Parse(shown[(exit + 6)..].Trim(), System.Globalization.CultureInfo.InvariantCulture),
                shown[..echo] + await error,
                echoState == "-1" ? null : echoState == "1");
        }
        finally
        {
            File.Delete(script);
        }
    }
}
