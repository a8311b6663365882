using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>
/// The command line of <c>muhur-imza</c> on <see cref="SignerCommands"/>: help, a refused command line (exit code 2, in
/// Turkish and English, before any card is touched), and the error boundary of the commands: no stack trace ever
/// reaches the holder.
/// </summary>
public static class SignerCli
{
    public static int Run(string[] args, TextWriter output, TextWriter error, Func<string, string?> readSecret)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var table = new SignerCommands(output, readSecret);
        var parsed = table.Parse(args);
        if (parsed.Action is HelpAction)
        {
            SignerHelp.Write(parsed.CommandResult.Command, output);
            return 0;
        }

        var command = parsed.CommandResult.Command;
        var refusals = Refusals(args, parsed);
        if (refusals.Count > 0 || command == table.Root)
        {
            foreach (var refusal in refusals.DefaultIfEmpty("Bir komut gerekli. / A command is required."))
            {
                error.WriteLine(refusal);
            }
            if (command == table.Root || command == table.Help)
            {
                error.WriteLine();
                SignerHelp.Write(table.Root, error);
            }
            else
            {
                error.WriteLine($"Kullanım / Usage: {SignerHelp.Usage(command)}");
                error.WriteLine($"Ayrıntılar / Details: {SignerCommands.Program} help {command.Name}");
            }
            return 2;
        }

        if (command == table.Help)
        {
            SignerHelp.Write(parsed.GetValue(table.HelpTopic) is { } topic ? table.Find(topic)! : table.Root, output);
            return 0;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error });
        }
        catch (SignerException e)
        {
            return Fail(error, e.Message, 1);
        }
        catch (Pkcs11Exception e)
        {
            return Fail(error, $"Kart işlemi başarısız oldu ({e.Name}). Kartın takılı olduğunu denetleyip yeniden deneyin.", 1);
        }
        catch (IOException e)
        {
            return Fail(error, $"Dosya yazılamadı: {e.Message}", 1);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(error, $"Dosyaya erişilemedi: {e.Message}", 1);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return Fail(error, $"İmza oluşturulamadı: {e.Message}", 1);
        }
        // The last line of the boundary: whatever a library throws, the holder gets one sentence and exit code 1.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(error, $"Beklenmeyen bir hata oluştu ({e.GetType().Name}): {e.Message}", 1);
        }
    }

    private static int Fail(TextWriter error, string message, int exitCode)
    {
        error.WriteLine(message);
        return exitCode;
    }

    /// <summary>Why the command line is refused, one sentence each in Turkish / English; empty when it is not.</summary>
    private static List<string> Refusals(string[] args, ParseResult parsed)
    {
        var messages = new List<string>();
        if (parsed.Errors.Count > 0)
        {
            // What System.CommandLine says itself is worded in the UI culture (it ships a partial Turkish): both, as every
            // message here; the cases a holder meets are worded here from the table instead.
            var turkish = Errors(args, "tr-TR");
            var english = Errors(args, "en");
            for (var i = 0; i < parsed.Errors.Count; i++)
            {
                var message = parsed.Errors[i].SymbolResult switch
                {
                    // "A command is required": the root's usage follows, and an unknown command is named below.
                    CommandResult { Command: RootCommand } => null,
                    OptionResult { IdentifierToken: null } option => Needs(option.Parent, Label(option.Option), option.Option.Description),
                    OptionResult { IdentifierTokenCount: > 1 } option =>
                        $"{option.Option.Name} bir kez verilebilir. / {option.Option.Name} may be given only once.",
                    OptionResult { Tokens.Count: 0 } option =>
                        $"{option.Option.Name} bir değer bekliyor: {option.Option.HelpName} / {option.Option.Name} expects a value: {option.Option.HelpName}",
                    ArgumentResult { Tokens.Count: 0 } argument when argument.Argument.Arity.MinimumNumberOfValues > 0 =>
                        Needs(argument.Parent, argument.Argument.HelpName ?? argument.Argument.Name, argument.Argument.Description),
                    _ => i < english.Count && english[i] != turkish[i] ? $"{turkish[i]} / {english[i]}" : turkish[i],
                };
                if (message is not null && !messages.Contains(message))
                {
                    messages.Add(message);
                }
            }
        }

        // System.CommandLine reads a leading [word] as a directive even when there is none; it is no command here.
        foreach (var directive in parsed.Tokens.Where(t => t.Type == TokenType.Directive))
        {
            messages.Add($"Bilinmeyen komut: {directive.Value} / Unknown command: {directive.Value}");
        }

        var command = parsed.CommandResult.Command;
        foreach (var token in parsed.UnmatchedTokens)
        {
            messages.Add(token.Length > 1 && token.StartsWith('-') ? $"Bilinmeyen seçenek: {token} / Unknown option: {token}"
                : command is RootCommand ? $"Bilinmeyen komut: {token} / Unknown command: {token}"
                : Extra(command, token));
        }

        return messages;
    }

    private static string Needs(SymbolResult? parent, string what, string? description)
    {
        var name = parent is CommandResult { Command: var command } ? command.Name : SignerCommands.Program;
        var (turkish, english) = SignerCommands.Split(description);
        return $"{name} {what} bekliyor — {turkish} / {name} needs {what} — {english}";
    }

    private static string Extra(Command command, string token)
    {
        var names = string.Join(' ', command.Arguments.Select(a => a.HelpName ?? a.Name));
        return names.Length == 0
            ? $"Fazla argüman: {token}; {command.Name} argüman almaz. / Unexpected argument: {token}; {command.Name} takes no argument."
            : $"Fazla argüman: {token}; {command.Name} yalnız {names} alır. / Unexpected argument: {token}; {command.Name} takes only {names}.";
    }

    private static string Label(Option option) => option.ValueType == typeof(bool) ? option.Name : $"{option.Name} {option.HelpName}";

    private static List<string> Errors(string[] args, string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return [.. new SignerCommands(TextWriter.Null, _ => null).Parse(args).Errors.Select(e => e.Message)];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
