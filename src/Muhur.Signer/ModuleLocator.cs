using System.Runtime.InteropServices;
using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>Finds and loads the PKCS#11 module (the card driver): --module, then MUHUR_IMZA_MODULE, then the usual paths.</summary>
public static class ModuleLocator
{
    public const string EnvironmentVariable = "MUHUR_IMZA_MODULE";

    /// <summary>
    /// Where card vendors' installers put their PKCS#11 modules on Windows, all in System32: AKİS first (TÜBİTAK
    /// BİLGEM's card, the national e-imza card), then the other cards Turkish certificate providers issue.
    /// </summary>
    public static IReadOnlyList<string> WindowsModuleNames { get; } =
    [
        "akisp11.dll",          // AKİS (TÜBİTAK BİLGEM)
        "eTPKCS11.dll",         // SafeNet / Thales eToken (SafeNet Authentication Client)
        "IDPrimePKCS11.dll",    // Thales (Gemalto) IDPrime
        "acospkcs11.dll",       // ACS ACOS5
        "asepkcs.dll",          // Athena IDProtect
        "opensc-pkcs11.dll",    // OpenSC
    ];

    /// <summary>The places searched on this machine, in order (<see cref="CandidatePaths"/> for its operating system).</summary>
    public static IReadOnlyList<string> DefaultPaths { get; } =
        CandidatePaths(OperatingSystem.IsWindows() ? OSPlatform.Windows : OSPlatform.Linux, Environment.SystemDirectory);

    /// <summary>
    /// The places searched on <paramref name="platform"/>: on Windows each of <see cref="WindowsModuleNames"/> in
    /// <paramref name="systemDirectory"/> (Environment.SystemDirectory, C:\Windows\System32); elsewhere the AKİS module's
    /// Linux paths, then SoftHSM2's.
    /// </summary>
    public static IReadOnlyList<string> CandidatePaths(OSPlatform platform, string systemDirectory)
    {
        if (platform == OSPlatform.Windows)
        {
            ArgumentException.ThrowIfNullOrEmpty(systemDirectory);
            // A 64-bit process such as muhur-imza finds the 64-bit modules in System32 (32-bit ones are in SysWOW64).
            // Joined with the Windows separator even when the list is made elsewhere (the tests run on Linux).
            var directory = systemDirectory.TrimEnd('\\', '/');
            return [.. WindowsModuleNames.Select(name => directory + "\\" + name)];
        }
        return
        [
            "/usr/lib/libakisp11.so",
            "/usr/lib/x86_64-linux-gnu/libakisp11.so",
            "/usr/local/lib/libakisp11.so",
            "/usr/lib/softhsm/libsofthsm2.so",
        ];
    }

    private const string DriverFix = "Çözüm: kart okuyucu sürücüsünü ve AKİS kart yazılımını kurun ya da --module ile sürücünün yolunu verin.";

    /// <summary>The module path to use; null when none was given and none of <see cref="DefaultPaths"/> exists.</summary>
    public static string? Resolve(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return explicitPath;
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }
        return DefaultPaths.FirstOrDefault(File.Exists);
    }

    /// <summary>Loads the module, turning every load failure into a Turkish <see cref="SignerException"/>.</summary>
    public static Pkcs11Module Load(string? explicitPath)
    {
        var path = Resolve(explicitPath)
            ?? throw new SignerException($"Kart sürücüsü bulunamadı (aranan: {string.Join(", ", DefaultPaths)}). {DriverFix}");
        if (!File.Exists(path))
        {
            throw new SignerException($"Kart sürücüsü bulunamadı: {path}. {DriverFix}");
        }
        try
        {
            return Pkcs11Module.Load(path);
        }
        catch (Pkcs11ModuleException e)
        {
            throw new SignerException(
                $"Kart sürücüsü yüklenemedi: {path} (PKCS#11 kütüphanesi değil ya da bu sistemin mimarisine uygun değil). {DriverFix}", e);
        }
        catch (Pkcs11Exception e)
        {
            throw new SignerException($"Kart sürücüsü başlatılamadı: {path} ({e.Name}). {DriverFix}", e);
        }
    }
}
