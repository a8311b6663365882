using System.Runtime.InteropServices;

namespace Muhur.SmartCard;

/// <summary>
/// Sets a variable in the process's native environment, where a PKCS#11 module reads its configuration
/// (SoftHSM2 reads SOFTHSM2_CONF with getenv() in C_Initialize). On Unix,
/// <see cref="Environment.SetEnvironmentVariable(string, string?)"/> changes only .NET's own copy.
/// </summary>
public static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows() && SetEnv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
