using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Muhur.Pki.Ocsp;
using Muhur.Server.Features.CertificateAuthority;

namespace Muhur.Server.Features.Ocsp;

/// <summary>The <c>Muhur:Ocsp</c> configuration section.</summary>
internal sealed class OcspOptions
{
    public const string Section = "Muhur:Ocsp";

    /// <summary>Keep signed nonce-less responses and serve them again while the status epoch is unchanged.</summary>
    public bool Cache { get; set; } = true;

    public int MaxCachedResponses { get; set; } = 100_000;
}

/// <summary>
/// Answers one OCSP request (RFC 6960, R-CA-3): parses it, brings the in-memory status index up to the
/// committed epoch, and signs with the delegated responder. Nonce-less responses (RFC 5019) are cached,
/// keyed by the request, and served again only while the up-to-date index still gives the statuses they
/// were made from, so no node ever answers from a state older than a committed change, whoever made it.
/// </summary>
internal sealed class AnswerOcspRequest(
    CertificateStatusIndex index,
    ActiveCertificateAuthority authority,
    StatusEpoch epoch,
    IOptions<OcspOptions> ocspOptions,
    IOptions<CaOptions> caOptions,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CachedResponse> _cache = new(StringComparer.Ordinal);
    private (Guid ResponderId, OcspResponder Responder)? _responder;

    public static byte[] Malformed { get; } = OcspResponder.CreateErrorResponse(OcspResponseStatus.MalformedRequest);

    public static byte[] TryLater { get; } = OcspResponder.CreateErrorResponse(OcspResponseStatus.TryLater);

    public static int MaxRequestBytes => OcspRequestLimits.Default.MaxRequestBytes;

    public async Task<byte[]> RunAsync(ReadOnlyMemory<byte> requestDer, CancellationToken cancellationToken)
    {
        var parsed = OcspRequestParser.Parse(requestDer);
        if (!parsed.IsSuccess)
        {
            return Malformed;
        }

        var request = parsed.Request!;

        // Every answer is at least as new as the request: the epoch is read after it arrived, and the
        // statuses are brought up to that epoch before anything is signed or served from the cache.
        var currentEpoch = await epoch.ReadAsync();
        await index.CatchUpAsync(currentEpoch, cancellationToken);

        var cacheable = ocspOptions.Value.Cache && request.NonceExtensionValue is null;
        var statuses = new CertStatusInfo[request.CertIds.Count];
        for (var i = 0; i < statuses.Length; i++)
        {
            statuses[i] = index.Lookup(request.CertIds[i].SerialNumber.Span);
        }

        string? key = null;
        if (cacheable)
        {
            // A cached answer is still the answer while every status it was built from is unchanged
            // in the up-to-date index: issuing other certificates does not invalidate it.
            key = Convert.ToBase64String(requestDer.Span);
            if (_cache.TryGetValue(key, out var cached) && time.GetUtcNow() < cached.FreshUntil && cached.Statuses.AsSpan().SequenceEqual(statuses))
            {
                return cached.Response;
            }
        }

        var ca = await authority.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        var response = ResponderFor(ca).CreateResponse(request, now, serial => index.Lookup(serial.Span));

        if (cacheable)
        {
            if (_cache.Count >= ocspOptions.Value.MaxCachedResponses)
            {
                _cache.Clear();
            }

            // Served again for at most half the response's validity, so a cached answer always leaves
            // the client most of its nextUpdate window.
            _cache[key!] = new CachedResponse(statuses, response, now + (caOptions.Value.OcspResponseValidity / 2));
        }

        return response;
    }

    private OcspResponder ResponderFor(CaSnapshot ca)
    {
        var current = _responder;
        if (current is { } value && value.ResponderId == ca.ResponderRow.Id)
        {
            return value.Responder;
        }

        var responder = new OcspResponder(
            ca.ResponderKey,
            ca.Responder,
            new OcspIssuer(ca.Issuing),
            _ => CertStatusInfo.Unknown,
            new OcspResponderOptions { NextUpdateAfter = caOptions.Value.OcspResponseValidity });
        _responder = (ca.ResponderRow.Id, responder);
        return responder;
    }

    private sealed record CachedResponse(CertStatusInfo[] Statuses, byte[] Response, DateTimeOffset FreshUntil);
}
