namespace Muhur.Pki.Ocsp;

/// <summary>One CertID of a request (RFC 6960 §4.1.1). Slices of the request buffer, no copies.</summary>
public sealed class OcspCertId
{
    internal OcspCertId(
        ReadOnlyMemory<byte> encoded,
        string hashAlgorithmOid,
        OcspCertIdHash hashAlgorithm,
        ReadOnlyMemory<byte> issuerNameHash,
        ReadOnlyMemory<byte> issuerKeyHash,
        ReadOnlyMemory<byte> serialNumber)
    {
        Encoded = encoded;
        HashAlgorithmOid = hashAlgorithmOid;
        HashAlgorithm = hashAlgorithm;
        IssuerNameHash = issuerNameHash;
        IssuerKeyHash = issuerKeyHash;
        SerialNumber = serialNumber;
    }

    /// <summary>The CertID exactly as received; echoed in the SingleResponse so clients can match it byte for byte.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    public string HashAlgorithmOid { get; }

    public OcspCertIdHash HashAlgorithm { get; }

    public ReadOnlyMemory<byte> IssuerNameHash { get; }

    public ReadOnlyMemory<byte> IssuerKeyHash { get; }

    /// <summary>DER INTEGER content octets of the serial number.</summary>
    public ReadOnlyMemory<byte> SerialNumber { get; }
}
