using System.Threading.RateLimiting;

namespace Muhur.Server.Web;

/// <summary>Rate-limiting policy names and their limits.</summary>
internal static class RateLimits
{
    /// <summary>Login forms: per client address, on top of per-account lockout.</summary>
    public const string Login = "login";

    /// <summary>Signed codes posted by muhur-imza (R-APP-8): per client address; each costs a signature verification.</summary>
    public const string SignedCode = "signed-code";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            var perMinute = configuration.GetValue("Muhur:LoginAttemptsPerMinute", 30);
            // Only submitted passwords count; showing the form costs nothing.
            o.AddPolicy(Login, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("read"));
            var signedPerMinute = configuration.GetValue("Muhur:SignedCodesPerMinute", 20);
            o.AddPolicy(SignedCode, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signedPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return services;
    }
}
