using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace Muhur.Signer;

/// <summary>
/// The help of <c>muhur-imza</c>, written from <see cref="SignerCommands"/>: headings in Turkish and English, each
/// description's Turkish line above its English one. Only text: no card, no driver, no network.
/// </summary>
internal static class SignerHelp
{
    private const int Column = 38;
    private const int Width = 112;

    /// <summary>The help of <paramref name="command"/>: the whole program for the root, else the one command.</summary>
    public static void Write(Command command, TextWriter output)
    {
        if (command is RootCommand root)
        {
            WriteRoot(root, output);
        }
        else
        {
            WriteCommand(command, output);
        }
    }

    /// <summary>How <paramref name="command"/> is typed, from the program's name: <c>muhur-imza sign DOSYA [--pin PIN] …</c>.</summary>
    public static string Usage(Command command) => command is RootCommand root
        ? $"{SignerCommands.Program} {Synopsis(root, [])} KOMUT [SEÇENEKLER]"
        : $"{SignerCommands.Program} {command.Name} {Synopsis(command, [])}".TrimEnd();

    private static void WriteRoot(RootCommand root, TextWriter output)
    {
        Title(output, SignerCommands.Program, root.Description);
        output.WriteLine("Kullanım / Usage:");
        output.WriteLine($"  {Usage(root)}");
        output.WriteLine();
        output.WriteLine("Komutlar / Commands:");
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
        {
            // The root's own options (--module) are shown once, in the usage line above.
            Row(output, $"{command.Name} {Synopsis(command, root.Options)}".TrimEnd(), command.Description);
        }
        output.WriteLine();
        output.WriteLine("Seçenekler / Options:");
        foreach (var option in root.Options.Where(o => !o.Hidden).OrderBy(o => o is HelpOption))
        {
            Row(output, Label(option), option.Description);
        }
        output.WriteLine();
        output.WriteLine("Çıkış kodu / Exit code:");
        Row(output, "0", SignerCommands.Text("başarılı", "success"));
        Row(output, "1", SignerCommands.Text(
            "kart, PIN, sürücü ya da dosya hatası; GEÇERLİ olmayan imza (verify); imza atabilen sertifika yok (doctor)",
            "a card, PIN, driver or file failure; a signature that is not valid (verify); no certificate that can sign (doctor)"));
        Row(output, "2", SignerCommands.Text("hatalı kullanım: komut satırı reddedildi, kart açılmadı", "wrong usage: the command line is refused, no card opened"));
        output.WriteLine();
        output.WriteLine($"Bir komutun ayrıntıları / A command's details: {SignerCommands.Program} help KOMUT");
    }

    private static void WriteCommand(Command command, TextWriter output)
    {
        Title(output, $"{SignerCommands.Program} {command.Name}", command.Description);
        output.WriteLine("Kullanım / Usage:");
        output.WriteLine($"  {Usage(command)}");
        if (command.Arguments.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Argümanlar / Arguments:");
            foreach (var argument in command.Arguments.Where(a => !a.Hidden))
            {
                Row(output, argument.HelpName ?? argument.Name, argument.Description);
            }
        }
        output.WriteLine();
        output.WriteLine("Seçenekler / Options:");
        // -h/--help belongs to the root and reaches every command (recursive).
        var help = command.Parents.OfType<RootCommand>().SelectMany(r => r.Options).OfType<HelpOption>();
        foreach (var option in command.Options.Where(o => !o.Hidden).Concat(help))
        {
            Row(output, Label(option), option.Description);
        }
    }

    private static void Title(TextWriter output, string title, string? description)
    {
        var (turkish, english) = SignerCommands.Split(description);
        output.WriteLine(title);
        foreach (var line in Wrap(turkish, Width - 2).Concat(Wrap(english, Width - 2)))
        {
            output.WriteLine("  " + line);
        }
        output.WriteLine();
    }

    /// <summary>Arguments, then options, in the table's order; optional ones in brackets.</summary>
    private static string Synopsis(Command command, IList<Option> shown)
    {
        var parts = new List<string>();
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            var name = argument.HelpName ?? argument.Name;
            parts.Add(argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name);
        }
        foreach (var option in command.Options.Where(o => !o.Hidden && o is not HelpOption && !shown.Contains(o)))
        {
            var label = Label(option);
            parts.Add(option.Required ? label : $"[{label}]");
        }
        return string.Join(' ', parts);
    }

    private static string Label(Option option)
    {
        if (option is HelpOption)
        {
            return string.Join(", ", option.Aliases.Where(a => a.StartsWith('-')).Order(StringComparer.Ordinal).Append(option.Name));
        }
        return option.ValueType == typeof(bool) ? option.Name : $"{option.Name} {option.HelpName}";
    }

    /// <summary>A term and its description: Turkish, then English, wrapped in the second column.</summary>
    private static void Row(TextWriter output, string term, string? description)
    {
        var (turkish, english) = SignerCommands.Split(description);
        var lines = Wrap(turkish, Width - Column).Concat(Wrap(english, Width - Column)).ToList();
        var first = "  " + term;
        var indent = new string(' ', Column);
        if (first.Length >= Column - 1)
        {
            output.WriteLine(first);
            first = indent;
        }
        else
        {
            first = first.PadRight(Column);
        }
        output.WriteLine(first + lines[0]);
        foreach (var line in lines.Skip(1))
        {
            output.WriteLine(indent + line);
        }
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            _ = line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }
        lines.Add(line.ToString());
        return lines;
    }
}
