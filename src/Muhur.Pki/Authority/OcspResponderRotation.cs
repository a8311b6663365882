using System.Security.Cryptography.X509Certificates;

namespace Muhur.Pki.Authority;

/// <summary>When to replace the short-lived delegated OCSP responder certificate.</summary>
public static class OcspResponderRotation
{
    public static TimeSpan DefaultRenewBefore { get; } = TimeSpan.FromDays(7);

    /// <summary>True once <paramref name="now"/> is within <paramref name="renewBefore"/> (default 7 days) of notAfter.</summary>
    public static bool IsDue(X509Certificate2 responderCertificate, DateTimeOffset now, TimeSpan? renewBefore = null)
    {
        ArgumentNullException.ThrowIfNull(responderCertificate);
        var notAfter = new DateTimeOffset(responderCertificate.NotAfter.ToUniversalTime());
        return now >= notAfter - (renewBefore ?? DefaultRenewBefore);
    }
}
