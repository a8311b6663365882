using System.Runtime.InteropServices;

namespace Muhur.SmartCard.Tests;

/// <summary>
/// One SoftHSM2 module per test run, with a token directory of its own under a temp folder. Cryptoki state is
/// per process (PKCS#11 v2.40 §5.4 C_Initialize), so every SoftHSM test shares this fixture and runs serially.
/// </summary>
public sealed partial class SoftHsmFixture : IDisposable
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    public const string SoPin = "87654321";
    public const string UserPin = "123456";

    private readonly string _directory;
    private int _tokenCounter;

    public SoftHsmFixture()
    {
        // CI installs softhsm2 (./muhur require_test_packages): a missing module is a failure, not a skip.
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException(
                $"SoftHSM2 module {ModulePath} not found; install the Debian package: apt-get install -y softhsm2");
        }
        _directory = Path.Combine(Path.GetTempPath(), "muhur-softhsm-" + Guid.NewGuid().ToString("N"));
        TokenDirectory = Path.Combine(_directory, "tokens");
        Directory.CreateDirectory(TokenDirectory);
        var config = Path.Combine(_directory, "softhsm2.conf");
        File.WriteAllText(config, $"directories.tokendir = {TokenDirectory}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        // SoftHSM reads SOFTHSM2_CONF with getenv() in C_Initialize, so it must be set before the module is
        // loaded. On Unix, Environment.SetEnvironmentVariable only changes .NET's own copy of the environment,
        // so the native environment is set too; without it SoftHSM silently uses /var/lib/softhsm/tokens.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", config);
        if (SetEnv("SOFTHSM2_CONF", config, 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed");
        }
        Module = Pkcs11Module.Load(ModulePath);
        TokenSlot = InitFreshToken("muhur-test");
    }

    public Pkcs11Module Module { get; }

    /// <summary>The fixture's own SoftHSM token directory.</summary>
    public string TokenDirectory { get; }

    /// <summary>A token initialized with <see cref="SoPin"/> and user PIN <see cref="UserPin"/>.</summary>
    public ulong TokenSlot { get; private set; }

    /// <summary>
    /// Initializes the token in SoftHSM's spare (uninitialized) slot and sets its user PIN. SoftHSM moves an
    /// initialized token to a new slot id, so the slot is found again by its label.
    /// </summary>
    public ulong InitFreshToken(string labelPrefix)
    {
        var label = $"{labelPrefix}-{Interlocked.Increment(ref _tokenCounter)}";
        var spare = Module.GetSlots(tokenPresent: true)
            .First(s => !Module.GetTokenInfo(s.SlotId).Flags.HasFlag(TokenState.TokenInitialized));
        Module.InitToken(spare.SlotId, SoPin, label);
        var slot = FindSlot(label);
        using var session = Module.OpenSession(slot, readWrite: true);
        session.Login(UserType.SecurityOfficer, SoPin);
        session.InitPin(UserPin);
        return slot;
    }

    public ulong FindSlot(string label) =>
        Module.GetSlots(tokenPresent: true).Single(s => Module.GetTokenInfo(s.SlotId).Label == label).SlotId;

    public void Dispose()
    {
        Module.Dispose();
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", null);
        _ = UnsetEnv("SOFTHSM2_CONF");
        Directory.Delete(_directory, recursive: true);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);
}

[CollectionDefinition(Name)]
public sealed class SoftHsmTestGroup : ICollectionFixture<SoftHsmFixture>
{
    public const string Name = "SoftHSM";
}
