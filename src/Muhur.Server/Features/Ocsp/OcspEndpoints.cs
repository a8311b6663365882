using System.Buffers;
using Muhur.Server.Features.CertificateAuthority;
using Npgsql;

namespace Muhur.Server.Features.Ocsp;

/// <summary>
/// The OCSP responder over HTTP (RFC 6960 Appendix A): POST with an <c>application/ocsp-request</c> body,
/// or GET with the base64 request URL-encoded in the path. Every answer is an OCSPResponse: bad input is
/// malformedRequest, an unreachable database tryLater, never an HTTP 500.
/// </summary>
internal static class OcspEndpoints
{
    private const string ResponseType = "application/ocsp-response";

    public static void MapOcspEndpoints(this IEndpointRouteBuilder app)
    {
        var ocsp = app.MapGroup(PublicationPaths.Route(PublicationPaths.Ocsp)).AllowAnonymous();
        ocsp.MapPost("/", PostAsync).DisableAntiforgery();
        ocsp.MapGet("/{**request}", GetAsync);
    }

    private static async Task<IResult> PostAsync(HttpContext context, AnswerOcspRequest answer, CancellationToken cancellationToken)
    {
        var limit = AnswerOcspRequest.MaxRequestBytes;
        if (context.Request.ContentLength > limit)
        {
            return Respond(AnswerOcspRequest.Malformed);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    return Respond(AnswerOcspRequest.Malformed);
                }
            }

            return await AnswerAsync(answer, buffer.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<IResult> GetAsync(string? request, AnswerOcspRequest answer, CancellationToken cancellationToken)
    {
        // Routing has already percent-decoded the path; base64 may carry '/', '+' and '='.
        var text = request ?? string.Empty;
        if (text.Length == 0 || text.Length > AnswerOcspRequest.MaxRequestBytes * 2)
        {
            return Respond(AnswerOcspRequest.Malformed);
        }

        var bytes = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(Uri.UnescapeDataString(text), bytes, out var length))
        {
            return Respond(AnswerOcspRequest.Malformed);
        }

        return await AnswerAsync(answer, bytes.AsMemory(0, length), cancellationToken);
    }

    private static async Task<IResult> AnswerAsync(AnswerOcspRequest answer, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        try
        {
            return Respond(await answer.RunAsync(request, cancellationToken));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // RFC 6960 §2.3: tryLater when the responder cannot answer now.
            return Respond(AnswerOcspRequest.TryLater);
        }
    }

    private static IResult Respond(byte[] response) => Results.Bytes(response, ResponseType);
}
