using System.Runtime.InteropServices;

namespace Muhur.Signer.Tests;

/// <summary>The card driver search per operating system (R-CARD-4): most holders sign on Windows.</summary>
public sealed class ModuleLocatorTests
{
    [Fact]
    public void CandidatePaths_Windows_VendorModulesInSystem32AkisFirst()
    {
        // Act
        var paths = ModuleLocator.CandidatePaths(OSPlatform.Windows, @"C:\Windows\System32");

        // Assert
        Assert.Equal(@"C:\Windows\System32\akisp11.dll", paths[0]);
        Assert.All(paths, p => Assert.StartsWith(@"C:\Windows\System32\", p, StringComparison.Ordinal));
        Assert.All(paths, p => Assert.EndsWith(".dll", p, StringComparison.Ordinal));
        var names = paths.Select(p => p[(p.LastIndexOf('\\') + 1)..]).ToList();
        Assert.Subset(
            new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "akisp11.dll", "eTPKCS11.dll", "IDPrimePKCS11.dll", "asepkcs.dll", "acospkcs11.dll", "opensc-pkcs11.dll" },
            new HashSet<string>(names, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void CandidatePaths_WindowsSystemDirectoryWithTrailingSeparator_NoDoubledSeparator()
    {
        // Act: Environment.SystemDirectory of a Windows installed elsewhere.
        var paths = ModuleLocator.CandidatePaths(OSPlatform.Windows, @"D:\WINNT\system32\");

        // Assert
        Assert.Equal(@"D:\WINNT\system32\akisp11.dll", paths[0]);
        Assert.DoesNotContain(paths, p => p.Contains(@"\\", StringComparison.Ordinal));
    }

    [Fact]
    public void CandidatePaths_Linux_AkisPathsThenSoftHsm()
    {
        // Act: the system directory means nothing on Linux (Environment.SystemDirectory is empty there).
        var paths = ModuleLocator.CandidatePaths(OSPlatform.Linux, "");

        // Assert
        Assert.Equal(
            ["/usr/lib/libakisp11.so", "/usr/lib/x86_64-linux-gnu/libakisp11.so", "/usr/local/lib/libakisp11.so", "/usr/lib/softhsm/libsofthsm2.so"],
            paths);
    }

    [Fact]
    public void DefaultPaths_ThisMachine_ListOfItsOperatingSystem()
    {
        // Arrange
        var platform = OperatingSystem.IsWindows() ? OSPlatform.Windows : OSPlatform.Linux;

        // Act
        var paths = ModuleLocator.DefaultPaths;

        // Assert
        Assert.Equal(ModuleLocator.CandidatePaths(platform, Environment.SystemDirectory), paths);
        Assert.Contains(paths, p => p.Contains("akisp11", StringComparison.Ordinal));
    }
}
