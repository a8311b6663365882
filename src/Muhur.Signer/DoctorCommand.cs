using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Ocsp;
using Muhur.Pki.Revocation;
using Muhur.Pki.Verification;
using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>
/// <c>doctor</c> (R-CARD-4, seed 000 §9, §10): says in plain Turkish why a certificate does not show up or cannot sign,
/// with the fix: driver, reader/card, locked PIN, no certificate, and for every certificate on a card (locked or not) its
/// validity period and its status by OCSP (good, suspended, revoked, or why it could not be checked).
/// </summary>
public static class DoctorCommand
{
    public const string NoCard =
        "Kart okuyucu veya kart bulunamadı. Çözüm: kart okuyucuyu bilgisayara takın, kartı okuyucuya doğru yerleştirin ve okuyucu sürücüsünün (pcscd) çalıştığını denetleyin.";

    public const string LockedFix = "PIN kilitli. Çözüm: " + PinMessages.HowToUnlock;

    public const string NoCertificate =
        "Kartta sertifika yok. Çözüm: kartınıza sertifika yazılıp yazılmadığını kurum yetkiliniz aracılığıyla sertifikasyon merkezine sorun.";

    public const string Usable = "Sonuç: imzada kullanılabilecek bir sertifika var.";

    public const string NotUsable = "Sonuç: imzada kullanılabilecek bir sertifika yok; yukarıdaki çözümlere bakın.";

    private const string Indent = "    ";
    private const string NotCardFault = "Bu, kartınızın ya da sertifikanızın bir arızası değildir.";
    private static readonly TimeSpan OcspTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CaIssuersTimeout = TimeSpan.FromSeconds(5);
    private static readonly CultureInfo Turkish = CultureInfo.GetCultureInfo("tr-TR");

