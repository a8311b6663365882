using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Revocation;
using Muhur.Pki.Signatures;
using Muhur.Pki.Verification;

namespace Muhur.Signer;

/// <summary>
/// <c>verify</c> (R-CARD-5): checks a detached (FILE + FILE.p7s) or attached (FILE is the CMS) CAdES-BES signature,
/// or the PAdES signatures inside a PDF, with the verification core the server's /dogrula uses too
/// (<see cref="CadesVerifier"/>): the CMS signature over the content, signing-certificate-v2 naming the signer
/// certificate, the chain to the given root, the qualified profile, validity at the signing time, and the signer's
/// status by OCSP (<see cref="OcspStatusSource"/>) — and prints GEÇERLİ, GEÇERSİZ: neden or BELİRSİZ: neden.
/// Exit code 0 only for GEÇERLİ, 1 otherwise.
/// </summary>
public static class VerifyCommand
{
    public const string Valid = "GEÇERLİ";
    public const string Invalid = "GEÇERSİZ";
    public const string Indeterminate = "BELİRSİZ";

    private static readonly TimeSpan OcspTimeout = TimeSpan.FromSeconds(15);

    /// <param name="file">The signed file (detached), or the CMS itself (attached).</param>
    /// <param name="signatureFile">--signature, or null for <paramref name="file"/> + ".p7s" if it exists, else attached.</param>
    /// <param name="rootFile">--root: the trusted root certificate (PEM or DER).</param>
    /// <param name="issuerFile">--issuer: an intermediate certificate, or null.</param>
    /// <param name="ocspUrl">--ocsp, or null for the OCSP address in the signer certificate's AIA.</param>
    /// <param name="output">Receives the verdict and the signer's details.</param>
    public static int Run(string file, string? signatureFile, string rootFile, string? issuerFile, string? ocspUrl, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(rootFile);
        ArgumentNullException.ThrowIfNull(output);
        if (!File.Exists(file))
        {
            throw new SignerException($"Dosya bulunamadı: {file}");
        }
        signatureFile ??= File.Exists(file + ".p7s") ? file + ".p7s" : null;
        if (signatureFile is not null && !File.Exists(signatureFile))
        {
            throw new SignerException($"İmza dosyası bulunamadı: {signatureFile}");
        }
        using var root = CertificateFiles.Load(rootFile, "Kök sertifika");
        using var issuer = issuerFile is null ? null : CertificateFiles.Load(issuerFile, "Ara sertifika");
        var verifier = new CadesVerifier(new TrustAnchors(root, issuer), new OcspStatusSource(ocspUrl, OcspTimeout));

        var bytes = File.ReadAllBytes(file);
        if (signatureFile is null && PdfSignatureReader.IsPdf(bytes))
        {
            return VerifyPdf(verifier.VerifyPdfAsync(bytes, CancellationToken.None).GetAwaiter().GetResult(), output);
        }
        var result = signatureFile is null
            ? verifier.VerifyAsync(bytes, null, CancellationToken.None).GetAwaiter().GetResult()
            : verifier.VerifyAsync(File.ReadAllBytes(signatureFile), bytes, CancellationToken.None).GetAwaiter().GetResult();
        return result.Finding == SignatureFinding.Malformed
            ? Verdict(output, $"{Invalid}: imza dosyası bir CMS imzası değil ya da bozuk", null, null)
            : Present(result, output);
    }

