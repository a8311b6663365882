using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Muhur.Signer;

/// <summary>
/// The command table of <c>muhur-imza</c> (R-CARD-4, R-CARD-5, R-CARD-3): its commands, arguments and options, each
/// described in Turkish and English (<see cref="Text"/>). Help (<see cref="SignerHelp"/>) and the refusals of
/// <see cref="SignerCli"/> are written from it; the actions run the commands with <c>output</c> and <c>readSecret</c>.
/// </summary>
internal sealed class SignerCommands
{
    public const string Program = "muhur-imza";

    public SignerCommands(TextWriter output, Func<string, string?> readSecret)
    {
        // One --module for the root (muhur-imza --module YOL list, as the README writes it) and each command that opens
        // the card (list --module YOL); verify reads files and the network only.
        var module = new Option<string>("--module")
        {
            HelpName = "YOL",
            Description = Text(
                "PKCS#11 kart sürücüsü (yoksa MUHUR_IMZA_MODULE, sonra sürücülerin olağan yerleri: Linux'ta AKİS ve SoftHSM2, Windows'ta System32)",
                "The card's PKCS#11 driver (else MUHUR_IMZA_MODULE, then the drivers' usual places: AKİS and SoftHSM2 on Linux, System32 on Windows)"),
        };
        var pin = new Option<string>("--pin")
        {
            HelpName = "PIN",
            Description = Text(
                "Kartın PIN'i; verilmezse ekrana yansımadan sorulur (komut satırındaki PIN süreç listesinde görünür)",
                "The card's PIN; asked without echo when not given (a PIN on the command line shows in the process list)"),
        };
        var slot = new Option<ulong?>("--slot")
        {
            HelpName = "YUVA",
            Description = Text(
                "Kartın yuvası, birden çok kartta sertifika varsa (yuvaları list gösterir)",
                "The card's slot, when several cards hold certificates (list shows the slots)"),
            CustomParser = ParseSlot,
        };

        var list = new Command("list", Text("Kartlardaki sertifikaları listeler", "Lists the certificates on the cards")) { module };
        list.SetAction(result => ListCommand.Run(result.GetValue(module), output));

        var code = new Argument<string>("KOD") { Description = Text("Portalın gösterdiği doğrulama kodu", "The verification code the portal shows") };
        var codeOut = new Option<string>("--out")
        {
            HelpName = "DOSYA",
            Description = Text(
                "İmza (DER) bu dosyaya yazılır; verilmezse base64 olarak ekrana basılır",
                "Writes the signature (DER) to this file; without it, prints it as base64"),
        };
        var send = new Option<Uri>("--gonder", "--send")
        {
            HelpName = "URL",
            Description = Text(
                "İmzayı portalın bu adresine gönderir ve sunucunun yanıtını yazar (adres portalın e-imza sayfasındaki komutta; --send de olur)",
                "Sends the signature to this portal address and prints the server's answer (the address is in the command on the portal's e-signed page; --send works too)"),
            CustomParser = SignCodeSubmission.ParseAddress,
        };
        var signCode = new Command("sign-code", Text(
            "Portalın gösterdiği doğrulama kodunu kartla imzalar (CAdES-BES)",
            "Signs the verification code the portal shows, with the card (CAdES-BES)"))
        {
            code, pin, codeOut, send, slot, module,
        };
        signCode.SetAction(result => SignCodeCommand.Run(
            result.GetValue(module), result.GetRequiredValue(code), result.GetValue(pin), result.GetValue(codeOut), result.GetValue(slot), output, readSecret,
            result.GetValue(send)));

        var file = new Argument<string>("DOSYA") { Description = Text("İmzalanacak dosya", "The file to sign") };
        var signOut = new Option<string>("--out")
        {
            HelpName = "ÇIKTI",
            Description = Text(
                "İmzalı PDF'in ya da ayrık imzanın yazılacağı dosya",
                "Where the signed PDF or the detached signature is written"),
        };
        var cades = new Option<bool>("--cades") { Description = Text("PDF için de ayrık CAdES-BES imza", "A detached CAdES-BES signature for a PDF too") };
        var sign = new Command("sign", Text(
            "PDF'i kartla PAdES olarak imzalar (DOSYA-imzali.pdf); başka dosyaları ayrık (detached) CAdES-BES olarak (imza DOSYA.p7s)",
            "Signs a PDF with the card as PAdES (DOSYA-imzali.pdf); any other file as detached CAdES-BES (signature in DOSYA.p7s)"))
        {
            file, pin, signOut, slot, cades, module,
        };
        sign.SetAction(result => SignFileCommand.Run(
            result.GetValue(module), result.GetRequiredValue(file), result.GetValue(pin), result.GetValue(signOut), result.GetValue(slot), output, readSecret,
            result.GetValue(cades)));

        var signed = new Argument<string>("DOSYA")
        {
            Description = Text(
                "İmzalı PDF, ayrık imzası yanında duran dosya ya da eklenmiş (attached) CMS",
                "A signed PDF, a file with its detached signature beside it, or an attached CMS"),
        };
        var signature = new Option<string>("--signature")
        {
            HelpName = "DOSYA.p7s",
            Description = Text("Ayrık imza; verilmezse DOSYA.p7s aranır", "The detached signature; without it DOSYA.p7s is looked for"),
        };
        var root = new Option<string>("--root")
        {
            HelpName = "KÖK.pem",
            Required = true,
            Description = Text(
                "Güvenilen kök sertifika: imzanın zinciri bu köke ulaşmalı",
                "The trusted root certificate: the signature's chain must lead to it"),
        };
        var intermediate = new Option<string>("--issuer")
        {
            HelpName = "ARA.pem",
            Description = Text("Ara sertifika (CMS'teki sertifikalara ek)", "An intermediate certificate, besides those in the CMS"),
        };
        var verifyOcsp = new Option<string>("--ocsp")
        {
            HelpName = "URL",
            Description = Text(
                "OCSP adresi; verilmezse imzalayanın sertifikasındaki (AIA)",
                "The OCSP responder; without it, the one in the signer's certificate (AIA)"),
        };
        var verify = new Command("verify", Text(
            "İmzayı (CAdES ya da imzalı PDF içindeki PAdES), zinciri ve OCSP durumunu doğrular: GEÇERLİ / GEÇERSİZ / BELİRSİZ",
            "Verifies the signature (CAdES, or PAdES in a signed PDF), its chain and OCSP status: valid / invalid / indeterminate"))
        {
            signed, signature, root, intermediate, verifyOcsp,
        };
        verify.SetAction(result => VerifyCommand.Run(
            result.GetRequiredValue(signed), result.GetValue(signature), result.GetRequiredValue(root), result.GetValue(intermediate), result.GetValue(verifyOcsp),
            output));

        var doctorOcsp = new Option<string>("--ocsp")
        {
            HelpName = "URL",
            Description = Text(
                "Her sertifika için OCSP adresi; verilmezse sertifikadaki (AIA)",
                "The OCSP responder for every certificate; without it, each certificate's own (AIA)"),
        };
        var issuer = new Option<string>("--issuer")
        {
            HelpName = "ARA.pem",
            Description = Text(
                "Sertifikayı veren makamın sertifikası; verilmezse sertifikadaki adresten, sonra karttan",
                "The issuing authority's certificate; without it, from the certificate's address, then from the card"),
        };
        var doctor = new Command("doctor", Text(
            "Sertifikanın neden görünmediğini ya da imza atamadığını açıklar: sürücü, kart, PIN, süre, askı ve iptal durumu (OCSP)",
            "Explains why a certificate is not seen or cannot sign: driver, card, PIN, validity, suspension and revocation (OCSP)"))
        {
            doctorOcsp, issuer, module,
        };
        doctor.SetAction(result => DoctorCommand.Run(result.GetValue(module), result.GetValue(doctorOcsp), result.GetValue(issuer), output));

        var puk = new Option<string>("--puk") { HelpName = "PUK", Description = Text("Kartın PUK'u; verilmezse sorulur", "The card's PUK; asked when not given") };
        var newPin = new Option<string>("--new-pin")
        {
            HelpName = "PIN",
            Description = Text("Yeni PIN (6–8 rakam); verilmezse iki kez sorulur", "The new PIN (6–8 digits); asked twice when not given"),
        };
        // Accepted, hidden, to explain which options unlock wants instead: a holder used to sign-code reaches for --pin.
        var unlockPin = new Option<string>("--pin") { Hidden = true };
        unlockPin.Validators.Add(result => result.AddError(
            "unlock --pin almaz: PUK için --puk, yeni PIN için --new-pin verin ya da sorulmalarını bekleyin."
            + " / unlock takes no --pin: give the PUK with --puk and the new PIN with --new-pin, or wait to be asked."));
        var unlock = new Command("unlock", Text(
            "Kilit Çözme: PUK ile yeni PIN belirler, kilitli PIN'i açar; verilmeyenler ekrana yansımadan sorulur"
            + " (PUK: kurum yetkiliniz aracılığıyla sertifikasyon merkezinden)",
            "Unlock: sets a new PIN with the PUK, which unblocks a locked PIN; what is not given is asked without echo"
            + " (the PUK: from the certification centre, through your institution's authority)"))
        {
            slot, puk, newPin, unlockPin, module,
        };
        unlock.SetAction(result => UnlockCommand.Run(result.GetValue(module), result.GetValue(slot), result.GetValue(puk), result.GetValue(newPin), output, readSecret));

        var topic = new Argument<string?>("KOMUT")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = Text("Yardımı gösterilecek komut", "The command to show help for"),
        };
        Help = new Command("help", Text("Yardımı gösterir: tüm komutlar ya da yalnız KOMUT", "Shows help: every command, or KOMUT's")) { topic };
        HelpTopic = topic;