    /// <param name="modulePath">--module, or null for <see cref="ModuleLocator"/>'s search.</param>
    /// <param name="ocspUrl">--ocsp: the responder for every certificate, or null for each certificate's AIA id-ad-ocsp.</param>
    /// <param name="issuerFile">--issuer: the issuing CA's certificate (PEM or DER), or null to find it (AIA caIssuers, then the card).</param>
    /// <param name="output">Receives the diagnosis.</param>
    /// <returns>
    /// 0 when at least one card holds a certificate within its validity period that is not revoked or suspended (or whose
    /// status could not be checked: that is no fault of the card), 1 otherwise.
    /// </returns>
    public static int Run(string? modulePath, string? ocspUrl, string? issuerFile, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Uri? ocspOverride = null;
        if (ocspUrl is not null)
        {
            ocspOverride = OcspCheck.HttpUrl(ocspUrl) ?? throw new SignerException($"Geçersiz OCSP adresi: {ocspUrl}");
        }
        using var givenIssuer = issuerFile is null ? null : CertificateFiles.Load(issuerFile, "Veren makamın sertifikası (--issuer)");
        using var module = ModuleLocator.Load(modulePath);
        output.WriteLine($"Kart sürücüsü yüklendi: {module.Path}");
        var cards = Cards.Initialized(module, out var uninitialized);
        if (cards.Count == 0)
        {
            output.WriteLine(NoCard);
            if (uninitialized > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Not: {uninitialized} yuvada kişiselleştirilmemiş (başlatılmamış) kart var; böyle bir kartta sertifika olamaz."));
            }
            return 1;
        }
        using var issuers = new IssuerLookup(givenIssuer);
        var usable = 0;
        foreach (var card in cards)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Kart '{card.Token.Label}' (yuva {card.Slot.SlotId}): ");
            var flags = card.Token.Flags;
            if (flags.HasFlag(TokenState.UserPinLocked))
            {
                // With the PUK locked too, nothing on the card can be unblocked (PKCS#11 v2.40 §3.2 CKF_SO_PIN_LOCKED).
                output.WriteLine(prefix + (flags.HasFlag(TokenState.SoPinLocked) ? "PIN kilitli. " + PinMessages.PukLocked : LockedFix));
                // The certificates are still read and checked (public objects, no PIN): unblocking a card whose
                // certificate is revoked or expired would not help, and the holder should hear that first.
                _ = DiagnoseCard(module, card, prefix, ocspOverride, issuers, output);
                continue;
            }
            if (flags.HasFlag(TokenState.UserPinFinalTry))
            {
                output.WriteLine(prefix + "Uyarı: " + PinMessages.FinalTry);
            }
            else if (flags.HasFlag(TokenState.UserPinCountLow))
            {
                output.WriteLine(prefix + "Uyarı: son PIN denemesi yanlıştı; " + PinMessages.CountLow.ToLower(Turkish));
            }
            if (DiagnoseCard(module, card, prefix, ocspOverride, issuers, output))
            {
                usable++;
            }
        }
        output.WriteLine(usable > 0 ? Usable : NotUsable);
        return usable > 0 ? 0 : 1;
    }

    /// <returns>Whether the card holds a certificate that can sign (see <see cref="Run"/>).</returns>
    private static bool DiagnoseCard(Pkcs11Module module, Card card, string prefix, Uri? ocspOverride, IssuerLookup issuers, TextWriter output)
    {
        // Certificate objects are public (CKA_PRIVATE false), so no PIN is needed to read them.
        using var session = module.OpenSession(card.Slot.SlotId, readWrite: false);
        var onCard = new List<X509Certificate2>();
        try
        {
            var unreadable = 0;
            foreach (var entry in session.ReadCertificates())
            {
                try
                {
                    onCard.Add(X509CertificateLoader.LoadCertificate(entry.RawData));
                }
                catch (CryptographicException)
                {
                    unreadable++;
                }
            }
            // A card may carry its CA chain beside the holder's certificate; a CA certificate (RFC 5280 §4.2.1.9 cA)
            // is no signing certificate of the holder, only a candidate issuer for the OCSP request.
            var signing = onCard.Where(c => !IsCa(c)).ToList();
            if (signing.Count == 0)
            {
                output.WriteLine(prefix + NoCertificate);
            }
            else
            {
                var caCount = onCard.Count - signing.Count;
                output.WriteLine(prefix + (caCount == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{signing.Count} sertifika var.")
                    : string.Create(CultureInfo.InvariantCulture, $"{signing.Count} sertifika var (ayrıca {caCount} makam sertifikası).")));
            }
            if (unreadable > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Indent}{unreadable} sertifika nesnesi okunamadı (X.509 değil ya da bozuk)."));
            }
            var canSign = false;
            foreach (var certificate in signing)
            {
                canSign |= DiagnoseCertificate(certificate, onCard, ocspOverride, issuers, output);
            }
            return canSign;
        }
        finally
        {
            foreach (var certificate in onCard)
            {
                certificate.Dispose();
            }
        }
    }

    /// <returns>Whether the certificate is within its validity period and not revoked or suspended (or not checkable).</returns>
    private static bool DiagnoseCertificate(
        X509Certificate2 certificate, IReadOnlyList<X509Certificate2> onCard, Uri? ocspOverride, IssuerLookup issuers, TextWriter output)
    {
        output.WriteLine($"  {ListCommand.HolderName(certificate)} (seri no {certificate.SerialNumber})");
        var now = DateTimeOffset.UtcNow;
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        // RFC 5280 §4.1.2.5: the certificate is valid from notBefore through notAfter, both inclusive.
        if (now > notAfter)
        {
            // No OCSP query: the card still signs, but no relying party accepts a signature made after notAfter whatever
            // the status; the fix is a new certificate either way, and a responder need not keep answering for it
            // (RFC 5280 §3.3, RFC 6960 §4.4.4).
            output.WriteLine(Indent + $"Sertifikanızın süresi {Format(notAfter)} tarihinde doldu; kartınız imza atsa da bu sertifikayla atılan imzaları doğrulayanlar geçerli saymaz. " +
                "Çözüm: kurumunuzun yetkilisi aracılığıyla yeni sertifika (yenileme) başvurusu yapın.");
            return false;
        }
        var inPeriod = now >= notBefore;
        output.WriteLine(Indent + (inPeriod
            ? $"Süre: {Format(notAfter)} tarihine kadar geçerli."
            : $"Sertifikanız henüz geçerli değil; geçerliliği {Format(notBefore)} tarihinde başlıyor. " +
              "Çözüm: bu tarihi bekleyin (yenilenen sertifika öncekinin süresi dolunca başlar) ve bilgisayarınızın tarih ve saatinin doğru olduğunu denetleyin."));
        return CheckStatus(certificate, onCard, ocspOverride, issuers, output) && inPeriod;
    }

    /// <returns>False when the responder says revoked or suspended; true for good and for a status that could not be checked.</returns>
    private static bool CheckStatus(
        X509Certificate2 certificate, IReadOnlyList<X509Certificate2> onCard, Uri? ocspOverride, IssuerLookup issuers, TextWriter output)
    {
        var url = ocspOverride;
        if (url is null)
        {
            // RFC 5280 §4.2.2.1: the responder's address is an id-ad-ocsp accessLocation in Authority Information Access.
            var fromAia = certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>()
                .SelectMany(e => e.EnumerateOcspUris()).FirstOrDefault();
            if (fromAia is null)
            {
                output.WriteLine(Indent + "Durum denetlenemedi: sertifikada OCSP adresi yok. Çözüm: yanıtlayıcının adresini --ocsp URL ile verin.");
                return true;
            }
            url = OcspCheck.HttpUrl(fromAia);
            if (url is null)
            {
                output.WriteLine(Indent + $"Durum denetlenemedi: sertifikadaki OCSP adresi ({fromAia}) bir http adresi değil. Çözüm: --ocsp URL ile verin.");
                return true;
            }
        }
        var search = issuers.Find(certificate, onCard);
        if (search.Issuer is null)
        {
            output.WriteLine(Indent + $"Durum denetlenemedi: sertifikayı veren makamın ({certificate.Issuer}) sertifikası bulunamadı " +
                $"({string.Join("; ", search.Misses)}). Çözüm: makamın sertifikasını --issuer ARA.pem ile verin.");
            return true;
        }
        output.WriteLine(Indent + $"Veren makam: {search.Issuer.GetNameInfo(X509NameType.SimpleName, forIssuer: false)} ({search.Source}).");
        OcspAnswer answer;
        try
        {
            answer = OcspCheck.Query(url, certificate, search.Issuer, OcspTimeout);
        }
        catch (SignerException e) when (e.InnerException is HttpRequestException or TaskCanceledException)
        {
            output.WriteLine(Indent + $"Durum denetlenemedi: {e.Message}. {NotCardFault} Çözüm: internet bağlantınızı denetleyip yeniden deneyin.");
            return true;
        }
        catch (SignerException e)
        {
            output.WriteLine(Indent + $"Durum denetlenemedi: {e.Message}. {NotCardFault}");
            return true;
        }
        switch (answer)
        {
            case { Status: OcspStatus.Good }:
                output.WriteLine(Indent + $"Durum: geçerli. OCSP yanıtlayıcısı ({url}) sertifikanın iptal edilmediğini ve askıda olmadığını bildirdi.");
                return true;
            // RFC 5280 §5.3.1: certificateHold is a temporary suspension that can be lifted; every other reason is final.
            case { Status: OcspStatus.Revoked, RevocationReason: CrlReason.CertificateHold }:
                // The card still signs; what the suspension means is that relying parties refuse the signature (ETSI EN
                // 319 102-1: a certificate on hold at the signing time). Today the centre lifts it (./muhur ca reinstate);
                // the holder reaches the centre through the institution authority or the call centre (R-LOST-1).
                output.WriteLine(Indent + $"Sertifikanız{FormatRevocation(answer)} askıya alınmış. Kartınız imza atmayı sürdürür, " +
                    "ama askı sürdükçe bu sertifikayla atılan imzaları doğrulayanlar geçerli saymaz. " +
                    "Çözüm: askının kaldırılmasını kurum yetkiliniz ya da çağrı merkezi aracılığıyla sertifikasyon merkezinden isteyin; " +
                    "askı kalkınca aynı kartla yeniden geçerli imza atabilirsiniz.");
                return false;
            case { Status: OcspStatus.Revoked }:
                output.WriteLine(Indent + $"Sertifikanız{FormatRevocation(answer)} iptal edilmiş (neden: {ReasonText(answer.RevocationReason)}); " +
                    "iptal geri alınamaz. Çözüm: kurumunuzun yetkilisi aracılığıyla yeni sertifika başvurusu yapın.");
                return false;
            default:
                output.WriteLine(Indent + $"Durum denetlenemedi: OCSP yanıtlayıcısı ({url}) bu sertifikayı tanımıyor (unknown). {NotCardFault} " +
                    "Çözüm: sorun sürerse kurum yetkilinize danışın.");
                return true;
        }
    }

    private static string FormatRevocation(OcspAnswer answer) =>
        answer.RevocationTime is { } at ? $" {Format(at)} tarihinde" : "";

    private static string ReasonText(CrlReason? reason) => reason switch
    {
        CrlReason.KeyCompromise => "anahtarın güvenliği tehlikeye girmiş",
        CrlReason.CaCompromise => "sertifika makamının anahtarının güvenliği tehlikeye girmiş",
        CrlReason.AffiliationChanged => "kurumla ilişkiniz ya da bilgileriniz değişmiş",
        CrlReason.Superseded => "yerine yeni sertifika verilmiş",
        CrlReason.CessationOfOperation => "sertifikanın kullanımı sona ermiş",
        CrlReason.PrivilegeWithdrawn => "yetki geri alınmış",
        CrlReason.AaCompromise => "öznitelik makamının güvenliği tehlikeye girmiş",
        CrlReason.RemoveFromCrl => "listeden çıkarılmış",
        _ => "belirtilmemiş",
    };

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("d MMMM yyyy HH:mm 'UTC'", Turkish);

    private static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);

    /// <summary>The outcome of looking for a certificate's issuer: the issuer and where it came from, or why each place failed.</summary>
    private sealed record IssuerSearch(X509Certificate2? Issuer, string Source, IReadOnlyList<string> Misses);

    /// <summary>
    /// Finds the issuing CA's certificate, which the OCSP CertID hashes (RFC 6960 §4.1.1): --issuer, else what the
    /// certificate's AIA id-ad-caIssuers address serves (RFC 5280 §4.2.2.1), else a certificate object on the card.
    /// A candidate counts only if its subject is the certificate's issuer and its key verifies the certificate's signature.
    /// Downloads are kept for the run, so several certificates of one CA cost one request.
    /// </summary>
    private sealed class IssuerLookup(X509Certificate2? given) : IDisposable
    {
        private readonly HttpClient _http = new() { Timeout = CaIssuersTimeout, MaxResponseContentBufferSize = 1 << 20 };
        private readonly Dictionary<string, (IReadOnlyList<X509Certificate2> Certificates, string? Failure)> _downloads = new(StringComparer.Ordinal);

        public IssuerSearch Find(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> onCard)
        {
            var misses = new List<string>();
            if (given is not null)
            {
                if (Issued(given, certificate))
                {
                    return new IssuerSearch(given, "--issuer ile verilen dosyadan", misses);
                }
                misses.Add("--issuer ile verilen sertifika bu sertifikayı vermemiş");
            }
            foreach (var address in certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().SelectMany(e => e.EnumerateCAIssuersUris()))
            {
                if (OcspCheck.HttpUrl(address) is not { } url)
                {
                    misses.Add($"{address} bir http adresi değil");
                    continue;
                }
                var (downloaded, failure) = Download(url);
                if (failure is not null)
                {
                    misses.Add($"{url} adresinden indirilemedi: {failure}");
                    continue;
                }
                if (downloaded.FirstOrDefault(c => Issued(c, certificate)) is { } issuer)
                {
                    return new IssuerSearch(issuer, $"sertifikadaki adresten indirildi: {url}", misses);
                }
                misses.Add($"{url} adresindeki sertifika bu sertifikayı vermemiş");
            }
            if (onCard.FirstOrDefault(c => !ReferenceEquals(c, certificate) && Issued(c, certificate)) is { } fromCard)
            {
                return new IssuerSearch(fromCard, "karttaki sertifikadan", misses);
            }
            misses.Add("kartta da yok");
            return new IssuerSearch(null, "", misses);
        }

        public void Dispose()
        {
            _http.Dispose();
            foreach (var certificate in _downloads.Values.SelectMany(d => d.Certificates))
            {
                certificate.Dispose();
            }
        }

        private static bool Issued(X509Certificate2 issuer, X509Certificate2 certificate) =>
            SignatureAlgorithms.IsIssuedBy(certificate, issuer);

        private (IReadOnlyList<X509Certificate2> Certificates, string? Failure) Download(Uri url)
        {
            if (_downloads.TryGetValue(url.AbsoluteUri, out var known))
            {
                return known;
            }
            (IReadOnlyList<X509Certificate2>, string?) result;
            try
            {
                using var response = _http.GetAsync(url).GetAwaiter().GetResult();
                if (!response.IsSuccessStatusCode)
                {
                    result = ([], string.Create(CultureInfo.InvariantCulture, $"sunucu HTTP {(int)response.StatusCode} döndürdü"));
                }
                else
                {
                    var certificates = CertificateFiles.ParseIssuers(response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult());
                    result = (certificates, certificates.Count == 0 ? "gelen içerik bir sertifika değil" : null);
                }
            }
            catch (HttpRequestException e)
            {
                result = ([], NetworkFailure.Describe(e));
            }
            catch (TaskCanceledException)
            {
                result = ([], "sunucu zamanında yanıt vermedi");
            }
            _downloads[url.AbsoluteUri] = result;
            return result;
        }
    }
}
