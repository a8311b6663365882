using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Muhur.Pki.Authority;

/// <summary>
/// Several independent handles to one private key, each used by one thread at a time. .NET does not promise that
/// one <see cref="AsymmetricAlgorithm"/> instance may sign on several threads at once, and a CA signs on every core
/// (issuance batches, OCSP responses): with one handle per core they can, without relying on the provider.
/// </summary>
internal sealed class KeyHandlePool : IDisposable
{
    private readonly Slot[] _slots;

    public KeyHandlePool(AsymmetricAlgorithm key, int size)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _slots = new Slot[size];
        _slots[0] = Slot.For(key);
        if (size == 1)
        {
            return;
        }

        // The clones come from the plain PKCS#8 in memory, which is wiped at once; it never reaches storage.
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            for (int i = 1; i < size; i++)
            {
                AsymmetricAlgorithm clone = key is ECDsa ? ECDsa.Create() : RSA.Create();
                clone.ImportPkcs8PrivateKey(pkcs8, out _);
                _slots[i] = Slot.For(clone);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    public X509SignatureGenerator FirstGenerator => _slots[0].Generator;

    public byte[] SignData(byte[] data, HashAlgorithmName hash)
    {
        Slot slot = Pick();
        lock (slot.Lock)
        {
            return slot.Generator.SignData(data, hash);
        }
    }

    public byte[] SignHash(byte[] digest, HashAlgorithmName hash)
    {
        Slot slot = Pick();
        lock (slot.Lock)
        {
            // The same encodings X509SignatureGenerator produces: DER ECDSA-Sig-Value (RFC 5480 §2.2 via RFC 3279)
            // and PKCS#1 v1.5 (RFC 8017 §8.2).
            return slot.Key is ECDsa ecdsa
                ? ecdsa.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence)
                : ((RSA)slot.Key).SignHash(digest, hash, RSASignaturePadding.Pkcs1);
        }
    }

    public void Dispose()
    {
        foreach (Slot slot in _slots)
        {
            slot.Key.Dispose();
        }
    }

    private Slot Pick() => _slots[(uint)Environment.CurrentManagedThreadId % (uint)_slots.Length];

    private sealed record Slot(AsymmetricAlgorithm Key, X509SignatureGenerator Generator, Lock Lock)
    {
        public static Slot For(AsymmetricAlgorithm key) => new(
            key,
            key is ECDsa ecdsa
                ? X509SignatureGenerator.CreateForECDsa(ecdsa)
                : X509SignatureGenerator.CreateForRSA((RSA)key, RSASignaturePadding.Pkcs1),
            new Lock());
    }
}

/// <summary>An <see cref="X509SignatureGenerator"/> that signs with whichever handle of the pool is free.</summary>
internal sealed class PooledSignatureGenerator(KeyHandlePool pool) : X509SignatureGenerator
{
    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) =>
        pool.FirstGenerator.GetSignatureAlgorithmIdentifier(hashAlgorithm);

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => pool.SignData(data, hashAlgorithm);

    protected override PublicKey BuildPublicKey() => pool.FirstGenerator.PublicKey;
}
