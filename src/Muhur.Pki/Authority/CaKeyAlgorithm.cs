namespace Muhur.Pki.Authority;

/// <summary>Key algorithms a CA, issuing CA or OCSP responder key may use.</summary>
public enum CaKeyAlgorithm
{
    /// <summary>ECDSA on NIST P-384, signed with SHA-384 (ecdsa-with-SHA384). The default for CA keys.</summary>
    EcdsaP384 = 0,

    /// <summary>ECDSA on NIST P-256, signed with SHA-256. Used for short-lived OCSP responder keys.</summary>
    EcdsaP256,

    /// <summary>RSA 3072, PKCS#1 v1.5 with SHA-256 (128-bit security level, matched by SHA-256).</summary>
    Rsa3072,

    /// <summary>RSA 4096, PKCS#1 v1.5 with SHA-384 (hash chosen one step above the ~140-bit key strength).</summary>
    Rsa4096,
}
