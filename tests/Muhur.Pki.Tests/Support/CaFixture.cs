using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Tests.Support;

/// <summary>A complete throw-away hierarchy (root, issuing CA, OCSP responder) in a temporary key store.</summary>
public sealed class CaFixture : IDisposable
{
    public const string Passphrase = "test-passphrase-çok-gizli";

    public static readonly Uri RootCrlUrl = new("http://127.0.0.1:5080/crl/kok.crl");
    public static readonly Uri RootCertificateUrl = new("http://127.0.0.1:5080/ca/kok.crt");

    public CaFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "muhur-pki-tests-" + Guid.NewGuid().ToString("N"));
        KeyStore = new EncryptedFileKeyStore(Directory, Passphrase, iterations: 1000);
        Now = X509TimeForTests.Truncate(DateTimeOffset.UtcNow);

        RootKey = KeyStore.CreateKey("root", CaKeyAlgorithm.EcdsaP384);
        Root = CaCertificateFactory.CreateRoot(RootKey, new RootCaSettings(), Now.AddDays(-1));

        IssuingKey = KeyStore.CreateKey("issuing", CaKeyAlgorithm.EcdsaP384);
        Issuing = CaCertificateFactory.CreateIssuing(
            RootKey,
            Root,
            IssuingKey.PublicKey,
            new IssuingCaSettings { RootCrlUrl = RootCrlUrl, RootCertificateUrl = RootCertificateUrl },
            Now.AddDays(-1));

        ResponderKey = KeyStore.CreateKey("ocsp-test", CaKeyAlgorithm.EcdsaP256);
        Responder = CaCertificateFactory.CreateOcspResponder(
            IssuingKey, Issuing, ResponderKey.PublicKey, new OcspResponderSettings(), Now.AddDays(-1));
    }

    public string Directory { get; }

    public EncryptedFileKeyStore KeyStore { get; }

    public DateTimeOffset Now { get; }

    public CaSigningKey RootKey { get; }

    public X509Certificate2 Root { get; }

    public CaSigningKey IssuingKey { get; }

    public X509Certificate2 Issuing { get; }

    public CaSigningKey ResponderKey { get; }

    public X509Certificate2 Responder { get; }

    public void Dispose()
    {
        KeyStore.Dispose();
        Root.Dispose();
        Issuing.Dispose();
        Responder.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