        Root = new RootCommand(Text(
            "Mühür imza uygulaması: e-imza kartıyla imzalar, imzaları doğrular",
            "Mühür's signing application: signs with an e-signature card, verifies signatures"))
        {
            module, list, signCode, sign, verify, doctor, unlock, Help,
        };
        foreach (var argument in (Argument[])[code, file, signed, topic])
        {
            argument.Validators.Add(RefuseOptionLike);
        }
        topic.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var name }] && !name.StartsWith("--", StringComparison.Ordinal) && Find(name) is null)
            {
                result.AddError($"Bilinmeyen komut: {name} / Unknown command: {name}");
            }
        });

        // --version is not part of this program's table; -h/--help (System.CommandLine's, on every command) stays.
        foreach (var option in Root.Options.Where(o => o is VersionOption).ToList())
        {
            _ = Root.Options.Remove(option);
        }
        foreach (var help in Root.Options.OfType<HelpOption>())
        {
            help.Description = Text("Yardımı gösterir", "Shows help");
            // On Linux /h and /? are paths; -h, -? and --help stay.
            _ = help.Aliases.Remove("/h");
            _ = help.Aliases.Remove("/?");
        }
        // A holder's file name is a file name: no [directive] words, no @response files (see Parse).
        Root.Directives.Clear();
        foreach (var command in (IEnumerable<Command>)[Root, .. Root.Subcommands])
        {
            // Extra words are refused by SignerCli with messages of its own (unknown option, unknown command).
            command.TreatUnmatchedTokensAsErrors = false;
        }
    }

    public RootCommand Root { get; }

    /// <summary><c>help [KOMUT]</c>, as <c>./muhur imza help</c> has always asked for the usage.</summary>
    public Command Help { get; }

    public Argument<string?> HelpTopic { get; }

    /// <summary>Parses <paramref name="args"/> as the holder typed them: <c>@dosya</c> is a file's name, not a response file.</summary>
    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    /// <summary>The command named <paramref name="name"/>, or null.</summary>
    public Command? Find(string name) => Root.Subcommands.FirstOrDefault(c => c.Name == name);

    /// <summary>A description in both languages: Turkish on the first line, English on the second.</summary>
    public static string Text(string turkish, string english) => turkish + "\n" + english;

    /// <summary>The Turkish and the English of a description made by <see cref="Text"/>.</summary>
    public static (string Turkish, string English) Split(string? description)
    {
        var lines = (description ?? string.Empty).Split('\n', 2);
        return (lines[0], lines.Length > 1 ? lines[1] : lines[0]);
    }

    /// <summary>
    /// An unknown option where a code or a file name is expected (<c>sign --bogus</c>) is a mistyped option, as it always
    /// was here: System.CommandLine would take it as the value.
    /// </summary>
    private static void RefuseOptionLike(ArgumentResult result)
    {
        foreach (var token in result.Tokens.Where(t => t.Value.StartsWith("--", StringComparison.Ordinal)))
        {
            result.AddError($"Bilinmeyen seçenek: {token.Value} / Unknown option: {token.Value}");
        }
    }

    /// <summary>A slot number, or a refusal: a mistyped slot must not quietly mean "choose automatically".</summary>
    private static ulong? ParseSlot(ArgumentResult result)
    {
        // Given twice, System.CommandLine refuses the option already (one value expected).
        if (result.Tokens is not [var token])
        {
            return null;
        }

        var text = token.Value;
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var slot))
        {
            return slot;
        }

        result.AddError($"Geçersiz yuva numarası: {text} (0 ya da pozitif bir tam sayı olmalı; yuvaları list gösterir)"
            + $" / Invalid slot number: {text} (a non-negative integer; list shows the slots)");
        return null;
    }
}
