using System.Text.Json;
using Microsoft.Extensions.Localization;
using Muhur.Server.Localization;
using Muhur.Server.Web;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>The body <c>muhur-imza sign-code --gonder</c> posts.</summary>
internal sealed record SignedCodeRequest(string? Code, string? Signature);

/// <summary>
/// The applicant's signing step (R-APP-6, R-APP-8, R-EONAY-1, R-EONAY-2): the offer, the signed-code endpoint that
/// muhur-imza posts to, E-Onay consent and completion, and the signing application's downloads.
/// </summary>
internal static class ApplicationSigningModule
{
    /// <summary>
    /// Public: muhur-imza posts without a session (the code and the card's signature are the credentials), so
    /// anti-forgery does not apply (JSON, no cookie is read); rate-limited per address.
    /// </summary>
    public const string SignedCodeRoute = "/imzali-kod";

    public static IServiceCollection AddApplicationSigning(this IServiceCollection services) =>
        // Mails are worded from the resources (SigningMails); the web module adds the same, commands and the bench need it too.
        services.AddLocalization()
            .AddScoped<ReadSigningOffer>()
            .AddScoped<IssueSigningCode>()
            .AddScoped<AcceptSignedCode>()
            .AddScoped<CompleteWithEOnay>()
            .AddScoped<WithdrawEOnayConsent>()
            .AddScoped<SigningMails>()
            .AddSingleton<SignerDownloads>();

    public static IEndpointRouteBuilder MapApplicationSigning(this IEndpointRouteBuilder app)
    {
        app.MapPost(SignedCodeRoute, PostSignedCodeAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignedCode).DisableAntiforgery();
        app.MapGet(SignerDownloads.Route, Download).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> PostSignedCodeAsync(
        HttpContext context, AcceptSignedCode accept, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        SignedCodeRequest? request = null;
        if (context.Request.ContentLength is null or <= 2 * AcceptSignedCode.MaxSignatureLength && context.Request.HasJsonContentType())
        {
            try
            {
                request = await context.Request.ReadFromJsonAsync<SignedCodeRequest>(cancellationToken);
            }
            catch (JsonException)
            {
            }
        }

        var error = await accept.RunAsync(request?.Code, request?.Signature, cancellationToken);
        return error is null
            ? Results.Json(new { ok = true, message = localizer["ApplicationSigning_Success"].Value })
            : Results.Json(
                new { ok = false, error, message = localizer[$"ApplicationSigning_Error_{error}"].Value },
                statusCode: SignedCodeErrors.StatusCode(error));
    }

    private static IResult Download(string platform, SignerDownloads downloads) =>
        downloads.FileFor(platform) is { } path
            ? Results.File(path, "application/octet-stream", Path.GetFileName(path))
            : Results.NotFound();
}
