using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using InteropException = Net.Pkcs11Interop.Common.Pkcs11Exception;

namespace Muhur.SmartCard;

/// <summary>
/// A loaded PKCS#11 module (Cryptoki library), through Pkcs11Interop, whose factories pick the CK_ULONG width and
/// structure packing of the platform (32-bit CK_ULONG and 1-byte packing on Windows, native on Linux; PKCS#11 v2.40
/// §2.1, pkcs11.h "packing"). Loading calls C_Initialize with CKF_OS_LOCKING_OK; disposing calls C_Finalize and
/// unloads the library. Cryptoki state is per process (PKCS#11 v2.40 §5.4), so one module path should have one live
/// <see cref="Pkcs11Module"/> at a time.
/// </summary>
public sealed class Pkcs11Module : IDisposable
{
    internal static readonly Pkcs11InteropFactories Factories = new();

    private readonly IPkcs11Library _library;
    private bool _disposed;

    static Pkcs11Module() =>
        NativeLibrary.SetDllImportResolver(typeof(IPkcs11Library).Assembly, ResolveLibdl);

    private Pkcs11Module(IPkcs11Library library, string path)
    {
        _library = library;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Loads the module at <paramref name="path"/> and initializes Cryptoki.</summary>
    /// <exception cref="Pkcs11ModuleException">The file is missing, not loadable, or has no C_GetFunctionList.</exception>
    /// <exception cref="Pkcs11Exception">C_Initialize failed.</exception>
    public static Pkcs11Module Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new Pkcs11ModuleException($"PKCS#11 module not found: {path}");
        }
        // Pkcs11Interop reports a failed dlopen/LoadLibrary or a missing export as a bare Exception, so the file is
        // first tried with .NET's loader, which says which of the two it is.
        CheckLoadable(path);
        var library = Call(() => Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded));
        return new Pkcs11Module(library, path);
    }

    /// <summary>C_GetSlotList + C_GetSlotInfo (PKCS#11 v2.40 §5.5).</summary>
    public IReadOnlyList<SlotInfo> GetSlots(bool tokenPresent)
    {
        var result = new List<SlotInfo>();
        foreach (var slot in SlotList(tokenPresent))
        {
            var info = Call(slot.GetSlotInfo);
            result.Add(new SlotInfo(slot.SlotId, Blank(info.SlotDescription), Blank(info.ManufacturerId), (SlotState)info.SlotFlags.Flags));
        }
        return result;
    }

    /// <summary>C_GetTokenInfo (PKCS#11 v2.40 §5.5).</summary>
    public TokenInfo GetTokenInfo(ulong slotId)
    {
        var info = Call(Slot(slotId, "C_GetTokenInfo").GetTokenInfo);
        return new TokenInfo(
            Blank(info.Label),
            Blank(info.ManufacturerId),
            Blank(info.Model),
            Blank(info.SerialNumber),
            (TokenState)info.TokenFlags.Flags,
            MinPinLength: info.MinPinLen,
            MaxPinLength: info.MaxPinLen);
    }

    /// <summary>C_GetMechanismList (PKCS#11 v2.40 §5.5).</summary>
    public IReadOnlyList<MechanismType> GetMechanisms(ulong slotId) =>
        [.. Call(Slot(slotId, "C_GetMechanismList").GetMechanismList).Select(m => (MechanismType)(ulong)m)];

    /// <summary>
    /// C_InitToken (PKCS#11 v2.40 §5.6): (re)initializes the token with the SO PIN; the label is padded with
    /// blanks to 32 bytes as CK_TOKEN_INFO requires.
    /// </summary>
    public void InitToken(ulong slotId, string soPin, string label)
    {
        if (Encoding.UTF8.GetByteCount(label) > 32)
        {
            throw new ArgumentException("A token label is at most 32 bytes (PKCS#11 v2.40 §3.2 CK_TOKEN_INFO).", nameof(label));
        }
        var slot = Slot(slotId, "C_InitToken");
        Call(() => slot.InitToken(soPin, label));
    }

    /// <summary>C_OpenSession with CKF_SERIAL_SESSION, which PKCS#11 v2.40 §5.6 requires for legacy reasons.</summary>
    public Pkcs11Session OpenSession(ulong slotId, bool readWrite)
    {
        var slot = Slot(slotId, "C_OpenSession");
        return new Pkcs11Session(Call(() => slot.OpenSession(readWrite ? SessionType.ReadWrite : SessionType.ReadOnly)));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // PKCS#11 v2.40 §5.4 C_Finalize, then the library is unloaded.
        _library.Dispose();
    }

    /// <summary>Runs a Pkcs11Interop call, turning its CK_RV exception into ours.</summary>
    internal static T Call<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (InteropException e)
        {
            throw new Pkcs11Exception((ulong)e.RV, e.Method, e);
        }
    }

    internal static void Call(Action action) => Call(() =>
    {
        action();
        return true;
    });

    private List<ISlot> SlotList(bool tokenPresent)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var type = tokenPresent ? SlotsType.WithTokenPresent : SlotsType.WithOrWithoutTokenPresent;
        // PKCS#11 v2.40 §5.5 C_GetSlotList: the count may grow between asking for it and for the list (hot-plug),
        // which the module reports with CKR_BUFFER_TOO_SMALL; then ask again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return _library.GetSlotList(type);
            }
            catch (InteropException e) when (e.RV == CKR.CKR_BUFFER_TOO_SMALL && attempt < 5)
            {
            }
            catch (InteropException e)
            {
                throw new Pkcs11Exception((ulong)e.RV, e.Method, e);
            }
        }
    }

    /// <summary>
    /// The slot with this id among every slot the module lists; any other id is CKR_SLOT_ID_INVALID, as the module
    /// itself would answer (PKCS#11 v2.40 §5.5: slot ids are those C_GetSlotList returns).
    /// </summary>
    private ISlot Slot(ulong slotId, string function) =>
        SlotList(tokenPresent: false).FirstOrDefault(s => s.SlotId == slotId)
        ?? throw new Pkcs11Exception(ReturnValues.SlotIdInvalid, function);

    /// <summary>CK_UTF8CHAR fields are blank-padded, not NUL-terminated (PKCS#11 v2.40 §3.2).</summary>
    private static string Blank(string? field) => (field ?? "").TrimEnd(' ', '\0');

    private static void CheckLoadable(string path)
    {
        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new Pkcs11ModuleException($"PKCS#11 module could not be loaded: {path}: {e.Message}", e);
        }
        catch (BadImageFormatException e)
        {
            throw new Pkcs11ModuleException($"PKCS#11 module is not a loadable shared library: {path}: {e.Message}", e);
        }
        try
        {
            // PKCS#11 v2.40 §5.2 C_GetFunctionList: the only entry point a module must export by name.
            if (!NativeLibrary.TryGetExport(handle, "C_GetFunctionList", out _))
            {
                throw new Pkcs11ModuleException($"{path} is not a PKCS#11 module: it does not export C_GetFunctionList");
            }
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    /// <summary>
    /// Pkcs11Interop loads modules with dlopen from "libdl". Since glibc 2.34 libdl is a stub inside libc and
    /// Debian 12 ships only its versioned name libdl.so.2 (the unversioned libdl.so link came with libc6-dev).
    /// </summary>
    private static nint ResolveLibdl(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == "libdl" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libdl.so.2", out var handle)
            ? handle
            : 0;
}
