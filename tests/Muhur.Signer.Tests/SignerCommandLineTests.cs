using System.CommandLine;
using System.Text.RegularExpressions;

namespace Muhur.Signer.Tests;

/// <summary>
/// muhur-imza's command table (R-CARD-4): a wrong command line is refused in Turkish and English with exit code 2
/// before any card is opened, and help, written from the table in both languages, opens no card either. Every
/// command line here names a driver that does not exist: one that reached the card would end in exit code 1.
/// </summary>
public sealed partial class SignerCommandLineTests
{
    private const string MissingModule = "/yok/libyok-pkcs11.so";

    [Theory]
    [InlineData("Bilinmeyen komut: frob / Unknown command: frob", "frob")]
    [InlineData("Bilinmeyen seçenek: --pim / Unknown option: --pim", "sign-code", "482913", "--pim", "000000")]
    [InlineData("Bilinmeyen seçenek: --cadez / Unknown option: --cadez", "sign", "--cadez", "belge.pdf")]
    [InlineData("Geçersiz yuva numarası: abc (0 ya da pozitif bir tam sayı olmalı; yuvaları list gösterir) / Invalid slot number: abc", "sign-code", "482913", "--slot", "abc")]
    [InlineData("Geçersiz yuva numarası: -1 (0 ya da pozitif bir tam sayı olmalı; yuvaları list gösterir) / Invalid slot number: -1", "sign", "belge.pdf", "--slot", "-1")]
    [InlineData("Geçersiz yuva numarası: 1.5 (0 ya da pozitif bir tam sayı olmalı; yuvaları list gösterir) / Invalid slot number: 1.5", "unlock", "--slot", "1.5")]
    [InlineData("Geçersiz yuva numarası: 18446744073709551616 (0 ya da pozitif", "unlock", "--slot", "18446744073709551616")]
    [InlineData("Geçersiz yuva numarası:  (0 ya da pozitif", "unlock", "--slot", "")]
    [InlineData("--slot bir kez verilebilir. / --slot may be given only once.", "sign-code", "1", "--slot", "0", "--slot", "1")]
    [InlineData("--out bir değer bekliyor: DOSYA / --out expects a value: DOSYA", "sign-code", "1", "--out")]
    [InlineData("verify --root KÖK.pem bekliyor — Güvenilen kök sertifika: imzanın zinciri bu köke ulaşmalı / verify needs --root KÖK.pem", "verify", "belge.pdf")]
    [InlineData("sign DOSYA bekliyor — İmzalanacak dosya / sign needs DOSYA — The file to sign", "sign")]
    [InlineData("Fazla argüman: b; sign yalnız DOSYA alır. / Unexpected argument: b; sign takes only DOSYA.", "sign", "a", "b")]
    [InlineData("Fazla argüman: x; doctor argüman almaz. / Unexpected argument: x; doctor takes no argument.", "doctor", "x")]
    [InlineData("Bilinmeyen seçenek: --slot / Unknown option: --slot", "verify", "belge.pdf", "--root", "kok.pem", "--slot", "1")]
    [InlineData("Bilinmeyen seçenek: --bogus / Unknown option: --bogus", "help", "--bogus")]
    [InlineData("Bilinmeyen komut: frob / Unknown command: frob", "help", "frob")]
    [InlineData("Bir komut gerekli. / A command is required.")]
    public void Run_InvalidCommandLine_ExitsTwoInTurkishAndEnglishWithoutOpeningTheCard(string expected, params string[] args)
    {
        // Arrange
        var output = new StringWriter();
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["--module", MissingModule, .. args], output, error, _ => throw new InvalidOperationException("asked for a secret"));

