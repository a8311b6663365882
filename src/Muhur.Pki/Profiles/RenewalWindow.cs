namespace Muhur.Pki.Profiles;

/// <summary>Outcome of <see cref="RenewalWindow.Evaluate"/>.</summary>
/// <param name="IsAllowed">False when the request comes before the window opens (R-REN-1).</param>
/// <param name="WindowOpensAt">The earliest moment a renewal is accepted.</param>
/// <param name="NewNotBefore">The renewed certificate's notBefore when allowed (R-REN-2), otherwise null.</param>
public sealed record RenewalDecision(bool IsAllowed, DateTimeOffset WindowOpensAt, DateTimeOffset? NewNotBefore);

/// <summary>
/// When a qualified certificate may be renewed and when the new one starts. Pure: the clock is an argument.
/// </summary>
public static class RenewalWindow
{
    public const int DefaultWindowMonths = 2;

    /// <summary>
    /// R-REN-1: renewal is refused before <c>previousNotAfter − windowMonths</c> (calendar months).
    /// R-REN-2: while the previous certificate is still valid the new one starts at its notAfter, so the holder
    /// never loses validity and never gains unpaid overlap; once it has expired the new one starts now.
    /// </summary>
    public static RenewalDecision Evaluate(
        DateTimeOffset previousNotAfter, DateTimeOffset now, int windowMonths = DefaultWindowMonths)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowMonths);
        DateTimeOffset notAfter = Authority.X509Time.TruncateToSeconds(previousNotAfter);
        DateTimeOffset opensAt = notAfter.AddMonths(-windowMonths);
        if (now < opensAt)
        {
            return new RenewalDecision(false, opensAt, null);
        }

        // X.509 validity includes notAfter itself (RFC 5280 §4.1.2.5), so "not yet expired" means now <= notAfter.
        DateTimeOffset newNotBefore = now <= notAfter ? notAfter : Authority.X509Time.TruncateToSeconds(now);
        return new RenewalDecision(true, opensAt, newNotBefore);
    }
}
