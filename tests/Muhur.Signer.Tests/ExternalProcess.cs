using System.Diagnostics;

namespace Muhur.Signer.Tests;

// Linked into Muhur.Pdf.Tests too: one runner for the outside tools (openssl, pdfsig, pdftotext, pdffonts).
internal static class ExternalProcess
{
    /// <summary>Runs a program to its end; returns its exit code and its standard output followed by its standard error.</summary>
    public static (int ExitCode, string Output) Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
