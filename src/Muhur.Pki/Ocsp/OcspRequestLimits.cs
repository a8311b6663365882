namespace Muhur.Pki.Ocsp;

/// <summary>Bounds on what a request may cost to parse and answer; beyond them the answer is malformedRequest.</summary>
public sealed record OcspRequestLimits
{
    public static OcspRequestLimits Default { get; } = new();

    /// <summary>A request with a handful of CertIDs and a nonce is a few hundred bytes; 8 KiB leaves room for a signature.</summary>
    public int MaxRequestBytes { get; init; } = 8 * 1024;

    public int MaxCertIds { get; init; } = 20;

    /// <summary>RFC 8954 §2.1: Nonce ::= OCTET STRING (SIZE(1..32)).</summary>
    public int MaxNonceBytes { get; init; } = 32;
}
