using System.Text;
using Muhur.Server.Features.CertificateAuthority;

namespace Muhur.Server.Cli;

/// <summary>
/// R-CA-4: the CA keys are encrypted with a passphrase that only configuration or a person supplies. A command-line
/// command that needs a CA key and finds no <c>Muhur:Ca:KeyPassphrase</c> asks the person at the terminal, without
/// echo, before anything is built from the configuration; without a terminal there is nobody to ask, and it refuses.
/// The server itself (<c>up</c>) never asks: it runs unattended and refuses to start.
/// </summary>
internal static class CaPassphrasePrompt
{
    public const string Prompt = "SHS anahtar parolası / CA key passphrase: ";

    public const string NoTerminal =
        "SHS anahtar parolası yapılandırılmamış ve standart girdi bir uçbirim olmadığı için sorulamıyor: Muhur__Ca__KeyPassphrase ortam değişkenini ayarlayın. / " +
        "The CA key passphrase is not configured and cannot be asked for, as standard input is not a terminal: set the Muhur__Ca__KeyPassphrase environment variable.";

    private const string Empty = "SHS anahtar parolası boş olamaz. / The CA key passphrase cannot be empty.";

    /// <summary>The commands that sign with or create a CA key: every <c>ca</c> action and <c>card produce</c>.</summary>
    public static bool NeedsCaKey(string[] args) =>
        args is ["ca", "init" or "issue" or "revoke" or "suspend" or "reinstate" or "crl" or "chain", ..] or ["card", "produce", ..];

    /// <summary>
    /// Adds the passphrase read from the terminal to <paramref name="configuration"/> when the command needs one and
    /// none is configured.
    /// </summary>
    /// <returns>null to go on, or the exit code of a refusal (already explained on standard error).</returns>
    public static int? Supply(ConfigurationManager configuration, string[] args)
    {
        if (!NeedsCaKey(args) || !string.IsNullOrEmpty(configuration[$"{CaOptions.Section}:{nameof(CaOptions.KeyPassphrase)}"]))
        {
            return null;
        }

        if (Console.IsInputRedirected)
        {
            Console.Error.WriteLine("muhur: " + NoTerminal);
            return 1;
        }

        var passphrase = ReadWithoutEcho();
        if (passphrase.Length == 0)
        {
            Console.Error.WriteLine("muhur: " + Empty);
            return 1;
        }

        configuration.AddInMemoryCollection([new($"{CaOptions.Section}:{nameof(CaOptions.KeyPassphrase)}", passphrase)]);
        return null;
    }

    private static string ReadWithoutEcho()
    {
        // Reading the key state switches the terminal to no-echo before the prompt is shown, so that a passphrase
        // typed (or pasted) the moment the prompt appears is never echoed.
        _ = Console.KeyAvailable;
        Console.Error.Write(Prompt);
        var passphrase = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                if (passphrase.Length > 0)
                {
                    passphrase.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                passphrase.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return passphrase.ToString();
    }
}
