using System.Diagnostics;

namespace Muhur.Pki.Tests.Support;

public sealed record OpenSslResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}

/// <summary>Runs the openssl command line as an independent reference implementation.</summary>
public static class OpenSsl
{
    public static OpenSslResult Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("openssl did not finish within 60 s.");
        }

        return new OpenSslResult(process.ExitCode, output, error.GetAwaiter().GetResult());
    }
}
