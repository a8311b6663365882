namespace Muhur.Pki.Authority;

/// <summary>
/// Holds CA private keys by name (for example <c>root</c>, <c>issuing</c>, <c>ocsp-2026-01</c>) and only lends out
/// signing handles. An interface because an HSM (PKCS#11) store will replace the file store in production.
/// </summary>
public interface ICaKeyStore
{
    bool Contains(string keyName);

    /// <summary>Generates and persists a new key; fails if a key of that name exists, so a CA key is never overwritten.</summary>
    CaSigningKey CreateKey(string keyName, CaKeyAlgorithm algorithm);

    /// <summary>Returns the signing handle of an existing key.</summary>
    CaSigningKey GetKey(string keyName);
}
