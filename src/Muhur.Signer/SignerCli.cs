using System.Globalization;
using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>Argument parsing and the error boundary of <c>muhur-imza</c>: no stack trace ever reaches the holder.</summary>
public static class SignerCli
{
    public const string Usage = """
        Kullanım: muhur-imza [--module YOL] KOMUT
          list                               Kartlardaki sertifikaları listeler
          sign-code KOD [--pin PIN] [--out DOSYA] [--slot YUVA]
                                             Portalın gösterdiği doğrulama kodunu kartla imzalar (CAdES-BES)
          sign DOSYA [--pin PIN] [--out ÇIKTI] [--slot YUVA] [--cades]
                                             PDF'i kartla PAdES olarak imzalar (DOSYA-imzali.pdf); başka dosyaları
                                             ayrık (detached) CAdES-BES olarak (imza DOSYA.p7s). --cades: PDF için de ayrık imza
          verify DOSYA [--signature DOSYA.p7s] --root KÖK.pem [--issuer ARA.pem] [--ocsp URL]
                                             İmzayı (CAdES ya da imzalı PDF içindeki PAdES), zinciri ve OCSP durumunu
                                             doğrular: GEÇERLİ / GEÇERSİZ / BELİRSİZ
          doctor [--ocsp URL] [--issuer ARA.pem]
                                             Sertifikanın neden görünmediğini ya da imza atamadığını açıklar:
                                             sürücü, kart, PIN, süre, askı ve iptal durumu (OCSP)
          unlock [--slot YUVA] [--puk PUK] [--new-pin PIN]
                                             Kilit Çözme: PUK ile yeni PIN belirler, kilitli PIN'i açar; verilmeyenler
                                             ekrana yansımadan sorulur (PUK: kurum yetkiliniz aracılığıyla
                                             sertifikasyon merkezinden)
        --module YOL   PKCS#11 kart sürücüsü (yoksa MUHUR_IMZA_MODULE, sonra AKİS ve SoftHSM2'nin olağan yolları)
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error, Func<string, string?> readSecret)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? module = null, pin = null, outFile = null, slotText = null, puk = null, newPin = null;
        string? signatureFile = null, rootFile = null, issuerFile = null, ocspUrl = null;
        var positional = new List<string>();
        var detached = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "help")
            {
                output.WriteLine(Usage);
                return 0;
            }
            if (arg is "--cades")
            {
                detached = true;
                continue;
            }
            if (arg is "--module" or "--pin" or "--out" or "--slot" or "--signature" or "--root" or "--issuer" or "--ocsp" or "--puk" or "--new-pin")
            {
                if (i + 1 >= args.Length)
                {
                    return Fail(error, $"{arg} bir değer bekliyor.");
                }
                var value = args[++i];
                switch (arg)
                {
                    case "--module": module = value; break;
                    case "--pin": pin = value; break;
                    case "--out": outFile = value; break;
                    case "--signature": signatureFile = value; break;
                    case "--root": rootFile = value; break;
                    case "--issuer": issuerFile = value; break;
                    case "--ocsp": ocspUrl = value; break;
                    case "--puk": puk = value; break;
                    case "--new-pin": newPin = value; break;
                    default: slotText = value; break;
                }
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                return Fail(error, $"Bilinmeyen seçenek: {arg}");
            }
            else
            {
                positional.Add(arg);
            }
        }
        ulong? slot = null;
        if (slotText is not null)
        {
            if (!ulong.TryParse(slotText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Fail(error, $"Geçersiz yuva numarası: {slotText}");
            }
            slot = parsed;
        }
        if (positional.Count == 0)
        {
            error.WriteLine(Usage);
            return 2;
        }
        try
        {
            return (positional[0], positional.Count) switch
            {
                ("list", 1) => ListCommand.Run(module, output),
                ("doctor", 1) => DoctorCommand.Run(module, ocspUrl, issuerFile, output),
                ("sign-code", 2) => SignCodeCommand.Run(module, positional[1], pin, outFile, slot, output, readSecret),
                ("sign", 2) => SignFileCommand.Run(module, positional[1], pin, outFile, slot, output, readSecret, detached),
                ("sign", _) => Fail(error, "sign tek bir dosya bekliyor: muhur-imza sign DOSYA"),
                ("verify", 2) when rootFile is null => Fail(error, "verify --root KÖK.pem bekliyor: imzanın zinciri bu köke ulaşmalı."),
                ("verify", 2) => VerifyCommand.Run(positional[1], signatureFile, rootFile, issuerFile, ocspUrl, output),
                ("verify", _) => Fail(error, "verify tek bir dosya bekliyor: muhur-imza verify DOSYA --root KÖK.pem"),
                ("sign-code", _) => Fail(error, "sign-code tek bir doğrulama kodu bekliyor: muhur-imza sign-code KOD"),
                ("unlock", 1) when pin is not null => Fail(error, "unlock --pin almaz: PUK için --puk, yeni PIN için --new-pin verin ya da sorulmalarını bekleyin."),
                ("unlock", 1) => UnlockCommand.Run(module, slot, puk, newPin, output, readSecret),
                ("list" or "doctor" or "unlock", _) => Fail(error, $"{positional[0]} başka argüman almaz."),
                _ => Fail(error, $"Bilinmeyen komut: {positional[0]}\n{Usage}"),
            };
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

    private static int Fail(TextWriter error, string message, int exitCode = 2)
    {
        error.WriteLine(message);
        return exitCode;
    }
}
