using System.Numerics;

namespace Muhur.Pki.Revocation;

/// <summary>The per-issue fields of a CRL.</summary>
public sealed record CrlParameters
{
    /// <summary>Monotonically increasing per issuer and scope (RFC 5280 §5.2.3); full and delta CRLs share one sequence.</summary>
    public required BigInteger CrlNumber { get; init; }

    public required DateTimeOffset ThisUpdate { get; init; }

    /// <summary>RFC 5280 §5.1.2.5: conforming CRL issuers MUST include nextUpdate.</summary>
    public required DateTimeOffset NextUpdate { get; init; }

    /// <summary>
    /// The URL this CRL is published at, repeated in issuingDistributionPoint (RFC 5280 §5.2.5); null for a
    /// CRL without a distribution point name (with <see cref="CrlScope.AllCertificates"/>, no IDP at all).
    /// </summary>
    public required Uri? DistributionPointUrl { get; init; }

    /// <summary>
    /// Where the delta CRLs based on this complete CRL are published, written as freshestCRL (RFC 5280 §5.2.6);
    /// only in complete CRLs, a delta CRL must not carry it.
    /// </summary>
    public Uri? FreshestCrlUrl { get; init; }

    public CrlScope Scope { get; init; } = CrlScope.OnlyUserCertificates;
}