    /// <summary>
    /// PAdES (ETSI EN 319 142-1): every signature in the PDF is checked like a detached CAdES over its /ByteRange.
    /// The newest signature must cover the whole file: bytes after it mean the document was changed after signing.
    /// The claimed signing time is /M when the CMS has no signing-time (§6.3). Exit code 0 only if all are valid.
    /// </summary>
    private static int VerifyPdf(PdfVerification verification, TextWriter output)
    {
        switch (verification.Finding)
        {
            case PdfFinding.Malformed:
                return Verdict(output, $"{Invalid}: PDF'teki imza alanı bozuk (/ByteRange ya da /Contents okunamadı)", null, null);
            case PdfFinding.NoSignature:
                return Verdict(output, $"{Invalid}: PDF'te elektronik imza yok", null, null);
        }
        var exitCode = 0;
        var count = verification.Signatures.Count;
        for (var i = 0; i < count; i++)
        {
            var (signature, finding, result) = verification.Signatures[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"PDF imzası {i + 1}/{count} ({signature.SubFilter ?? "SubFilter yok"})"));
            var exit = finding switch
            {
                PdfFinding.Unsupported => Verdict(output, $"{Invalid}: desteklenmeyen PDF imza türü ({signature.SubFilter ?? "yok"})", null, null),
                PdfFinding.ChangedAfterSigning => Verdict(output, $"{Invalid}: belge imzalandıktan sonra değiştirilmiş (imzanın kapsamadığı eklemeler var)",
                    null, signature.ClaimedSigningTime),
                _ when result!.Finding == SignatureFinding.Malformed =>
                    Verdict(output, $"{Invalid}: PDF'teki imza bir CMS imzası değil ya da bozuk", null, signature.ClaimedSigningTime),
                _ => Present(result, output),
            };
            exitCode = Math.Max(exitCode, exit);
        }
        return exitCode;
    }

    /// <summary>The core's finding in the holder's words: the verdict word, then why.</summary>
    private static int Present(SignatureVerification result, TextWriter output)
    {
        var word = result.Verdict switch
        {
            SignatureVerdict.Valid => Valid,
            SignatureVerdict.Invalid => Invalid,
            _ => Indeterminate,
        };
        var revokedAt = result.Status?.RevokedAt is { } at ? Format(at) : "";
        var why = result.Finding switch
        {
            SignatureFinding.Valid => null,
            SignatureFinding.ContentMissing => "imza ayrık ve imzalanan içerik yok; imzalanan dosyayı verin: muhur-imza verify DOSYA --signature DOSYA.p7s",
            SignatureFinding.SignerUnclear => "imzada tek bir imzacı ve onun sertifikası bulunmalı",
            SignatureFinding.SignerUnreadable => "imza bozuk (imzacı sertifikası ya da imzalı öznitelikler okunamadı)",
            SignatureFinding.SigningTimeMalformed => "imzadaki imza zamanı (signing-time) geçerli bir zaman değil",
            SignatureFinding.SignatureBroken => "imza bozuk",
            SignatureFinding.ContentChanged => "dosya imzalandıktan sonra değiştirilmiş",
            SignatureFinding.SigningCertificateMissing or SignatureFinding.SigningCertificateMismatch =>
                "signing-certificate-v2 özniteliği yok ya da imzacının sertifikasını göstermiyor",
            SignatureFinding.SigningTimeMissing => "imzada imza zamanı yok (signing-time özniteliği ya da PDF'te /M)",
            SignatureFinding.NotChained => $"sertifika zinciri verilen köke ulaşmıyor ({result.ChainProblem})",
            SignatureFinding.SignerIsRoot => "imzacının sertifikası kök sertifikanın kendisi",
            SignatureFinding.NotQualified => "sertifika nitelikli elektronik sertifika değil (nonRepudiation ya da QcCompliance yok)",
            SignatureFinding.OutsideValidity => "imza zamanı sertifikanın (ya da zincirdeki bir makam sertifikasının) geçerlilik süresi dışında",
            SignatureFinding.StatusUnavailable => result.Status?.Problem,
            SignatureFinding.StatusUnknown => "OCSP sunucusu sertifikanın durumunu bilmiyor (unknown)",
            // RFC 5280 §5.3.1: certificateHold is a suspension (askı), not a revocation; both end a signature's validity.
            SignatureFinding.RevokedBeforeSigning => $"sertifika imzadan önce {Change(result.Status!)} ({revokedAt})",
            SignatureFinding.RevokedAfterSigning =>
                $"sertifika imzadan sonra {Change(result.Status!)} ({revokedAt}); imza zamanı zaman damgasıyla kanıtlanmadığından karar verilemiyor",
            _ => "imza bozuk",
        };
        return Verdict(output, why is null ? word : $"{word}: {why}", result.Certificate, result.SigningTime);
    }

    private static string Change(CertificateStatusAnswer status) =>
        status.Reason == CrlReason.CertificateHold ? "askıya alınmış" : "iptal edilmiş";

    private static int Verdict(TextWriter output, string verdict, X509Certificate2? certificate, DateTimeOffset? signingTime)
    {
        output.WriteLine(verdict);
        if (certificate is not null)
        {
            output.WriteLine($"İmzalayan: {certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}");
            output.WriteLine($"Sertifika seri no: {certificate.SerialNumber}");
        }
        if (signingTime is { } at)
        {
            output.WriteLine($"İmza zamanı: {Format(at)}");
        }
        return verdict == Valid ? 0 : 1;
    }

    private static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
