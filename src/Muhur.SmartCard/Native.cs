using System.Runtime.InteropServices;

namespace Muhur.SmartCard;

/// <summary>CK_ATTRIBUTE: natively aligned on Linux x64 (type and length are 64-bit CK_ULONG).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkAttribute
{
    public nuint Type;
    public void* Value;
    public nuint ValueLength;
}

/// <summary>CK_MECHANISM (PKCS#11 v2.40 §3.6).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkMechanism
{
    public nuint Mechanism;
    public void* Parameter;
    public nuint ParameterLength;
}

/// <summary>CK_C_INITIALIZE_ARGS (PKCS#11 v2.40 §5.4).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkInitializeArgs
{
    public void* CreateMutex;
    public void* DestroyMutex;
    public void* LockMutex;
    public void* UnlockMutex;
    public nuint Flags;
    public void* Reserved;
}

/// <summary>PKCS#11 constants used by the binding (pkcs11t.h, v2.40).</summary>
internal static class Ck
{
    public const nuint CkfOsLockingOk = 0x2;
    public const nuint CkfRwSession = 0x2;
    public const nuint CkfSerialSession = 0x4;
    public static nuint UnavailableInformation => nuint.MaxValue;

    public const nuint KeyTypeRsa = 0x0;
    public const nuint KeyTypeEc = 0x3;
    public const nuint CertificateTypeX509 = 0x0;

    public const nuint AttrClass = 0x0;
    public const nuint AttrToken = 0x1;
    public const nuint AttrPrivate = 0x2;
    public const nuint AttrLabel = 0x3;
    public const nuint AttrValue = 0x11;
    public const nuint AttrCertificateType = 0x80;
    public const nuint AttrIssuer = 0x81;
    public const nuint AttrSerialNumber = 0x82;
    public const nuint AttrKeyType = 0x100;
    public const nuint AttrSubject = 0x101;
    public const nuint AttrId = 0x102;
    public const nuint AttrSensitive = 0x103;
    public const nuint AttrSign = 0x108;
    public const nuint AttrVerify = 0x10A;
    public const nuint AttrModulus = 0x120;
    public const nuint AttrModulusBits = 0x121;
    public const nuint AttrPublicExponent = 0x122;
    public const nuint AttrExtractable = 0x162;
    public const nuint AttrEcParams = 0x180;
    public const nuint AttrEcPoint = 0x181;
}

/// <summary>
/// Typed access to a CK_FUNCTION_LIST (PKCS#11 v2.40 §5.2, pkcs11f.h order). The list starts with a
/// 2-byte CK_VERSION padded to pointer alignment, so function <c>i</c> is at pointer slot <c>1 + i</c>.
/// </summary>
internal sealed unsafe class FunctionList(nint* list)
{
    private nint F(int index) => list[1 + index];

