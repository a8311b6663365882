using System.Globalization;
using Muhur.Server.Features.CertificateAuthority;

namespace Muhur.Server.Features.Revocation;

/// <summary>
/// The public, unauthenticated publication points (R-CA-3): CRLs under <c>/crl</c> as DER
/// <c>application/pkix-crl</c> (RFC 5280 §4.2.1.13, RFC 2585 §4.2) and the CA certificates under
/// <c>/sertifikalar</c> as DER <c>application/pkix-cert</c> (the AIA caIssuers target, RFC 5280 §4.2.2.1).
/// </summary>
internal static class PublicationEndpoints
{
    public static void MapPublicationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(PublicationPaths.Route(PublicationPaths.IssuingCrl), (CrlStore store, HttpContext context, TimeProvider time, CancellationToken ct) => ServeCrlAsync(store, CrlKind.IssuingFull, context, time, ct))
            .AllowAnonymous();
        app.MapGet(PublicationPaths.Route(PublicationPaths.IssuingDeltaCrl), (CrlStore store, HttpContext context, TimeProvider time, CancellationToken ct) => ServeCrlAsync(store, CrlKind.IssuingDelta, context, time, ct))
            .AllowAnonymous();
        app.MapGet(PublicationPaths.Route(PublicationPaths.RootCrl), (CrlStore store, HttpContext context, TimeProvider time, CancellationToken ct) => ServeCrlAsync(store, CrlKind.Root, context, time, ct))
            .AllowAnonymous();

        app.MapGet(PublicationPaths.Route(PublicationPaths.RootCertificate), (ActiveCertificateAuthority ca, CancellationToken ct) => ServeCertificateAsync(ca, root: true, ct))
            .AllowAnonymous();
        app.MapGet(PublicationPaths.Route(PublicationPaths.IssuingCertificate), (ActiveCertificateAuthority ca, CancellationToken ct) => ServeCertificateAsync(ca, root: false, ct))
            .AllowAnonymous();
    }

    private static async Task<IResult> ServeCrlAsync(CrlStore store, CrlKind kind, HttpContext context, TimeProvider time, CancellationToken cancellationToken)
    {
        var crl = await store.GetAsync(kind, cancellationToken);
        if (crl is null)
        {
            return Results.NotFound();
        }

        var etag = $"\"crl-{crl.Number.ToString(CultureInfo.InvariantCulture)}\"";
        var headers = context.Response.Headers;
        // Caches may keep a CRL until a newer one is likely (a delta can follow any status change), and
        // never beyond its nextUpdate.
        var maxAge = Math.Clamp((int)(crl.NextUpdate - time.GetUtcNow()).TotalSeconds, 0, kind == CrlKind.IssuingFull ? 300 : 60);
        headers.CacheControl = $"public, max-age={maxAge.ToString(CultureInfo.InvariantCulture)}";
        headers.ETag = etag;
        headers.LastModified = crl.ThisUpdate.ToString("R", CultureInfo.InvariantCulture);
        headers.Expires = crl.NextUpdate.ToString("R", CultureInfo.InvariantCulture);
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(crl.Der, "application/pkix-crl");
    }

    private static async Task<IResult> ServeCertificateAsync(ActiveCertificateAuthority authority, bool root, CancellationToken cancellationToken)
    {
        var ca = await authority.GetAsync(cancellationToken);
        return Results.Bytes(root ? ca.RootRow.Der : ca.IssuingRow.Der, "application/pkix-cert", Path.GetFileName(root ? PublicationPaths.RootCertificate : PublicationPaths.IssuingCertificate));
    }
}
