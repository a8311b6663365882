using System.Globalization;
using System.Security.Cryptography;
using Muhur.SmartCard;

namespace Muhur.Tests.OpenCryptoki;

/// <summary>
/// PKCS#11 operations through Muhur.SmartCard, run by the test assembly started as a program inside the openCryptoki
/// sandbox (only processes there see the token). Prints one line per operation:
/// <c>OPERATION RESULT 0xFLAGS [VALUE]</c>, RESULT being OK or the CK_RV name (PKCS#11 v2.40 §5.1) and FLAGS the
/// CK_TOKEN_INFO flags read right after the operation (§3.2), so the test process sees the token's PIN state move.
/// A failed operation does not stop the ones after it. Operations, arguments separated by ':':
/// <list type="bullet">
/// <item><c>init-token:SOPIN:LABEL</c> C_InitToken; <c>login-so:PIN</c>, <c>login-user:PIN</c> C_Login; <c>logout</c></item>
/// <item><c>init-pin:PIN</c> C_InitPIN (as SO); <c>set-pin:OLD:NEW</c> C_SetPIN of whoever is logged in</item>
/// <item><c>mechanisms</c> C_GetMechanismList, VALUE the mechanism numbers in hex, comma-separated</item>
/// <item><c>gen-rsa:LABEL:IDHEX</c>, <c>gen-ec:LABEL:IDHEX</c> C_GenerateKeyPair (RSA 2048, EC P-256), VALUE the SubjectPublicKeyInfo in base64</item>
/// <item><c>sign-rsa:IDHEX:TEXT</c> CKM_RSA_PKCS over the SHA-256 DigestInfo of TEXT, VALUE the signature in base64</item>
/// <item><c>write-cert:LABEL:IDHEX:FILE</c> C_CreateObject of the DER certificate in FILE</item>
/// </list>
/// </summary>
internal sealed class Pkcs11Probe : IDisposable
{
    public const string Command = "probe";

    /// <summary>DigestInfo header of SHA-256 (RFC 8017 §9.2 note 1).</summary>
    private static readonly byte[] Sha256DigestInfoPrefix =
        [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

    private readonly Pkcs11Module _module;
    private readonly ulong _slot;
    private Pkcs11Session? _session;

    private Pkcs11Probe(Pkcs11Module module, ulong slot)
    {
        _module = module;
        _slot = slot;
    }

    /// <summary>The session all operations share; login state is per token and application anyway (PKCS#11 v2.40 §5.6).</summary>
    private Pkcs11Session Session => _session ??= _module.OpenSession(_slot, readWrite: true);

    /// <param name="args">MODULE SLOT OPERATION...</param>
    /// <param name="output">Receives one line per operation.</param>
    /// <param name="error">Receives the usage on wrong arguments.</param>
    /// <returns>0 when every operation ran (whatever it returned), 2 on wrong usage.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count < 3 || !ulong.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var slot))
        {
            error.WriteLine($"usage: {Command} MODULE SLOT OPERATION...");
            return 2;
        }
        using var module = Pkcs11Module.Load(args[0]);
        using var probe = new Pkcs11Probe(module, slot);
        foreach (var operation in args.Skip(2))
        {
            var parts = operation.Split(':');
            string result, value;
            try
            {
                value = probe.Execute(parts);
                result = "OK";
            }
            catch (Pkcs11Exception e)
            {
                (result, value) = (e.Name, "");
            }
            var flags = (ulong)module.GetTokenInfo(slot).Flags;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{parts[0]} {result} 0x{flags:X} {value}").TrimEnd());
        }
        return 0;
    }

    public void Dispose() => _session?.Dispose();

    private string Execute(string[] parts)
    {
        switch (parts)
        {
            case ["init-token", var soPin, var label]:
                // C_InitToken fails with CKR_SESSION_EXISTS while the application has a session open (PKCS#11 v2.40 §5.6).
                _session?.Dispose();
                _session = null;
                _module.InitToken(_slot, soPin, label);
                return "";
            case ["login-so", var pin]:
                Session.Login(UserType.SecurityOfficer, pin);
                return "";
            case ["login-user", var pin]:
                Session.Login(UserType.User, pin);
                return "";
            case ["logout"]:
                Session.Logout();
                return "";
            case ["init-pin", var pin]:
                Session.InitPin(pin);
                return "";
            case ["set-pin", var oldPin, var newPin]:
                Session.SetPin(oldPin, newPin);
                return "";
            case ["mechanisms"]:
                return string.Join(',', _module.GetMechanisms(_slot).Select(m => string.Create(CultureInfo.InvariantCulture, $"0x{(ulong)m:X}")));
            case ["gen-rsa", var label, var id]:
                return Convert.ToBase64String(Session.GenerateRsaKeyPair(2048, label, Convert.FromHexString(id)).PublicKey.ExportSubjectPublicKeyInfo());
            case ["gen-ec", var label, var id]:
                return Convert.ToBase64String(Session.GenerateEcP256KeyPair(label, Convert.FromHexString(id)).PublicKey.ExportSubjectPublicKeyInfo());
            case ["sign-rsa", var id, var text]:
                var key = Session.FindObjects(ObjectClass.PrivateKey, id: Convert.FromHexString(id)).Single();
                var digestInfo = (byte[])[.. Sha256DigestInfoPrefix, .. SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))];
                return Convert.ToBase64String(Session.Sign(key, MechanismType.RsaPkcs, digestInfo));
            case ["write-cert", var label, var id, var file]:
                _ = Session.CreateCertificateObject(File.ReadAllBytes(file), label, Convert.FromHexString(id));
                return "";
            default:
                throw new ArgumentException($"Unknown probe operation: {string.Join(':', parts)}", nameof(parts));
        }
    }
}
