using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.SmartCard;

namespace Muhur.Signer.Tests;

/// <summary>
/// A SoftHSM2 token store of its own (SOFTHSM2_CONF set natively, as in Muhur.SmartCard.Tests) with two cards, each
/// holding a key pair generated on the token and a certificate with the same CKA_ID, issued by a throwaway .NET CA:
/// an EC P-256 card and an RSA-2048 card. The module is unloaded after setup, because the commands load it
/// themselves and Cryptoki allows one C_Initialize per process (PKCS#11 v2.40 §5.4).
/// </summary>
public sealed partial class SignerTokenFixture : IDisposable
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    public const string SoPin = "87654321";
    public const string UserPin = "123456";
    public const string EcLabel = "muhur-ec";
    public const string RsaLabel = "muhur-rsa";
    public const string EcHolder = "Ayşe Yılmaz Çağlar";
    public const string RsaHolder = "İsmail Öztürk Şahin";

    private readonly string _directory;
    private readonly string _config;
    private readonly ECDsa _caKey;
    private readonly X500DistinguishedName _caName;

    public SignerTokenFixture()
    {
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException(
                $"SoftHSM2 module {ModulePath} not found; install the Debian package: apt-get install -y softhsm2");
        }
        _directory = Path.Combine(Path.GetTempPath(), "muhur-imza-softhsm-" + Guid.NewGuid().ToString("N"));
        _config = WriteConfig("tokens");
        EmptyStoreConfig = WriteConfig("empty-tokens");
        UseConfig(_config);

        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ca = _caKey;
        var caRequest = new CertificateRequest("CN=Muhur Test CA", ca, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var caCertificate = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(2));
        var caSigner = X509SignatureGenerator.CreateForECDsa(ca);
        _caName = caCertificate.SubjectName;
        CaCertificatePem = caCertificate.ExportCertificatePem();
        CaKeyPem = ca.ExportPkcs8PrivateKeyPem();

        using var module = Pkcs11Module.Load(ModulePath);
        EcCertificate = CreateCard(module, EcLabel, [0x01, 0xEC], s => s.GenerateEcP256KeyPair("imza", [0x01, 0xEC]),
            key => Issue(key, EcHolder, caCertificate.SubjectName, caSigner, serial: [0x10, 0x01]));
        RsaCertificate = CreateCard(module, RsaLabel, [0x02, 0x5A], s => s.GenerateRsaKeyPair(2048, "imza", [0x02, 0x5A]),
            key => Issue(key, RsaHolder, caCertificate.SubjectName, caSigner, serial: [0x20, 0x02]));
    }

    /// <summary>The throwaway CA's certificate as PEM, for openssl -CAfile and verify --root (R-CARD-5).</summary>
    public string CaCertificatePem { get; }

    /// <summary>The throwaway CA's private key as PKCS#8 PEM, so that openssl ocsp can sign responses as the issuer.</summary>
    public string CaKeyPem { get; }

    /// <summary>DER of the EC card's certificate.</summary>
    public byte[] EcCertificate { get; }

    /// <summary>DER of the RSA card's certificate.</summary>
    public byte[] RsaCertificate { get; }

    /// <summary>A SoftHSM configuration whose token directory is empty: only SoftHSM's one uninitialized slot.</summary>
    public string EmptyStoreConfig { get; }

    /// <summary>The slot id of the card with <paramref name="label"/>, looked up with the module loaded briefly.</summary>
    public static ulong SlotOf(string label)
    {
        using var module = Pkcs11Module.Load(ModulePath);
        return module.GetSlots(tokenPresent: true).Single(s => module.GetTokenInfo(s.SlotId).Label == label).SlotId;
    }

    /// <summary>Runs <paramref name="action"/> with SOFTHSM2_CONF pointing at <see cref="EmptyStoreConfig"/>.</summary>
    public T WithEmptyTokenStore<T>(Func<T> action) => WithTokenStore(EmptyStoreConfig, action);

    /// <summary>
    /// Runs <paramref name="action"/> with SOFTHSM2_CONF pointing at <paramref name="config"/>, then back at the two-card
    /// store. SoftHSM reads the configuration in C_Initialize, and every command loads (C_Initialize) and unloads
    /// (C_Finalize) the module itself, so the action sees only that store's cards.
    /// </summary>
    public T WithTokenStore<T>(string config, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        UseConfig(config);
        try
        {
            return action();
        }
        finally
        {
            UseConfig(_config);
        }
    }

    /// <summary>
    /// A token store of its own (in this fixture's folder, removed with it) with the cards <paramref name="populate"/>
    /// makes, e.g. with <see cref="CreateCard"/>; the module is loaded only while it runs. Returns its SOFTHSM2_CONF
    /// for <see cref="WithTokenStore"/>.
    /// </summary>
    public string CreateTokenStore(Action<Pkcs11Module> populate)
    {
        ArgumentNullException.ThrowIfNull(populate);
        var config = WriteConfig("tokens-" + Guid.NewGuid().ToString("N"));
        return WithTokenStore(config, () =>
        {
            using var module = Pkcs11Module.Load(ModulePath);
            populate(module);
            return config;
        });
    }

    /// <summary>
    /// Makes a card as card production does (R-CARD-1): initializes a spare token with <paramref name="label"/>, the SO
    /// PIN and the user PIN, generates the key pair on it, and writes the certificate that <paramref name="issue"/> makes
    /// for the public key beside it with the same CKA_ID. <paramref name="chain"/> certificates (CA certificates, as some
    /// cards carry) are written as further certificate objects. Returns the DER of the holder's certificate.
    /// </summary>
    public static byte[] CreateCard(
        Pkcs11Module module, string label, byte[] id, Func<Pkcs11Session, GeneratedKeyPair> generate, Func<PublicKey, byte[]> issue,
        params byte[][] chain)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(generate);
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(chain);
        var spare = module.GetSlots(tokenPresent: true)
            .First(s => !module.GetTokenInfo(s.SlotId).Flags.HasFlag(TokenState.TokenInitialized));
        module.InitToken(spare.SlotId, SoPin, label);
        var slot = module.GetSlots(tokenPresent: true).Single(s => module.GetTokenInfo(s.SlotId).Label == label).SlotId;
        using (var so = module.OpenSession(slot, readWrite: true))
        {
            so.Login(UserType.SecurityOfficer, SoPin);
            so.InitPin(UserPin);
            so.Logout();
        }
        using var session = module.OpenSession(slot, readWrite: true);
        session.Login(UserType.User, UserPin);
        var keyPair = generate(session);
        var der = issue(keyPair.PublicKey);
        _ = session.CreateCertificateObject(der, "imza", id);
        for (var i = 0; i < chain.Length; i++)
        {
            _ = session.CreateCertificateObject(chain[i], $"zincir-{i}", [0xCA, (byte)i]);
        }
        session.Logout();
        return der;
    }

    /// <summary>
    /// Runs <paramref name="action"/> with SOFTHSM2_CONF pointing at a token store of its own holding one EC card,
    /// labelled <see cref="EcLabel"/> with PIN <see cref="UserPin"/> and PUK <see cref="SoPin"/>, whose slot it is given:
    /// for tests that change the card's PIN and must not change it for the others.
    /// </summary>
    public T WithFreshCard<T>(Func<ulong, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var signer = X509SignatureGenerator.CreateForECDsa(_caKey);
        var config = CreateTokenStore(module => CreateCard(module, EcLabel, [0x03, 0xEC], s => s.GenerateEcP256KeyPair("imza", [0x03, 0xEC]),
            key => Issue(key, EcHolder, _caName, signer, serial: [0x30, 0x03])));
        return WithTokenStore(config, () => action(SlotOf(EcLabel)));
    }

    public void Dispose()
    {
        _caKey.Dispose();
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", null);
        _ = UnsetEnv("SOFTHSM2_CONF");
        Directory.Delete(_directory, recursive: true);
    }

    private static byte[] Issue(PublicKey key, string holder, X500DistinguishedName issuer, X509SignatureGenerator caSigner, byte[] serial)
    {
        var request = new CertificateRequest(new X500DistinguishedName($"CN={holder}, C=TR"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(TestCertificateAuthority.QcCompliance());
        using var certificate = request.Create(issuer, caSigner, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), serial);
        return certificate.RawData;
    }

    private string WriteConfig(string tokenDirectoryName)
    {
        var tokens = Path.Combine(_directory, tokenDirectoryName);
        Directory.CreateDirectory(tokens);
        var config = Path.Combine(_directory, tokenDirectoryName + ".conf");
        File.WriteAllText(config, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        return config;
    }

    /// <summary>SoftHSM reads SOFTHSM2_CONF with getenv() in C_Initialize; .NET's SetEnvironmentVariable does not reach it on Unix.</summary>
    private static void UseConfig(string config)
    {
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", config);
        if (SetEnv("SOFTHSM2_CONF", config, 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);
}

[CollectionDefinition(Name)]
public sealed class SignerTokenGroup : ICollectionFixture<SignerTokenFixture>
{
    public const string Name = "SoftHSM signer";
}
