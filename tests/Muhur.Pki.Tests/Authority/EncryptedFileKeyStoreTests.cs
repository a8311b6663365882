using System.Formats.Asn1;
using System.Security.Cryptography;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Tests.Authority;

/// <summary>R-CA-4: CA keys exist on disk only as passphrase-encrypted PKCS#8, readable by the owner alone.</summary>
public sealed class EncryptedFileKeyStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "muhur-ks-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(CaKeyAlgorithm.EcdsaP384)]
    [InlineData(CaKeyAlgorithm.EcdsaP256)]
    [InlineData(CaKeyAlgorithm.Rsa3072)]
    public void GetKey_AfterReopeningStore_SignsWithTheSameKey(CaKeyAlgorithm algorithm)
    {
        // Arrange
        byte[] data = "imzalanacak veri"u8.ToArray();
        byte[] publicKeyInfo;
        using (var store = new EncryptedFileKeyStore(_directory, "parola", iterations: 1000))
        {
            publicKeyInfo = store.CreateKey("issuing", algorithm).PublicKey.ExportSubjectPublicKeyInfo();
        }

        // Act
        CaSigningKey reopened;
        byte[] signature;
        using (var store = new EncryptedFileKeyStore(_directory, "parola", iterations: 1000))
        {
            reopened = store.GetKey("issuing");
            signature = reopened.Sign(data);
        }

        // Assert
        Assert.Equal(algorithm, reopened.Algorithm);
        Assert.Equal(publicKeyInfo, reopened.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.True(Verify(publicKeyInfo, algorithm, data, signature));
    }

    [Fact]
    public void CreateKey_Always_WritesPbes2Aes256Sha256EncryptedPkcs8WithConfiguredIterations()
    {
        // Arrange
        using var store = new EncryptedFileKeyStore(_directory, "parola", iterations: 4321);

        // Act
        store.CreateKey("root", CaKeyAlgorithm.EcdsaP384);

        // Assert: EncryptedPrivateKeyInfo (RFC 5958 §3) with PBES2 parameters (RFC 8018 §A.4).
        byte[] file = File.ReadAllBytes(Path.Combine(_directory, "root.p8"));
        AsnReader info = new AsnReader(file, AsnEncodingRules.DER).ReadSequence();
        AsnReader algorithm = info.ReadSequence();
        Assert.Equal("1.2.840.113549.1.5.13", algorithm.ReadObjectIdentifier());
        AsnReader pbes2 = algorithm.ReadSequence();
        AsnReader kdf = pbes2.ReadSequence();
        Assert.Equal("1.2.840.113549.1.5.12", kdf.ReadObjectIdentifier());
        AsnReader pbkdf2 = kdf.ReadSequence();
        pbkdf2.ReadOctetString();
        Assert.Equal(4321, (int)pbkdf2.ReadInteger());
        if (pbkdf2.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            pbkdf2.ReadInteger();
        }

        Assert.Equal("1.2.840.113549.2.9", pbkdf2.ReadSequence().ReadObjectIdentifier());
        Assert.Equal("2.16.840.1.101.3.4.1.42", pbes2.ReadSequence().ReadObjectIdentifier());
        info.ReadOctetString();
        Assert.False(info.HasData);

        using var plainImport = ECDsa.Create();
        Assert.ThrowsAny<CryptographicException>(() => plainImport.ImportPkcs8PrivateKey(file, out _));
    }

    [Fact]
    public void CreateKey_OnUnix_FileIsOwnerReadWriteOnly()
    {
        // Arrange
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only; Windows relies on the directory ACL.
        }

        using var store = new EncryptedFileKeyStore(_directory, "parola", iterations: 1000);

        // Act
        store.CreateKey("root", CaKeyAlgorithm.EcdsaP256);

        // Assert
        UnixFileMode mode = File.GetUnixFileMode(Path.Combine(_directory, "root.p8"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void GetKey_WrongPassphrase_ThrowsCaKeyStoreException()
    {
        // Arrange
        using (var store = new EncryptedFileKeyStore(_directory, "doğru-parola", iterations: 1000))
        {
            store.CreateKey("root", CaKeyAlgorithm.EcdsaP256);
        }

        using var wrong = new EncryptedFileKeyStore(_directory, "yanlış-parola", iterations: 1000);

        // Act + Assert
        Assert.Throws<CaKeyStoreException>(() => wrong.GetKey("root"));
    }

    [Fact]
    public void CreateKey_NameAlreadyExists_RefusesToOverwrite()
    {
        // Arrange
        using var store = new EncryptedFileKeyStore(_directory, "parola", iterations: 1000);
        store.CreateKey("root", CaKeyAlgorithm.EcdsaP256);
        byte[] before = File.ReadAllBytes(Path.Combine(_directory, "root.p8"));

        // Act + Assert
        using var other = new EncryptedFileKeyStore(_directory, "parola", iterations: 1000);
        Assert.Throws<CaKeyStoreException>(() => other.CreateKey("root", CaKeyAlgorithm.EcdsaP256));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_directory, "root.p8")));
    }

    [Theory]
    [InlineData("../root")]
    [InlineData("Root")]
    [InlineData("")]
    [InlineData("a/b")]
    public void GetKey_NameOutsideAlphabet_ThrowsArgumentException(string name)
    {
        // Arrange
        using var store = new EncryptedFileKeyStore(_directory, "parola", iterations: 1000);

        // Act + Assert
        Assert.ThrowsAny<ArgumentException>(() => store.GetKey(name));
    }

    [Fact]
    public void GetKey_Missing_ThrowsCaKeyStoreException()
    {
        // Arrange
        using var store = new EncryptedFileKeyStore(_directory, "parola", iterations: 1000);

        // Act + Assert
        Assert.False(store.Contains("issuing"));
        Assert.Throws<CaKeyStoreException>(() => store.GetKey("issuing"));
    }

    private static bool Verify(byte[] spki, CaKeyAlgorithm algorithm, byte[] data, byte[] signature)
    {
        if (algorithm.IsEcdsa())
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
            return ecdsa.VerifyData(data, signature, algorithm.GetHashAlgorithm(), DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(spki, out _);
        return rsa.VerifyData(data, signature, algorithm.GetHashAlgorithm(), RSASignaturePadding.Pkcs1);
    }
}
