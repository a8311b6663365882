namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>One downloadable build of muhur-imza.</summary>
internal sealed record SignerDownload(string Platform, string FileName, string Url);

/// <summary>
/// R-APP-8: the signing application offered for download on the e-signed page. <c>./muhur publish-imza</c> writes one
/// self-contained file per platform to <c>artifacts/muhur-imza/&lt;rid&gt;/</c>; the server serves those it finds
/// (the folder is <c>Muhur:SignerDownloadDirectory</c>, else the nearest <c>artifacts/muhur-imza</c> above the working
/// folder or the program's). When none is published the page says how to make them instead of linking to nothing.
/// </summary>
internal sealed class SignerDownloads(IConfiguration configuration)
{
    public const string Route = "/indir/muhur-imza/{platform}";

    private static readonly (string Platform, string FileName)[] Builds = [("linux-x64", "muhur-imza"), ("win-x64", "muhur-imza.exe")];

    public IReadOnlyList<SignerDownload> Available() =>
        [.. Builds.Where(b => File.Exists(PathOf(b.Platform, b.FileName)))
            .Select(b => new SignerDownload(b.Platform, b.FileName, Route.Replace("{platform}", b.Platform, StringComparison.Ordinal)))];

    /// <summary>The file for a platform we publish, or null (any other name: no path is ever built from the request).</summary>
    public string? FileFor(string platform)
    {
        foreach (var (known, fileName) in Builds)
        {
            if (string.Equals(known, platform, StringComparison.Ordinal))
            {
                var path = PathOf(known, fileName);
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }

    private string PathOf(string platform, string fileName) => Path.Combine(Directory(), platform, fileName);

    private string Directory()
    {
        if (configuration["Muhur:SignerDownloadDirectory"] is { Length: > 0 } configured)
        {
            return configured;
        }

        // ./muhur up runs from the clone; a published server finds the folder above its own files.
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "artifacts", "muhur-imza");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "artifacts", "muhur-imza");
    }
}
