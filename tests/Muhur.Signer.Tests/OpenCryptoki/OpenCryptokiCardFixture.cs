using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Tests.OpenCryptoki;

namespace Muhur.Signer.Tests.OpenCryptoki;

/// <summary>
/// E-signature cards on openCryptoki's soft token, one sandbox each (<see cref="OpenCryptokiSandbox"/>), made as card
/// production makes them (R-CARD-1): token initialized, PUK and PIN set, an RSA 2048 key pair generated on the token
/// (its soft token has no EC), and a certificate for it from a throwaway CA written beside the key with the same
/// CKA_ID. muhur-imza then runs as its real program inside the sandbox.
/// </summary>
public sealed class OpenCryptokiCardFixture : IDisposable
{
    public const string Label = "muhur-ock";
    public const string Puk = "11223344";
    public const string Pin = "123456";
    public const string Holder = "Zeynep Ağaoğlu Işık";
    public const string KeyId = "0A0B";

    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly List<OpenCryptokiSandbox> _sandboxes = [];

    public OpenCryptokiCardFixture() => OpenCryptokiSandbox.RequirePrerequisites();

    public static string ImzaPath => Path.Combine(AppContext.BaseDirectory, "muhur-imza.dll");

    /// <summary>A new card; returns its sandbox and the certificate's DER.</summary>
    internal (OpenCryptokiSandbox Card, byte[] Certificate) NewCard()
    {
        var sandbox = new OpenCryptokiSandbox();
        lock (_sandboxes)
        {
            _sandboxes.Add(sandbox);
        }
        sandbox.InitializeToken(Label, Puk, Pin);
        var key = sandbox.Probe($"login-user:{Pin}", $"gen-rsa:imza:{KeyId}")[1];
        if (key.Result != "OK")
        {
            throw new InvalidOperationException($"Card set-up failed at gen-rsa: {key.Result}");
        }

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key.Value), out _);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Holder}, C=TR"), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var certificate = request.Create(new X500DistinguishedName("CN=Muhur Test CA"), X509SignatureGenerator.CreateForECDsa(_caKey),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [0x40, 0x04]);
        var file = Path.Combine(sandbox.Directory, "imza.der");
        File.WriteAllBytes(file, certificate.RawData);
        var written = sandbox.Probe($"login-user:{Pin}", $"write-cert:imza:{KeyId}:{file}")[1];
        if (written.Result != "OK")
        {
            throw new InvalidOperationException($"Card set-up failed at write-cert: {written.Result}");
        }
        return (sandbox, certificate.RawData);
    }

    /// <summary>Runs <c>dotnet muhur-imza.dll --module (openCryptoki) ARGS</c> inside the card's sandbox.</summary>
    internal static SandboxRun Imza(OpenCryptokiSandbox card, IEnumerable<string> arguments, string? standardInput = null) =>
        card.RunDotnet(ImzaPath, ["--module", OpenCryptokiSandbox.ModulePath, .. arguments], standardInput);

    public void Dispose()
    {
        _caKey.Dispose();
        foreach (var sandbox in _sandboxes)
        {
            sandbox.Dispose();
        }
    }
}
