using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Muhur.Pki.Authority;

/// <summary>
/// Keeps each CA key as an EncryptedPrivateKeyInfo (RFC 5958 §3) protected with PBES2 (RFC 8018 §6.2):
/// PBKDF2-HMAC-SHA256 and AES-256-CBC. The plain key exists only inside the loaded
/// <see cref="ECDsa"/>/<see cref="RSA"/> object, never in storage. Subclasses decide where the encrypted
/// blobs live (a folder, the database); they never see a plain key.
/// </summary>
public abstract partial class EncryptedPkcs8KeyStore : ICaKeyStore, IDisposable
{
    /// <summary>
    /// OWASP's 2023 PBKDF2-HMAC-SHA256 figure is 600,000; 210,000 is its SHA-512 figure and keeps start-up and tests
    /// fast. Deployments should raise it through configuration.
    /// </summary>
    public const int DefaultIterations = 210_000;

    private readonly string _passphrase;
    private readonly PbeParameters _pbeParameters;
    private readonly Dictionary<string, LoadedKey> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _disposed;

    protected EncryptedPkcs8KeyStore(string passphrase, int iterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        _passphrase = passphrase;
        _pbeParameters = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, iterations);
    }

    public bool Contains(string keyName)
    {
        ValidateName(keyName);
        return BlobExists(keyName);
    }

    public CaSigningKey CreateKey(string keyName, CaKeyAlgorithm algorithm)
    {
        ValidateName(keyName);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            AsymmetricAlgorithm key = algorithm.IsEcdsa()
                ? ECDsa.Create(algorithm.GetCurve())
                : RSA.Create(algorithm.GetRsaKeySize());
            try
            {
                byte[] encrypted = key.ExportEncryptedPkcs8PrivateKey(_passphrase, _pbeParameters);
                WriteNewBlob(keyName, encrypted);
                LoadedKey loaded = Load(keyName, algorithm, key);
                _keys.Add(keyName, loaded);
                return loaded.SigningKey;
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
    }

    public CaSigningKey GetKey(string keyName)
    {
        ValidateName(keyName);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keys.TryGetValue(keyName, out LoadedKey? cached))
            {
                return cached.SigningKey;
            }

            byte[] encrypted = ReadBlob(keyName)
                ?? throw new CaKeyStoreException($"CA key '{keyName}' does not exist in the key store.");
            AsymmetricAlgorithm key = Import(keyName, encrypted);
            LoadedKey loaded = Load(keyName, Classify(key), key);
            _keys.Add(keyName, loaded);
            return loaded.SigningKey;
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (LoadedKey loaded in _keys.Values)
            {
                loaded.Handles.Dispose();
            }

            _keys.Clear();
        }
    }

    /// <summary>Whether an encrypted key of this name is stored.</summary>
    protected abstract bool BlobExists(string keyName);

    /// <summary>The encrypted key, or null when there is none.</summary>
    protected abstract byte[]? ReadBlob(string keyName);

    /// <summary>Stores a new encrypted key; must throw <see cref="CaKeyStoreException"/> rather than overwrite one.</summary>
    protected abstract void WriteNewBlob(string keyName, byte[] encryptedPkcs8);

    // The algorithm OID sits inside the encrypted blob, so the key type is only known after decryption: try the
    // default family first. Keys are cached after the first load, so the second PBKDF2 run for RSA happens once.
    private AsymmetricAlgorithm Import(string keyName, byte[] encrypted)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportEncryptedPkcs8PrivateKey(_passphrase, encrypted, out _);
            return ecdsa;
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportEncryptedPkcs8PrivateKey(_passphrase, encrypted, out _);
            return rsa;
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new CaKeyStoreException(
                $"SHS anahtarı '{keyName}' çözülemedi: parola yanlış ya da kayıt bozuk. / CA key '{keyName}' could not be decrypted: wrong passphrase or damaged file.", ex);
        }
    }

    private static CaKeyAlgorithm Classify(AsymmetricAlgorithm key) => key switch
    {
        ECDsa { KeySize: 384 } => CaKeyAlgorithm.EcdsaP384,
        ECDsa { KeySize: 256 } => CaKeyAlgorithm.EcdsaP256,
        RSA { KeySize: 3072 } => CaKeyAlgorithm.Rsa3072,
        RSA { KeySize: 4096 } => CaKeyAlgorithm.Rsa4096,
        _ => throw new CaKeyStoreException($"Unsupported CA key: {key.SignatureAlgorithm} {key.KeySize} bits."),
    };

    private static LoadedKey Load(string keyName, CaKeyAlgorithm algorithm, AsymmetricAlgorithm key)
    {
        var pool = new KeyHandlePool(key, Environment.ProcessorCount);
        HashAlgorithmName hash = algorithm.GetHashAlgorithm();
        var signingKey = new CaSigningKey(
            keyName, algorithm, new PublicKey(key), new PooledSignatureGenerator(pool), digest => pool.SignHash(digest, hash));
        return new LoadedKey(pool, signingKey);
    }

    // Names become file or row names: a strict alphabet rules out path traversal and case-folding surprises.
    private static void ValidateName(string keyName)
    {
        ArgumentNullException.ThrowIfNull(keyName);
        if (!KeyNamePattern().IsMatch(keyName))
        {
            throw new ArgumentException(
                "Key names are 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit.",
                nameof(keyName));
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyNamePattern();

    private sealed record LoadedKey(KeyHandlePool Handles, CaSigningKey SigningKey);
}
