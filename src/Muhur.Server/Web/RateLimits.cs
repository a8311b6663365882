namespace Muhur.Server.Web;

/// <summary>Rate-limiting policy names.</summary>
internal static class RateLimits
{
    /// <summary>Login forms: per client address, on top of per-account lockout.</summary>
    public const string Login = "login";
}
