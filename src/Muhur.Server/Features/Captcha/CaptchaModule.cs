using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Captcha;

/// <summary>"Resimdeki yazı" for the applicant and holder logins (R-APP-2, R-OPS-1).</summary>
internal static class CaptchaModule
{
    /// <summary>The picture's address; public, as the login pages that show it are.</summary>
    public const string ImageRoute = "/resimdeki-yazi/{id}";

    public static IServiceCollection AddCaptcha(this IServiceCollection services) =>
        services.AddScoped<IssueCaptcha>().AddScoped<CheckCaptcha>();

    public static IEndpointRouteBuilder MapCaptcha(this IEndpointRouteBuilder app)
    {
        app.MapGet(ImageRoute, ServeImageAsync).AllowAnonymous();
        return app;
    }

    public static string ImageUrl(string id) => ImageRoute.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);

    // Showing the picture does not use it up (a page may be reloaded); only answering does. Never cached:
    // each id is one picture, and an old one must not come back from a cache after it was answered.
    private static async Task<IResult> ServeImageAsync(string id, MuhurDbContext db, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var image = await db.Set<CaptchaChallenge>().AsNoTracking()
            .Where(c => c.Id == id && c.ExpiresAt > now)
            .Select(c => c.Image)
            .FirstOrDefaultAsync(cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return image is null ? Results.NotFound() : Results.Bytes(image, "image/png");
    }
}
