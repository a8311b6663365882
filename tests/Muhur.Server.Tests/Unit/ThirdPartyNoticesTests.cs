using System.Xml.Linq;

namespace Muhur.Server.Tests.Unit;

// Every pinned NuGet package is listed with its licence in THIRD-PARTY-NOTICES.md, and that licence lets Mühür stay
// MIT-licensed: a new dependency, or one whose licence changes with a version (PDFsharp 6.5 named the AGPL-3.0),
// cannot arrive unnoticed.
public class ThirdPartyNoticesTests
{
    private static readonly string[] PermissiveLicences = ["MIT", "Apache-2.0", "PostgreSQL", "BSD-2-Clause", "BSD-3-Clause"];

    [Fact]
    public void Notices_EveryPinnedPackage_ListedWithItsVersionAndAPermissiveLicence()
    {
        // Arrange
        var root = RepositoryRoot();
        var pinned = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Select(p => (Name: (string)p.Attribute("Include")!, Version: (string)p.Attribute("Version")!))
            .ToArray();
        var rows = File.ReadAllLines(Path.Combine(root, "THIRD-PARTY-NOTICES.md"))
            .Where(l => l.StartsWith('|'))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1..^1])
            .ToArray();

        // Act
        var missing = pinned.Where(p => !rows.Any(r => r[0] == p.Name && r[1] == p.Version)).ToArray();
        var notPermissive = pinned
            .Select(p => rows.FirstOrDefault(r => r[0] == p.Name && r[1] == p.Version))
            .Where(r => r is not null && !PermissiveLicences.Contains(r[2]))
            .Select(r => $"{r![0]}: {r[2]}")
            .ToArray();

        // Assert
        Assert.NotEmpty(pinned);
        Assert.True(missing.Length == 0, "Not in THIRD-PARTY-NOTICES.md: " + string.Join(", ", missing));
        Assert.True(notPermissive.Length == 0, "Not a permissive licence: " + string.Join(", ", notPermissive));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props"))
                && File.Exists(Path.Combine(directory.FullName, "Muhur.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}.");
    }
}
