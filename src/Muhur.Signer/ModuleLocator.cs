using Muhur.SmartCard;

namespace Muhur.Signer;

/// <summary>Finds and loads the PKCS#11 module (the card driver): --module, then MUHUR_IMZA_MODULE, then the usual paths.</summary>
public static class ModuleLocator
{
    public const string EnvironmentVariable = "MUHUR_IMZA_MODULE";

    /// <summary>AKİS module names in the order they are searched, then SoftHSM2's.</summary>
    public static IReadOnlyList<string> DefaultPaths { get; } =
    [
        "/usr/lib/libakisp11.so",
        "/usr/lib/x86_64-linux-gnu/libakisp11.so",
        "/usr/local/lib/libakisp11.so",
        "/usr/lib/softhsm/libsofthsm2.so",
    ];

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
