namespace Muhur.Pki.Ocsp;

/// <summary>Hash algorithm of a CertID (RFC 6960 §4.1.1); SHA-1 is what most clients still send.</summary>
public enum OcspCertIdHash
{
    Unsupported = 0,
    Sha1,
    Sha256,
}
