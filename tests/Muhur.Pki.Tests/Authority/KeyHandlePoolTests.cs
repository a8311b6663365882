using System.Security.Cryptography;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Tests.Authority;

// R-CA-4: one CA key signs on every core at once (OCSP, issuance batches) and every signature is valid.
public class KeyHandlePoolTests
{
    [Theory]
    [InlineData(CaKeyAlgorithm.EcdsaP256)]
    [InlineData(CaKeyAlgorithm.EcdsaP384)]
    [InlineData(CaKeyAlgorithm.Rsa3072)]
    public void SignConcurrently_ManyThreads_EverySignatureVerifies(CaKeyAlgorithm algorithm)
    {
        // Arrange
        string directory = Directory.CreateTempSubdirectory("muhur-pool-").FullName;
        using var store = new EncryptedFileKeyStore(directory, "parola", iterations: 1000);
        CaSigningKey key = store.CreateKey("paralel", algorithm);
        byte[][] messages = Enumerable.Range(0, 400).Select(i => BitConverter.GetBytes(i)).ToArray();
        var signatures = new byte[messages.Length][];
        var digestSignatures = new byte[messages.Length][];

        // Act
        Parallel.For(0, messages.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            signatures[i] = key.Sign(messages[i]);
            digestSignatures[i] = key.SignHash(CryptographicOperations.HashData(key.HashAlgorithm, messages[i]));
        });

        // Assert
        for (int i = 0; i < messages.Length; i++)
        {
            Assert.True(Verify(key, messages[i], signatures[i]), $"signature {i}");
            Assert.True(Verify(key, messages[i], digestSignatures[i]), $"digest signature {i}");
        }

        Directory.Delete(directory, recursive: true);
    }

    private static bool Verify(CaSigningKey key, byte[] message, byte[] signature)
    {
        using ECDsa? ecdsa = key.PublicKey.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            return ecdsa.VerifyData(message, signature, key.HashAlgorithm, DSASignatureFormat.Rfc3279DerSequence);
        }

        using RSA rsa = key.PublicKey.GetRSAPublicKey()!;
        return rsa.VerifyData(message, signature, key.HashAlgorithm, RSASignaturePadding.Pkcs1);
    }
}
