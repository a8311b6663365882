using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Signatures;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using PdfSharp.Pdf.Signatures;

namespace Muhur.Signer;

/// <summary>
/// A PAdES baseline B-B signature inside a PDF (ETSI EN 319 142-1; R-CARD-5), made with the key on the card.
/// PDFsharp lays out the signature field, the /ByteRange and the reserved /Contents; the CMS is ours
/// (<see cref="CadesSignature.SignPdfByteRange"/>).
/// </summary>
/// <remarks>
/// PDFsharp writes /SubFilter /adbe.pkcs7.detached and offers no way to change it, while PAdES requires
/// /ETSI.CAdES.detached (ETSI EN 319 142-1 §5.1). The two names have the same length, so the entry is rewritten in
/// the bytes that are signed and then in the file, at the same offset: the signed bytes and the file stay identical.
/// Every result is read back and its CMS verified before it is returned.
/// </remarks>
public static class PadesSignature
{
    private static readonly byte[] PdfSharpSubFilter = "/SubFilter/adbe.pkcs7.detached"u8.ToArray();
    private static readonly byte[] PadesSubFilter = "/SubFilter/ETSI.CAdES.detached"u8.ToArray();

    // The signature draws no text today; should PDFsharp need a font (a visible signature's appearance), it takes
    // the shipped ones and not the machine's.
    static PadesSignature() => Muhur.Pdf.PdfFonts.Register();

