namespace Muhur.Signer;

/// <summary>
/// <c>sign</c> with the key on the card (R-CARD-5, R-CARD-4): a PDF gets a PAdES signature inside a signed copy
/// (<c>FILE-imzali.pdf</c> or <c>--out</c>); any other file a detached CAdES-BES signature written as DER to
/// <c>FILE.p7s</c> or <c>--out</c>. <c>--cades</c> asks for the detached form for a PDF too.
/// </summary>
public static class SignFileCommand
{
    /// <param name="modulePath">--module, or null for the default search.</param>
    /// <param name="file">The file to sign; its bytes are hashed, not embedded.</param>
    /// <param name="pin">--pin, or null to ask through <paramref name="readSecret"/>.</param>
    /// <param name="outFile">--out, or null for the default name.</param>
    /// <param name="slot">--slot: the card to use when several hold certificates.</param>
    /// <param name="output">Receives the name of the file written.</param>
    /// <param name="readSecret">Shows the prompt it is given and reads the answer without echo.</param>
    /// <param name="detached">--cades: a detached CAdES signature even for a PDF.</param>
    public static int Run(string? modulePath, string file, string? pin, string? outFile, ulong? slot, TextWriter output,
        Func<string, string?> readSecret, bool detached = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(readSecret);
        if (!File.Exists(file))
        {
            throw new SignerException($"İmzalanacak dosya bulunamadı: {file}");
        }
        var content = File.ReadAllBytes(file);
        if (!detached && Muhur.Pki.Signatures.PdfSignatureReader.IsPdf(content))
        {
            outFile ??= PadesSignature.DefaultOutput(file);
            PadesSignature.EnsureSignable(content);
            var signedPdf = SignCodeCommand.WithCardKey(modulePath, pin, slot, readSecret,
                (certificate, key) => PadesSignature.Sign(content, certificate, key, "Elektronik imza"));
            File.WriteAllBytes(outFile, signedPdf);
            output.WriteLine($"İmzalı PDF yazıldı: {outFile}");
            return 0;
        }
        outFile ??= file + ".p7s";
        var signature = SignCodeCommand.WithCardKey(modulePath, pin, slot, readSecret,
            (certificate, key) => CadesSignature.SignDetached(content, certificate, key, DateTime.UtcNow));
        File.WriteAllBytes(outFile, signature);
        output.WriteLine($"İmza yazıldı: {outFile}");
        return 0;
    }
}
