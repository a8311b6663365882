using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Ocsp;
using Muhur.Pki.Verification;

namespace Muhur.Signer;

/// <summary>
/// muhur-imza's use of the verification core's OCSP client (<see cref="OcspClient"/>, R-CARD-4, R-CARD-5): the query
/// for one certificate, and why it gave no answer in Turkish for the holder.
/// </summary>
public static class OcspCheck
{
    /// <summary>An absolute http or https address, or null: OCSP over HTTP (RFC 6960 Appendix A) and caIssuers downloads.</summary>
    public static Uri? HttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;

    /// <summary>Asks <paramref name="url"/> for the status of <paramref name="certificate"/>.</summary>
    /// <exception cref="SignerException">
    /// The responder could not be reached (then the inner exception is the <see cref="HttpRequestException"/> or
    /// <see cref="TaskCanceledException"/>) or gave no usable, authentic answer.
    /// </exception>
    public static OcspAnswer Query(Uri url, X509Certificate2 certificate, X509Certificate2 issuer, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            return OcspClient.QueryAsync(url, certificate, issuer, timeout).GetAwaiter().GetResult();
        }
        catch (OcspClientException e)
        {
            throw new SignerException(Describe(e, url), e.InnerException ?? e);
        }
    }

    private static string Describe(OcspClientException e, Uri url) => e.Failure switch
    {
        OcspClientFailure.Unreachable when e.InnerException is HttpRequestException http =>
            $"OCSP sunucusuna ulaşılamadı ({url}): {NetworkFailure.Describe(http)}",
        OcspClientFailure.TimedOut => $"OCSP sunucusu zamanında yanıt vermedi ({url})",
        OcspClientFailure.HttpStatus => $"OCSP sunucusu HTTP {e.HttpStatusCode} döndürdü ({url})",
        OcspClientFailure.NotSuccessful => $"OCSP sunucusu isteği yanıtlamadı (durum: {e.ResponseStatus})",
        OcspClientFailure.UnsupportedType => "OCSP yanıtının türü desteklenmiyor",
        OcspClientFailure.SignatureInvalid or OcspClientFailure.ResponderNotAuthorised =>
            "OCSP yanıtının imzası sertifikayı verenin ya da onun yetkilendirdiği yanıtlayıcının değil",
        OcspClientFailure.NonceMismatch => "OCSP yanıtının nonce değeri isteğinkiyle eşleşmiyor",
        OcspClientFailure.ThisUpdateInFuture => "OCSP yanıtının thisUpdate zamanı gelecekte",
        OcspClientFailure.Stale => "OCSP yanıtı eskimiş (nextUpdate geçmiş ya da yanıt çok eski)",
        OcspClientFailure.NoStatusForCertificate => "OCSP yanıtında bu sertifika için durum yok",
        _ => "OCSP yanıtı çözümlenemedi",
    };
}

/// <summary>
/// muhur-imza's status source for the verification core: the OCSP responder given with --ocsp, else the one in the
/// certificate's Authority Information Access (RFC 5280 §4.2.2.1), asked through <see cref="OcspCheck"/>.
/// </summary>
internal sealed class OcspStatusSource(string? ocspUrl, TimeSpan timeout) : ICertificateStatusSource
{
    public Task<CertificateStatusAnswer> GetStatusAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
    {
        var url = ocspUrl ?? certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>()
            .SelectMany(e => e.EnumerateOcspUris()).FirstOrDefault();
        if (url is null)
        {
            return Task.FromResult(CertificateStatusAnswer.Unavailable("sertifikada OCSP adresi yok; --ocsp ile verin"));
        }

        if (OcspCheck.HttpUrl(url) is not { } uri)
        {
            throw new SignerException($"Geçersiz OCSP adresi: {url}");
        }

        try
        {
            var answer = OcspCheck.Query(uri, certificate, issuer, timeout);
            return Task.FromResult(answer switch
            {
                { Status: OcspStatus.Good } => CertificateStatusAnswer.Good,
                { Status: OcspStatus.Revoked, RevocationTime: { } at } => CertificateStatusAnswer.Revoked(at, answer.RevocationReason),
                _ => CertificateStatusAnswer.Unknown,
            });
        }
        catch (SignerException e)
        {
            return Task.FromResult(CertificateStatusAnswer.Unavailable(e.Message));
        }
    }
}