    /// <summary>Signs <paramref name="pdf"/> and returns the signed PDF.</summary>
    /// <param name="pdf">The PDF to sign; it must not be signed already (rewriting it would break those signatures).</param>
    /// <param name="certificate">The signer's certificate from the card.</param>
    /// <param name="privateKey">The token-backed key.</param>
    /// <param name="reason">/Reason, shown by PDF readers.</param>
    public static byte[] Sign(byte[] pdf, X509Certificate2 certificate, AsymmetricAlgorithm privateKey, string reason)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(privateKey);
        using var document = Open(pdf);
        var signer = new CardPdfSigner(certificate, privateKey);
        // An invisible signature (empty rectangle): a visible one would need fonts for its appearance stream.
        DigitalSignatureHandler.ForDocument(document, signer, new DigitalSignatureOptions
        {
            Reason = reason,
            AppName = "muhur-imza",
            ContactInfo = certificate.GetNameInfo(X509NameType.EmailName, forIssuer: false) ?? string.Empty,
            Location = string.Empty,
            PageIndex = 0,
            Rectangle = new XRect(0, 0, 0, 0),
        });
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        var signed = output.ToArray();
        if (!signer.Signed)
        {
            throw new SignerException("PDF imzalanamadı: imza sözlüğü beklenen biçimde değil.");
        }
        var at = IndexOfOnly(signed, PdfSharpSubFilter);
        if (at < 0)
        {
            throw new SignerException("PDF imzalanamadı: imza sözlüğü beklenen biçimde değil.");
        }
        PadesSubFilter.CopyTo(signed, at);
        CheckResult(signed, certificate);
        return signed;
    }

    /// <summary>
    /// Checks that <paramref name="pdf"/> can be signed, before the card is touched and the PIN asked: a PDF that
    /// PDFsharp can open and that carries no signature yet.
    /// </summary>
    public static void EnsureSignable(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        using var document = Open(pdf);
    }

    private static PdfDocument Open(byte[] pdf)
    {
        RefuseUnsignable(pdf);
        try
        {
            return PdfReader.Open(new MemoryStream(pdf, writable: false), PdfDocumentOpenMode.Modify);
        }
        // PDFsharp parses untrusted input and reports a malformed file with whatever it meets, a bare Exception too
        // ("The StartXRef table could not be found"), so every failure of the parser is the file's.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SignerException($"PDF okunamadı ({e.Message}); dosya bozuk ya da parolayla korunuyor olabilir.", e);
        }
    }

    /// <summary>Refuses what cannot be signed correctly: not a PDF, or a PDF that already carries a signature.</summary>
    private static void RefuseUnsignable(byte[] pdf)
    {
        if (!PdfSignatureReader.IsPdf(pdf))
        {
            throw new SignerException("Dosya bir PDF değil (%PDF- ile başlamıyor).");
        }
        IReadOnlyList<PdfSignature> existing;
        try
        {
            existing = PdfSignatureReader.Read(pdf);
        }
        catch (FormatException)
        {
            throw new SignerException("PDF'te bozuk bir imza alanı var; bu belge imzalanamaz.");
        }
        if (existing.Count > 0)
        {
            throw new SignerException(
                "PDF zaten imzalı. İkinci imza henüz desteklenmiyor: belgeyi yeniden yazmak önceki imzayı bozar.");
        }
    }

    /// <summary>Reads the signed PDF back: one PAdES signature over the whole file whose CMS verifies.</summary>
    private static void CheckResult(byte[] signed, X509Certificate2 certificate)
    {
        var signatures = PdfSignatureReader.Read(signed);
        if (signatures is not [var signature]
            || !signature.CoversWholeDocument
            || signature.SubFilter != "ETSI.CAdES.detached")
        {
            throw new SignerException("PDF imzalanamadı: oluşan imza belgenin tamamını kapsamıyor.");
        }
        var cms = new SignedCms(new ContentInfo(signature.SignedContent(signed)), detached: true);
        try
        {
            cms.Decode(signature.Cms);
            cms.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException e)
        {
            throw new SignerException("PDF imzalanamadı: oluşan imza doğrulanamadı.", e);
        }
        if (!cms.SignerInfos[0].Certificate!.RawData.AsSpan().SequenceEqual(certificate.RawData))
        {
            throw new SignerException("PDF imzalanamadı: imzadaki sertifika karttakiyle aynı değil.");
        }
    }

    private static int IndexOfOnly(byte[] haystack, byte[] needle)
    {
        var first = haystack.AsSpan().IndexOf(needle);
        if (first < 0 || haystack.AsSpan(first + 1).IndexOf(needle) >= 0)
        {
            return -1;
        }
        return first;
    }

    /// <summary>PDFsharp's hook for the CMS: it hands over the /ByteRange bytes and embeds what this returns.</summary>
    private sealed class CardPdfSigner(X509Certificate2 certificate, AsymmetricAlgorithm privateKey) : IDigitalSigner
    {
        public string CertificateName => certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

        /// <summary>Whether PDFsharp asked for the CMS, i.e. the saved file carries our signature.</summary>
        public bool Signed { get; private set; }

        /// <summary>
        /// The reserved /Contents size: the certificate, a signature of at most 512 bytes (RSA 4096) and the signed
        /// attributes, with room to spare; the rest is zero padding.
        /// </summary>
        public Task<int> GetSignatureSizeAsync() => Task.FromResult(certificate.RawData.Length + 4096);

        public Task<byte[]> GetSignatureAsync(Stream stream)
        {
            // PDFsharp's range stream starts unpositioned: without this it reads as empty.
            stream.Position = 0;
            var content = new byte[stream.Length];
            stream.ReadExactly(content);
            var at = IndexOfOnly(content, PdfSharpSubFilter);
            if (at < 0)
            {
                throw new SignerException("PDF imzalanamadı: imza sözlüğünde /SubFilter bulunamadı.");
            }
            PadesSubFilter.CopyTo(content, at);
            Signed = true;
            return Task.FromResult(CadesSignature.SignPdfByteRange(content, certificate, privateKey));
        }
    }

    /// <summary>The default name of the signed copy: <c>belge.pdf</c> → <c>belge-imzali.pdf</c>.</summary>
    public static string DefaultOutput(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var directory = Path.GetDirectoryName(file);
        var name = Path.GetFileNameWithoutExtension(file) + "-imzali.pdf";
        return string.IsNullOrEmpty(directory) ? name : Path.Combine(directory, name);
    }
}
