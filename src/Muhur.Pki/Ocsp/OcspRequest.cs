namespace Muhur.Pki.Ocsp;

/// <summary>A parsed OCSPRequest (RFC 6960 §4.1.1). The optional request signature is not verified: this CA does not
/// require signed requests, so it is skipped rather than trusted.</summary>
public sealed class OcspRequest
{
    internal OcspRequest(IReadOnlyList<OcspCertId> certIds, ReadOnlyMemory<byte>? nonceExtensionValue, ReadOnlyMemory<byte>? nonce)
    {
        CertIds = certIds;
        NonceExtensionValue = nonceExtensionValue;
        Nonce = nonce;
    }

    public IReadOnlyList<OcspCertId> CertIds { get; }

    /// <summary>The nonce extension's extnValue contents, echoed verbatim in the response (RFC 6960 §4.4.1).</summary>
    public ReadOnlyMemory<byte>? NonceExtensionValue { get; }

    /// <summary>The nonce octets inside the extnValue OCTET STRING (RFC 8954 §2.1).</summary>
    public ReadOnlyMemory<byte>? Nonce { get; }
}
