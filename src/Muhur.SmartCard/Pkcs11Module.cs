using System.Runtime.InteropServices;
using System.Text;

namespace Muhur.SmartCard;

/// <summary>
/// A loaded PKCS#11 module (Cryptoki library). Loading calls C_Initialize with CKF_OS_LOCKING_OK;
/// disposing calls C_Finalize and unloads the library. Cryptoki state is per process (PKCS#11 v2.40
/// §5.4), so one module path should have one live <see cref="Pkcs11Module"/> at a time.
/// </summary>
public sealed unsafe class Pkcs11Module : IDisposable
{
    private readonly nint _library;
    private bool _disposed;

    private Pkcs11Module(nint library, FunctionList functions, string path)
    {
        _library = library;
        Functions = functions;
        Path = path;
    }

    internal FunctionList Functions { get; }

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
        nint library;
        try
        {
            library = NativeLibrary.Load(path);
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
            if (!NativeLibrary.TryGetExport(library, "C_GetFunctionList", out var export))
            {
                throw new Pkcs11ModuleException($"{path} is not a PKCS#11 module: it does not export C_GetFunctionList");
            }
            nint* list = null;
            var rv = ((delegate* unmanaged[Cdecl]<nint**, nuint>)export)(&list);
            FunctionList.Check(rv, "C_GetFunctionList");
            if (list == null)
            {
                throw new Pkcs11ModuleException($"{path}: C_GetFunctionList returned no function list");
            }
            var functions = new FunctionList(list);

            // PKCS#11 v2.40 §5.4 C_Initialize: CKF_OS_LOCKING_OK lets the module use native locks, because
            // .NET calls in from several threads.
            var args = new CkInitializeArgs { Flags = Ck.CkfOsLockingOk };
            FunctionList.Check(functions.Initialize(&args), "C_Initialize");
            return new Pkcs11Module(library, functions, path);
        }
        catch
        {
            NativeLibrary.Free(library);
            throw;
        }
    }

    /// <summary>C_GetSlotList + C_GetSlotInfo (PKCS#11 v2.40 §5.5).</summary>
    public IReadOnlyList<SlotInfo> GetSlots(bool tokenPresent)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var ids = GetSlotIds(tokenPresent);
        var result = new List<SlotInfo>(ids.Length);
        // CK_SLOT_INFO: description[64], manufacturerID[32], flags, 2 × CK_VERSION: 112 bytes natively aligned.
        var info = stackalloc byte[128];
        foreach (var id in ids)
        {
            FunctionList.Check(Functions.GetSlotInfo(id, info), "C_GetSlotInfo");
            result.Add(new SlotInfo(
                id,
                PaddedString(new ReadOnlySpan<byte>(info, 64)),
                PaddedString(new ReadOnlySpan<byte>(info + 64, 32)),
                (SlotState)(*(nuint*)(info + 96))));
        }
        return result;
    }

    /// <summary>C_GetTokenInfo (PKCS#11 v2.40 §5.5).</summary>
    public TokenInfo GetTokenInfo(ulong slotId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // CK_TOKEN_INFO: label[32], manufacturerID[32], model[16], serialNumber[16], then 11 CK_ULONGs
        // from offset 96, two CK_VERSIONs and utcTime[16]: 204 bytes, 208 with alignment.
        var info = stackalloc byte[256];
        FunctionList.Check(Functions.GetTokenInfo((nuint)slotId, info), "C_GetTokenInfo");
        var ulongs = (nuint*)(info + 96);
        return new TokenInfo(
            PaddedString(new ReadOnlySpan<byte>(info, 32)),
            PaddedString(new ReadOnlySpan<byte>(info + 32, 32)),
            PaddedString(new ReadOnlySpan<byte>(info + 64, 16)),
            PaddedString(new ReadOnlySpan<byte>(info + 80, 16)),
            (TokenState)ulongs[0],
            MinPinLength: ulongs[6],
            MaxPinLength: ulongs[5]);
    }

    /// <summary>C_GetMechanismList (PKCS#11 v2.40 §5.5).</summary>
    public IReadOnlyList<MechanismType> GetMechanisms(ulong slotId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        nuint count = 0;
        FunctionList.Check(Functions.GetMechanismList((nuint)slotId, null, &count), "C_GetMechanismList");
        var list = new nuint[count];
        fixed (nuint* p = list)
        {
            FunctionList.Check(Functions.GetMechanismList((nuint)slotId, p, &count), "C_GetMechanismList");
        }
        return [.. list.Take((int)count).Select(m => (MechanismType)m)];
    }

    /// <summary>
    /// C_InitToken (PKCS#11 v2.40 §5.6): (re)initializes the token with the SO PIN; the label is padded with
    /// blanks to 32 bytes as CK_TOKEN_INFO requires.
    /// </summary>
    public void InitToken(ulong slotId, string soPin, string label)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var labelBytes = Encoding.UTF8.GetBytes(label);
        if (labelBytes.Length > 32)
        {
            throw new ArgumentException("A token label is at most 32 bytes (PKCS#11 v2.40 §3.2 CK_TOKEN_INFO).", nameof(label));
        }
        Span<byte> padded = stackalloc byte[32];
        padded.Fill((byte)' ');
        labelBytes.CopyTo(padded);
        var pin = Encoding.UTF8.GetBytes(soPin);
        fixed (byte* p = pin)
        fixed (byte* l = padded)
        {
            FunctionList.Check(Functions.InitToken((nuint)slotId, p, (nuint)pin.Length, l), "C_InitToken");
        }
    }

    /// <summary>C_OpenSession with CKF_SERIAL_SESSION, which PKCS#11 v2.40 §5.6 requires for legacy reasons.</summary>
    public Pkcs11Session OpenSession(ulong slotId, bool readWrite)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var flags = Ck.CkfSerialSession | (readWrite ? Ck.CkfRwSession : 0);
        nuint handle = 0;
        FunctionList.Check(Functions.OpenSession((nuint)slotId, flags, null, null, &handle), "C_OpenSession");
        return new Pkcs11Session(this, handle);
    }

    private nuint[] GetSlotIds(bool tokenPresent)
    {
        // PKCS#11 v2.40 §5.5 C_GetSlotList: ask for the count, then the list; the count may grow in
        // between (hot-plug), which the module reports with CKR_BUFFER_TOO_SMALL.
        while (true)
        {
            nuint count = 0;
            FunctionList.Check(Functions.GetSlotList(tokenPresent ? (byte)1 : (byte)0, null, &count), "C_GetSlotList");
            var ids = new nuint[count];
            fixed (nuint* p = ids)
            {
                var rv = Functions.GetSlotList(tokenPresent ? (byte)1 : (byte)0, p, &count);
                if (rv == ReturnValues.BufferTooSmall)
                {
                    continue;
                }
                FunctionList.Check(rv, "C_GetSlotList");
            }
            return ids[..(int)count];
        }
    }

    /// <summary>CK_UTF8CHAR fields are blank-padded, not NUL-terminated (PKCS#11 v2.40 §3.2).</summary>
    internal static string PaddedString(ReadOnlySpan<byte> field) =>
        Encoding.UTF8.GetString(field).TrimEnd(' ', '\0');

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // PKCS#11 v2.40 §5.4 C_Finalize: pReserved must be NULL.
        _ = Functions.FinalizeLibrary(null);
        NativeLibrary.Free(_library);
    }
}
