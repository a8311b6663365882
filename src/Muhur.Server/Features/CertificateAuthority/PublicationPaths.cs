namespace Muhur.Server.Features.CertificateAuthority;

/// <summary>
/// The public addresses relying parties reach without signing in, relative to <see cref="CaOptions.PublicBaseUrl"/>.
/// They are written into every certificate and CRL we sign (CRL distribution point, freshestCRL, AIA OCSP and
/// caIssuers; RFC 5280 §4.2.1.13, §4.2.1.15, §4.2.2.1) and must keep being served for as long as any of those is
/// valid, so the endpoints that serve them and the CA options that write them both read them from here.
/// Relative (no leading slash), so a base address with a path keeps it (RFC 3986 §5.2).
/// </summary>
internal static class PublicationPaths
{
    /// <summary>The issuing CA's full CRL (the holder certificates' CRL distribution point).</summary>
    public const string IssuingCrl = "crl/nitelikli.crl";

    /// <summary>The issuing CA's delta CRL (freshestCRL of holder certificates and full CRLs).</summary>
    public const string IssuingDeltaCrl = "crl/nitelikli-delta.crl";

    /// <summary>The root's CRL (the issuing CA certificate's CRL distribution point).</summary>
    public const string RootCrl = "crl/kok.crl";

    /// <summary>The root certificate (the issuing CA certificate's AIA caIssuers).</summary>
    public const string RootCertificate = "sertifikalar/kok.crt";

    /// <summary>The issuing CA certificate (the holder certificates' AIA caIssuers).</summary>
    public const string IssuingCertificate = "sertifikalar/nitelikli.crt";

    /// <summary>The OCSP responder (AIA id-ad-ocsp): POST here, or GET with the request appended (RFC 6960 Appendix A).</summary>
    public const string Ocsp = "ocsp";

    /// <summary>The route template of a path: the same text from the root.</summary>
    public static string Route(string path) => "/" + path;
}
