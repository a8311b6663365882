using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Muhur.Pki.Ocsp;
using Muhur.Pki.Revocation;
using Muhur.Server.Features.CertificateAuthority;
using Npgsql;

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
/// Answers one OCSP request (RFC 6960, R-CA-3): parses it, reads the statuses of all its serials in one
/// query, and signs with the delegated responder. Nonce-less responses (RFC 5019) are cached, keyed by
/// the request, and served again only while the committed status epoch is what it was when they were
/// made, so no node ever serves a response older than a committed change.
/// </summary>
internal sealed class AnswerOcspRequest(
    NpgsqlDataSource dataSource,
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
        var cacheable = ocspOptions.Value.Cache && request.NonceExtensionValue is null;
        string? key = null;
        long currentEpoch = 0;
        if (cacheable)
        {
            key = Convert.ToBase64String(requestDer.Span);
            currentEpoch = await epoch.ReadAsync();
            if (_cache.TryGetValue(key, out var cached) && cached.Epoch == currentEpoch && time.GetUtcNow() < cached.FreshUntil)
            {
                return cached.Response;
            }
        }

        var ca = await authority.GetAsync(cancellationToken);
        var responder = ResponderFor(ca);
        var statuses = await LookUpAsync(ca.IssuingRow.Id, request, cancellationToken);
        var now = time.GetUtcNow();
        var response = responder.CreateResponse(request, now, serial => statuses.GetValueOrDefault(Convert.ToHexString(serial.Span), CertStatusInfo.Unknown));

        if (cacheable)
        {
            if (_cache.Count >= ocspOptions.Value.MaxCachedResponses)
            {
                _cache.Clear();
            }

            // Served again for at most half the response's validity, so a cached answer always leaves
            // the client most of its nextUpdate window.
            _cache[key!] = new CachedResponse(currentEpoch, response, now + (caOptions.Value.OcspResponseValidity / 2));
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

    private async Task<Dictionary<string, CertStatusInfo>> LookUpAsync(Guid issuerId, OcspRequest request, CancellationToken cancellationToken)
    {
        var serials = request.CertIds.Select(c => c.SerialNumber.ToArray()).ToArray();
        var statuses = new Dictionary<string, CertStatusInfo>(serials.Length, StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(
            "SELECT serial, status, revoked_at, revocation_reason FROM certificates WHERE issuer_id = $1 AND serial = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = issuerId });
        command.Parameters.Add(new NpgsqlParameter { Value = serials });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var serial = Convert.ToHexString(reader.GetFieldValue<byte[]>(0));
            statuses[serial] = reader.GetString(1) switch
            {
                "Good" => CertStatusInfo.Good,
                // RFC 6960 §2.2: a suspended certificate is "revoked" with reason certificateHold.
                "Suspended" => CertStatusInfo.OnHold(reader.GetFieldValue<DateTimeOffset>(2)),
                _ => CertStatusInfo.Revoked(reader.GetFieldValue<DateTimeOffset>(2), ReasonOf((X509RevocationReason)reader.GetInt16(3))),
            };
        }

        return statuses;
    }

    // RFC 5280 §5.3.1: unspecified is better left out than stated.
    private static CrlReason? ReasonOf(X509RevocationReason reason) =>
        reason == X509RevocationReason.Unspecified ? null : (CrlReason)(int)reason;

    private sealed record CachedResponse(long Epoch, byte[] Response, DateTimeOffset FreshUntil);
}