    public delegate* unmanaged[Cdecl]<void*, nuint> Initialize => (delegate* unmanaged[Cdecl]<void*, nuint>)F(0);
    public delegate* unmanaged[Cdecl]<void*, nuint> FinalizeLibrary => (delegate* unmanaged[Cdecl]<void*, nuint>)F(1);
    public delegate* unmanaged[Cdecl]<byte, nuint*, nuint*, nuint> GetSlotList => (delegate* unmanaged[Cdecl]<byte, nuint*, nuint*, nuint>)F(4);
    public delegate* unmanaged[Cdecl]<nuint, byte*, nuint> GetSlotInfo => (delegate* unmanaged[Cdecl]<nuint, byte*, nuint>)F(5);
    public delegate* unmanaged[Cdecl]<nuint, byte*, nuint> GetTokenInfo => (delegate* unmanaged[Cdecl]<nuint, byte*, nuint>)F(6);
    public delegate* unmanaged[Cdecl]<nuint, nuint*, nuint*, nuint> GetMechanismList => (delegate* unmanaged[Cdecl]<nuint, nuint*, nuint*, nuint>)F(7);
    public delegate* unmanaged[Cdecl]<nuint, byte*, nuint, byte*, nuint> InitToken => (delegate* unmanaged[Cdecl]<nuint, byte*, nuint, byte*, nuint>)F(9);
    public delegate* unmanaged[Cdecl]<nuint, byte*, nuint, nuint> InitPin => (delegate* unmanaged[Cdecl]<nuint, byte*, nuint, nuint>)F(10);
    public delegate* unmanaged[Cdecl]<nuint, byte*, nuint, byte*, nuint, nuint> SetPin => (delegate* unmanaged[Cdecl]<nuint, byte*, nuint, byte*, nuint, nuint>)F(11);
    public delegate* unmanaged[Cdecl]<nuint, nuint, void*, void*, nuint*, nuint> OpenSession => (delegate* unmanaged[Cdecl]<nuint, nuint, void*, void*, nuint*, nuint>)F(12);
    public delegate* unmanaged[Cdecl]<nuint, nuint> CloseSession => (delegate* unmanaged[Cdecl]<nuint, nuint>)F(13);
    public delegate* unmanaged[Cdecl]<nuint, nuint, byte*, nuint, nuint> Login => (delegate* unmanaged[Cdecl]<nuint, nuint, byte*, nuint, nuint>)F(18);
    public delegate* unmanaged[Cdecl]<nuint, nuint> Logout => (delegate* unmanaged[Cdecl]<nuint, nuint>)F(19);
    public delegate* unmanaged[Cdecl]<nuint, CkAttribute*, nuint, nuint*, nuint> CreateObject => (delegate* unmanaged[Cdecl]<nuint, CkAttribute*, nuint, nuint*, nuint>)F(20);
    public delegate* unmanaged[Cdecl]<nuint, nuint, nuint> DestroyObject => (delegate* unmanaged[Cdecl]<nuint, nuint, nuint>)F(22);
    public delegate* unmanaged[Cdecl]<nuint, nuint, CkAttribute*, nuint, nuint> GetAttributeValue => (delegate* unmanaged[Cdecl]<nuint, nuint, CkAttribute*, nuint, nuint>)F(24);
    public delegate* unmanaged[Cdecl]<nuint, CkAttribute*, nuint, nuint> FindObjectsInit => (delegate* unmanaged[Cdecl]<nuint, CkAttribute*, nuint, nuint>)F(26);
    public delegate* unmanaged[Cdecl]<nuint, nuint*, nuint, nuint*, nuint> FindObjects => (delegate* unmanaged[Cdecl]<nuint, nuint*, nuint, nuint*, nuint>)F(27);
    public delegate* unmanaged[Cdecl]<nuint, nuint> FindObjectsFinal => (delegate* unmanaged[Cdecl]<nuint, nuint>)F(28);
    public delegate* unmanaged[Cdecl]<nuint, CkMechanism*, nuint, nuint> SignInit => (delegate* unmanaged[Cdecl]<nuint, CkMechanism*, nuint, nuint>)F(42);
    public delegate* unmanaged[Cdecl]<nuint, byte*, nuint, byte*, nuint*, nuint> Sign => (delegate* unmanaged[Cdecl]<nuint, byte*, nuint, byte*, nuint*, nuint>)F(43);
    public delegate* unmanaged[Cdecl]<nuint, CkMechanism*, CkAttribute*, nuint, CkAttribute*, nuint, nuint*, nuint*, nuint> GenerateKeyPair => (delegate* unmanaged[Cdecl]<nuint, CkMechanism*, CkAttribute*, nuint, CkAttribute*, nuint, nuint*, nuint*, nuint>)F(59);

    /// <summary>Turns a CK_RV into an exception (PKCS#11 v2.40 §5.1).</summary>
    public static void Check(nuint rv, string function)
    {
        if (rv != 0)
        {
            throw new Pkcs11Exception(rv, function);
        }
    }
}

/// <summary>
/// A CK_ATTRIBUTE array with its values in unmanaged memory, so the module can keep pointers for the
/// duration of the call without the GC moving anything.
/// </summary>
internal sealed unsafe class AttributeTemplate : IDisposable
{
    private readonly List<(nuint Type, byte[] Value)> _items = [];
    private CkAttribute* _array;

    public AttributeTemplate Add(nuint type, ReadOnlySpan<byte> value)
    {
        _items.Add((type, value.ToArray()));
        return this;
    }

    /// <summary>CK_BBOOL is one byte (PKCS#11 v2.40 §3.1).</summary>
    public AttributeTemplate Add(nuint type, bool value) => Add(type, [value ? (byte)1 : (byte)0]);

    /// <summary>CK_ULONG values are native-endian, native-width.</summary>
    public AttributeTemplate Add(nuint type, nuint value) =>
        Add(type, MemoryMarshal.AsBytes(new ReadOnlySpan<nuint>(in value)));

    public AttributeTemplate Add(nuint type, string value) => Add(type, System.Text.Encoding.UTF8.GetBytes(value));

    public nuint Count => (nuint)_items.Count;

    public CkAttribute* Pointer
    {
        get
        {
            if (_array == null)
            {
                _array = (CkAttribute*)NativeMemory.AllocZeroed((nuint)Math.Max(1, _items.Count), (nuint)sizeof(CkAttribute));
                for (var i = 0; i < _items.Count; i++)
                {
                    var (type, value) = _items[i];
                    var buffer = NativeMemory.Alloc((nuint)Math.Max(1, value.Length));
                    value.CopyTo(new Span<byte>(buffer, value.Length));
                    _array[i] = new CkAttribute { Type = type, Value = buffer, ValueLength = (nuint)value.Length };
                }
            }
            return _array;
        }
    }

    public void Dispose()
    {
        if (_array == null)
        {
            return;
        }
        for (var i = 0; i < _items.Count; i++)
        {
            NativeMemory.Free(_array[i].Value);
        }
        NativeMemory.Free(_array);
        _array = null;
    }
}