        // Assert: the first line says why in both languages; how to type the command follows.
        var text = error.ToString();
        Assert.True(exitCode == 2, text);
        Assert.StartsWith(expected, text, StringComparison.Ordinal);
        Assert.Contains(" / ", text.Split(Environment.NewLine)[0], StringComparison.Ordinal);
        Assert.Contains("Kullanım / Usage:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Kart sürücüsü bulunamadı", text, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.ToString());
    }

    [Theory]
    [InlineData("list", "muhur-imza list [--module YOL]")]
    [InlineData("sign-code", "muhur-imza sign-code KOD [--pin PIN] [--out DOSYA] [--gonder URL] [--slot YUVA] [--module YOL]")]
    [InlineData("sign", "muhur-imza sign DOSYA [--pin PIN] [--out ÇIKTI] [--slot YUVA] [--cades] [--module YOL]")]
    [InlineData("verify", "muhur-imza verify DOSYA [--signature DOSYA.p7s] --root KÖK.pem [--issuer ARA.pem] [--ocsp URL]")]
    [InlineData("doctor", "muhur-imza doctor [--ocsp URL] [--issuer ARA.pem] [--module YOL]")]
    [InlineData("unlock", "muhur-imza unlock [--slot YUVA] [--puk PUK] [--new-pin PIN] [--module YOL]")]
    public void Run_CommandRefused_UsageLineIsTheCommandsSynopsis(string command, string usage)
    {
        // Arrange: an option no command has.
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run([command, "--bogus"], new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains($"Kullanım / Usage: {usage}{Environment.NewLine}", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("help")]
    public void Run_Help_ListsEveryCommandWithTurkishAndEnglishDescriptions(string word)
    {
        // Arrange
        var output = new StringWriter();
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["--module", MissingModule, word], output, error, _ => throw new InvalidOperationException("asked for a secret"));

        // Assert: headings in both languages, each command with its synopsis and its two descriptions.
        var text = output.ToString();
        var flat = Flat(text);
        Assert.True(exitCode == 0, error.ToString());
        Assert.Equal(string.Empty, error.ToString());
        Assert.Contains("Kullanım / Usage:", text, StringComparison.Ordinal);
        Assert.Contains("Komutlar / Commands:", text, StringComparison.Ordinal);
        Assert.Contains("Seçenekler / Options:", text, StringComparison.Ordinal);
        Assert.Contains("muhur-imza [--module YOL] KOMUT", text, StringComparison.Ordinal);
        Assert.Contains("Kartlardaki sertifikaları listeler Lists the certificates on the cards", flat, StringComparison.Ordinal);
        Assert.Contains("  verify DOSYA [--signature DOSYA.p7s] --root KÖK.pem [--issuer ARA.pem] [--ocsp URL]", text, StringComparison.Ordinal);
        Assert.Contains("2 hatalı kullanım: komut satırı reddedildi, kart açılmadı wrong usage", flat, StringComparison.Ordinal);
        foreach (var command in new SignerCommands(TextWriter.Null, _ => null).Root.Subcommands)
        {
            var (turkish, english) = SignerCommands.Split(command.Description);
            Assert.Contains($"{Environment.NewLine}  {command.Name}", text, StringComparison.Ordinal);
            Assert.Contains(turkish, flat, StringComparison.Ordinal);
            Assert.Contains(english, flat, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("list", "--help")]
    [InlineData("sign-code", "-h")]
    [InlineData("sign", "--help")]
    [InlineData("verify", "--help")]
    [InlineData("doctor", "--help")]
    [InlineData("unlock", "-h")]
    [InlineData("help", "list")]
    [InlineData("help", "sign-code")]
    [InlineData("help", "sign")]
    [InlineData("help", "verify")]
    [InlineData("help", "doctor")]
    [InlineData("help", "unlock")]
    public void Run_CommandHelp_EveryArgumentAndOptionInTurkishAndEnglish(string first, string second)
    {
        // Arrange: doctor would open the card and ask OCSP responders; its help does neither.
        var name = first == "help" ? second : first;
        var command = new SignerCommands(TextWriter.Null, _ => null).Find(name)!;
        var output = new StringWriter();
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["--module", MissingModule, first, second], output, error, _ => throw new InvalidOperationException("asked for a secret"));

        // Assert
        var text = output.ToString();
        var flat = Flat(text);
        Assert.True(exitCode == 0, error.ToString());
        Assert.StartsWith($"muhur-imza {name}{Environment.NewLine}", text, StringComparison.Ordinal);
        Assert.Contains($"Kullanım / Usage:{Environment.NewLine}  muhur-imza {name}", text, StringComparison.Ordinal);
        Assert.Contains("-?, -h, --help", text, StringComparison.Ordinal);
        var symbols = command.Arguments.Cast<Symbol>().Concat(command.Options.Where(o => !o.Hidden));
        foreach (var symbol in symbols)
        {
            var (turkish, english) = SignerCommands.Split(symbol.Description);
            Assert.Contains($"{Environment.NewLine}  {(symbol is Argument argument ? argument.HelpName : symbol.Name)}", text, StringComparison.Ordinal);
            Assert.Contains(turkish, flat, StringComparison.Ordinal);
            Assert.Contains(english, flat, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_UnlockHelp_DoesNotOfferTheRefusedPinOption()
    {
        // Arrange
        var output = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["unlock", "--help"], output, new StringWriter(), _ => null);

        // Assert: --pin is accepted only to explain --puk and --new-pin.
        Assert.Equal(0, exitCode);
        Assert.Contains("  --new-pin PIN", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("  --pin", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Table_EveryCommandArgumentAndOption_IsDescribedInTurkishAndEnglish()
    {
        // Arrange
        var root = new SignerCommands(TextWriter.Null, _ => null).Root;
        IEnumerable<Symbol> shown = [root, .. root.Options, .. root.Subcommands.SelectMany(c => c.Arguments.Cast<Symbol>().Concat(c.Options).Prepend(c))];

        // Act
        var undescribed = shown.Where(s => !s.Hidden)
            .Select(s => (Symbol: s, Text: SignerCommands.Split(s.Description)))
            .Where(s => string.IsNullOrWhiteSpace(s.Text.Turkish) || string.IsNullOrWhiteSpace(s.Text.English) || s.Text.Turkish == s.Text.English)
            .Select(s => s.Symbol.Name)
            .ToList();

        // Assert
        Assert.Empty(undescribed);
    }

    [Fact]
    public void Run_LeadingWordInBrackets_RefusedAsAnUnknownCommand()
    {
        // Arrange: System.CommandLine reads a first [word] as a directive, and would drop it.
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(["[diagram]", "--module", MissingModule, "list"], new StringWriter(), error, _ => null);

        // Assert
        Assert.True(exitCode == 2, error.ToString());
        Assert.StartsWith("Bilinmeyen komut: [diagram] / Unknown command: [diagram]", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FileNameStartingWithAt_IsAFileNotAResponseFile()
    {
        // Arrange
        var error = new StringWriter();
        var name = "@" + Guid.NewGuid().ToString("N") + ".pdf";

        // Act
        var exitCode = SignerCli.Run(["verify", name, "--root", "kok.pem"], new StringWriter(), error, _ => null);

        // Assert: verify itself looked for the file under that name.
        Assert.Equal(1, exitCode);
        Assert.Contains($"Dosya bulunamadı: {name}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Program_HelpAndRefusal_ExitCodesAndTurkishLettersOnTheConsole()
    {
        // Arrange: the real program, as ./muhur imza runs it.
        var program = Path.Combine(AppContext.BaseDirectory, "muhur-imza.dll");

        // Act
        var help = ExternalProcess.Run("dotnet", program, "--module", MissingModule, "help");
        var refused = ExternalProcess.Run("dotnet", program, "--module", MissingModule, "unlock", "--slot", "bir");

        // Assert
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("Kartlardaki sertifikaları listeler", help.Output, StringComparison.Ordinal);
        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.StartsWith("Geçersiz yuva numarası: bir (0 ya da pozitif bir tam sayı olmalı; yuvaları list gösterir) / Invalid slot number: bir", refused.Output, StringComparison.Ordinal);
    }

    /// <summary>The text with its line breaks and indentation folded into single spaces, as a wrapped description reads.</summary>
    private static string Flat(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
