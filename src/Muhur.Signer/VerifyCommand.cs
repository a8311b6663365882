using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Revocation;
using Muhur.Pki.Signatures;

namespace Muhur.Signer;

/// <summary>
/// <c>verify</c> (R-CARD-5): checks a detached (FILE + FILE.p7s) or attached (FILE is the CMS) CAdES-BES signature,
/// or the PAdES signatures inside a PDF —
/// the CMS signature over the content, signing-certificate-v2 naming the signer certificate, the chain to the given
/// root, and the signer's status by OCSP — and prints GEÇERLİ, GEÇERSİZ: neden or BELİRSİZ: neden.
/// Exit code 0 only for GEÇERLİ, 1 otherwise.
/// </summary>
public static class VerifyCommand
{
    public const string Valid = "GEÇERLİ";
    public const string Invalid = "GEÇERSİZ";
    public const string Indeterminate = "BELİRSİZ";

    private const string SigningTimeOid = "1.2.840.113549.1.9.5";
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";

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
        var trust = new Trust(root, issuer, ocspUrl);

        var bytes = File.ReadAllBytes(file);
        if (signatureFile is null && PdfSignatureReader.IsPdf(bytes))
        {
            return VerifyPdf(bytes, trust, output);
        }
        byte[]? content = signatureFile is null ? null : bytes;
        var cms = content is null ? new SignedCms() : new SignedCms(new ContentInfo(content), detached: true);
        try
        {
            cms.Decode(signatureFile is null ? bytes : File.ReadAllBytes(signatureFile));
        }
        catch (CryptographicException)
        {
            return Verdict(output, $"{Invalid}: imza dosyası bir CMS imzası değil ya da bozuk", null, null);
        }
        return Check(cms, claimedSigningTime: null, trust, output);
    }

    /// <summary>The root, intermediate and OCSP address a verification trusts.</summary>
    private sealed record Trust(X509Certificate2 Root, X509Certificate2? Issuer, string? OcspUrl);

    /// <summary>
    /// PAdES (ETSI EN 319 142-1): every signature in the PDF is checked like a detached CAdES over its /ByteRange.
    /// The newest signature must cover the whole file: bytes after it mean the document was changed after signing.
    /// The claimed signing time is /M when the CMS has no signing-time (§6.3). Exit code 0 only if all are valid.
    /// </summary>
    private static int VerifyPdf(byte[] pdf, Trust trust, TextWriter output)
    {
        IReadOnlyList<PdfSignature> signatures;
        try
        {
            signatures = PdfSignatureReader.Read(pdf);
        }
        catch (FormatException)
        {
            return Verdict(output, $"{Invalid}: PDF'teki imza alanı bozuk (/ByteRange ya da /Contents okunamadı)", null, null);
        }
        if (signatures.Count == 0)
        {
            return Verdict(output, $"{Invalid}: PDF'te elektronik imza yok", null, null);
        }
        var exitCode = 0;
        for (var i = 0; i < signatures.Count; i++)
        {
            var signature = signatures[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"PDF imzası {i + 1}/{signatures.Count} ({signature.SubFilter ?? "SubFilter yok"})"));
            int result;
            if (!signature.IsDetachedCms)
            {
                result = Verdict(output, $"{Invalid}: desteklenmeyen PDF imza türü ({signature.SubFilter ?? "yok"})", null, null);
            }
            else if (i == signatures.Count - 1 && !signature.CoversWholeDocument)
            {
                result = Verdict(output, $"{Invalid}: belge imzalandıktan sonra değiştirilmiş (imzanın kapsamadığı eklemeler var)", null,
                    signature.ClaimedSigningTime);
            }
            else
            {
                var cms = new SignedCms(new ContentInfo(signature.SignedContent(pdf)), detached: true);
                bool decoded;
                try
                {
                    cms.Decode(signature.Cms);
                    decoded = true;
                }
                catch (CryptographicException)
                {
                    decoded = false;
                }
                result = decoded
                    ? Check(cms, signature.ClaimedSigningTime, trust, output)
                    : Verdict(output, $"{Invalid}: PDF'teki imza bir CMS imzası değil ya da bozuk", null, signature.ClaimedSigningTime);
            }
            exitCode = Math.Max(exitCode, result);
        }
        return exitCode;
    }

    private static int Check(SignedCms cms, DateTimeOffset? claimedSigningTime, Trust trust, TextWriter output)
    {
        var (root, issuer, ocspUrl) = (trust.Root, trust.Issuer, trust.OcspUrl);
        SignerInfo signer;
        X509Certificate2? signerCertificate;
        try
        {
            // SignedCms decodes the certificates and signed attributes only when asked: damage there shows now.
            if (cms.SignerInfos.Count != 1)
            {
                return Verdict(output, $"{Invalid}: imzada tek bir imzacı ve onun sertifikası bulunmalı", null, null);
            }
            signer = cms.SignerInfos[0];
            signerCertificate = signer.Certificate;
            _ = signer.SignedAttributes.Count;
        }
        catch (CryptographicException)
        {
            return Verdict(output, $"{Invalid}: imza bozuk (imzacı sertifikası ya da imzalı öznitelikler okunamadı)", null, claimedSigningTime);
        }
        if (signerCertificate is null)
        {
            return Verdict(output, $"{Invalid}: imzada tek bir imzacı ve onun sertifikası bulunmalı", null, null);
        }
        if (!TrySigningTime(signer, out var signedTime))
        {
            return Verdict(output, $"{Invalid}: imzadaki imza zamanı (signing-time) geçerli bir zaman değil", signerCertificate, null);
        }
        var signingTime = signedTime ?? claimedSigningTime;

        // (a) The CMS signature over the content; a wrong message-digest means the file was changed.
        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            var reason = DigestMatches(signer, cms.ContentInfo.Content) ? "imza bozuk" : "dosya imzalandıktan sonra değiştirilmiş";
            return Verdict(output, $"{Invalid}: {reason}", signerCertificate, signingTime);
        }
        // (b) signing-certificate-v2 (CAdES-BES) names exactly this signer certificate.
        if (!SigningCertificateV2Names(signer, signerCertificate))
        {
            return Verdict(output, $"{Invalid}: signing-certificate-v2 özniteliği yok ya da imzacının sertifikasını göstermiyor",
                signerCertificate, signingTime);
        }
        if (signingTime is null)
        {
            return Verdict(output, $"{Invalid}: imzada imza zamanı yok (signing-time özniteliği ya da PDF'te /M)", signerCertificate, signingTime);
        }
        // (c) The chain to the given root, at the signing time.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(cms.Certificates);
        if (issuer is not null)
        {
            chain.ChainPolicy.ExtraStore.Add(issuer);
        }
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = signingTime.Value.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(signerCertificate) || !chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(root.RawData))
        {
            var status = string.Join(", ", chain.ChainElements.SelectMany(e => e.ChainElementStatus).Select(s => s.Status).Distinct());
            return Verdict(output, $"{Invalid}: sertifika zinciri verilen köke ulaşmıyor ({status})", signerCertificate, signingTime);
        }
        if (chain.ChainElements.Count < 2)
        {
            return Verdict(output, $"{Invalid}: imzacının sertifikası kök sertifikanın kendisi", signerCertificate, signingTime);
        }
        // (d) The signer's status by OCSP.
        var url = ocspUrl ?? signerCertificate.Extensions.OfType<X509AuthorityInformationAccessExtension>()
            .SelectMany(e => e.EnumerateOcspUris()).FirstOrDefault();
        if (url is null)
        {
            return Verdict(output, $"{Indeterminate}: sertifikada OCSP adresi yok; --ocsp ile verin", signerCertificate, signingTime);
        }
        if (OcspCheck.HttpUrl(url) is not { } uri)
        {
            throw new SignerException($"Geçersiz OCSP adresi: {url}");
        }
        OcspAnswer answer;
        try
        {
            answer = OcspCheck.Query(uri, signerCertificate, chain.ChainElements[1].Certificate, TimeSpan.FromSeconds(15));
        }
        catch (SignerException e)
        {
            return Verdict(output, $"{Indeterminate}: {e.Message}", signerCertificate, signingTime);
        }
        return answer switch
        {
            { Status: OcspStatus.Good } => Verdict(output, Valid, signerCertificate, signingTime),
            // RFC 5280 §5.3.1: certificateHold is a suspension (askı), not a revocation; both end a signature's validity.
            { Status: OcspStatus.Revoked, RevocationTime: { } at } when at <= signingTime.Value =>
                Verdict(output, $"{Invalid}: sertifika imzadan önce {Change(answer)} ({Format(at)})", signerCertificate, signingTime),
            { Status: OcspStatus.Revoked, RevocationTime: { } at } =>
                Verdict(output, $"{Indeterminate}: sertifika imzadan sonra {Change(answer)} ({Format(at)}); imza zamanı zaman damgasıyla kanıtlanmadığından karar verilemiyor",
                    signerCertificate, signingTime),
            _ => Verdict(output, $"{Indeterminate}: OCSP sunucusu sertifikanın durumunu bilmiyor (unknown)", signerCertificate, signingTime),
        };
    }

    private static string Change(OcspAnswer answer) =>
        answer.RevocationReason == CrlReason.CertificateHold ? "askıya alınmış" : "iptal edilmiş";

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

    /// <summary>RFC 5652 §11.3: at most one signing-time, one value, a valid Time; false when it is there but is not.</summary>
    private static bool TrySigningTime(SignerInfo signer, out DateTimeOffset? signingTime)
    {
        signingTime = null;
        var attributes = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Where(a => a.Oid.Value == SigningTimeOid).ToList();
        if (attributes.Count == 0)
        {
            return true;
        }
        if (attributes.Count != 1 || attributes[0].Values.Count != 1 || !CmsSigningTime.TryDecode(attributes[0].Values[0].RawData, out var decoded))
        {
            return false;
        }
        signingTime = decoded;
        return true;
    }

    /// <summary>Whether the signed message-digest (RFC 5652 §11.2) is the content's: if so, the signature itself is broken.</summary>
    private static bool DigestMatches(SignerInfo signer, byte[] content)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value == MessageDigestOid && attribute.Values.Count == 1)
            {
                byte[] digest;
                try
                {
                    digest = new AsnReader(attribute.Values[0].RawData, AsnEncodingRules.DER).ReadOctetString();
                }
                catch (AsnContentException)
                {
                    return true; // not a digest at all: the signature is broken, not the file changed
                }
                using var hash = IncrementalHash.CreateHash(new HashAlgorithmName(HashName(signer.DigestAlgorithm.Value)));
                hash.AppendData(content);
                return hash.GetHashAndReset().AsSpan().SequenceEqual(digest);
            }
        }
        return false;
    }

    private static string HashName(string? oid) => oid switch
    {
        "2.16.840.1.101.3.4.2.2" => "SHA384",
        "2.16.840.1.101.3.4.2.3" => "SHA512",
        _ => "SHA256",
    };

    /// <summary>RFC 5035 §3: the first ESSCertIDv2 names the signer certificate by hash and, if present, issuer and serial.</summary>
    private static bool SigningCertificateV2Names(SignerInfo signer, X509Certificate2 certificate)
    {
        var attributes = signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Where(a => a.Oid.Value == CadesSignature.SigningCertificateV2Oid).ToList();
        if (attributes.Count != 1 || attributes[0].Values.Count != 1)
        {
            return false;
        }
        try
        {
            var certs = new AsnReader(attributes[0].Values[0].RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
            var certId = certs.ReadSequence();
            var hashName = HashAlgorithmName.SHA256;
            if (certId.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                hashName = new HashAlgorithmName(HashName(certId.ReadSequence().ReadObjectIdentifier()));
            }
            using var hash = IncrementalHash.CreateHash(hashName);
            hash.AppendData(certificate.RawData);
            if (!certId.ReadOctetString().AsSpan().SequenceEqual(hash.GetHashAndReset()))
            {
                return false;
            }
            if (!certId.HasData)
            {
                return true;
            }
            var issuerSerial = certId.ReadSequence();
            var names = issuerSerial.ReadSequence();
            var name = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)).ReadEncodedValue();
            return name.Span.SequenceEqual(certificate.IssuerName.RawData)
                && issuerSerial.ReadIntegerBytes().Span.SequenceEqual(certificate.SerialNumberBytes.Span);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
