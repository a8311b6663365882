namespace Muhur.Pki.Ocsp;

public sealed record OcspResponderOptions
{
    public static OcspResponderOptions Default { get; } = new();

    /// <summary>
    /// nextUpdate = thisUpdate + this (RFC 6960 §4.2.2.1); it tells caches how long an answer may be reused, so it is
    /// kept short for a responder that reads live status.
    /// </summary>
    public TimeSpan NextUpdateAfter { get; init; } = TimeSpan.FromHours(1);

    public OcspRequestLimits Limits { get; init; } = OcspRequestLimits.Default;
}
