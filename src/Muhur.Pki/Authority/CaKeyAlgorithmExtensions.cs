using System.Security.Cryptography;

namespace Muhur.Pki.Authority;

public static class CaKeyAlgorithmExtensions
{
    /// <summary>
    /// The signature hash paired with each key so that the hash never weakens the key
    /// (NIST SP 800-57 Part 1 Table 3 comparable strengths).
    /// </summary>
    public static HashAlgorithmName GetHashAlgorithm(this CaKeyAlgorithm algorithm) => algorithm switch
    {
        CaKeyAlgorithm.EcdsaP384 => HashAlgorithmName.SHA384,
        CaKeyAlgorithm.EcdsaP256 => HashAlgorithmName.SHA256,
        CaKeyAlgorithm.Rsa3072 => HashAlgorithmName.SHA256,
        CaKeyAlgorithm.Rsa4096 => HashAlgorithmName.SHA384,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown CA key algorithm."),
    };

    public static bool IsEcdsa(this CaKeyAlgorithm algorithm) =>
        algorithm is CaKeyAlgorithm.EcdsaP384 or CaKeyAlgorithm.EcdsaP256;

    internal static ECCurve GetCurve(this CaKeyAlgorithm algorithm) => algorithm switch
    {
        CaKeyAlgorithm.EcdsaP384 => ECCurve.NamedCurves.nistP384,
        CaKeyAlgorithm.EcdsaP256 => ECCurve.NamedCurves.nistP256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not an ECDSA algorithm."),
    };

    internal static int GetRsaKeySize(this CaKeyAlgorithm algorithm) => algorithm switch
    {
        CaKeyAlgorithm.Rsa3072 => 3072,
        CaKeyAlgorithm.Rsa4096 => 4096,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not an RSA algorithm."),
    };
}
