namespace Muhur.Pki.Authority;

/// <summary>Keeps each encrypted CA key as the file <c>NAME.p8</c> (mode 0600) in one folder.</summary>
public sealed class EncryptedFileKeyStore : EncryptedPkcs8KeyStore
{
    private const string FileExtension = ".p8";

    private readonly string _directory;

    public EncryptedFileKeyStore(string directory, string passphrase, int iterations = DefaultIterations)
        : base(passphrase, iterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = directory;
    }

    protected override bool BlobExists(string keyName) => File.Exists(PathOf(keyName));

    protected override byte[]? ReadBlob(string keyName)
    {
        string path = PathOf(keyName);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    protected override void WriteNewBlob(string keyName, byte[] encryptedPkcs8) => WriteNewFile(PathOf(keyName), encryptedPkcs8);

    private void WriteNewFile(string path, byte[] contents)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_directory);
        }
        else
        {
            Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException ex) when (File.Exists(path))
        {
            throw new CaKeyStoreException($"A CA key file already exists at '{path}'; refusing to overwrite it.", ex);
        }
    }

    private string PathOf(string keyName) => Path.Combine(_directory, keyName + FileExtension);

}
