namespace Muhur.SmartCard;

/// <summary>CK_SLOT_INFO flags (PKCS#11 v2.40 §3.2).</summary>
[Flags]
public enum SlotState : ulong
{
    None = 0,
    TokenPresent = 0x1,
    RemovableDevice = 0x2,
    HardwareSlot = 0x4,
}

/// <summary>CK_TOKEN_INFO flags (PKCS#11 v2.40 §3.2, Table 8); named State because CA1711 reserves the Flags suffix.</summary>
[Flags]
public enum TokenState : ulong
{
    None = 0,
    Rng = 0x1,
    WriteProtected = 0x2,
    LoginRequired = 0x4,
    UserPinInitialized = 0x8,
    RestoreKeyNotNeeded = 0x20,
    ClockOnToken = 0x40,
    ProtectedAuthenticationPath = 0x100,
    DualCryptoOperations = 0x200,
    TokenInitialized = 0x400,
    SecondaryAuthentication = 0x800,
    UserPinCountLow = 0x10000,
    UserPinFinalTry = 0x20000,
    UserPinLocked = 0x40000,
    UserPinToBeChanged = 0x80000,
    SoPinCountLow = 0x100000,
    SoPinFinalTry = 0x200000,
    SoPinLocked = 0x400000,
    SoPinToBeChanged = 0x800000,
    ErrorState = 0x1000000,
}

/// <summary>CK_USER_TYPE (PKCS#11 v2.40 §3.4).</summary>
public enum UserType : ulong
{
    SecurityOfficer = 0,
    User = 1,
    ContextSpecific = 2,
}

/// <summary>CK_OBJECT_CLASS (PKCS#11 v2.40 §4.3).</summary>
public enum ObjectClass : ulong
{
    Data = 0,
    Certificate = 1,
    PublicKey = 2,
    PrivateKey = 3,
    SecretKey = 4,
}

/// <summary>The CK_MECHANISM_TYPE values this binding uses (PKCS#11 v2.40 Mechanisms §2); others appear as their number.</summary>
public enum MechanismType : ulong
{
    RsaPkcsKeyPairGen = 0x0,
    RsaPkcs = 0x1,
    Sha256RsaPkcs = 0x40,
    Sha256RsaPkcsPss = 0x43,
    Sha256 = 0x250,
    EcKeyPairGen = 0x1040,
    Ecdsa = 0x1041,
    EcdsaSha256 = 0x1044,
}

/// <summary>An object handle valid within the session that produced it (PKCS#11 v2.40 §2.4).</summary>
public readonly record struct ObjectHandle(ulong Value);

public sealed record SlotInfo(ulong SlotId, string Description, string Manufacturer, SlotState Flags);

public sealed record TokenInfo(
    string Label,
    string Manufacturer,
    string Model,
    string SerialNumber,
    TokenState Flags,
    ulong MinPinLength,
    ulong MaxPinLength);

/// <summary>A key pair generated on the token; the private key never leaves it.</summary>
public sealed record GeneratedKeyPair(
    ObjectHandle PublicKeyHandle,
    ObjectHandle PrivateKeyHandle,
    System.Security.Cryptography.X509Certificates.PublicKey PublicKey);

/// <summary>A CKO_CERTIFICATE object read from the token.</summary>
public sealed record TokenCertificate(ObjectHandle Handle, string Label, byte[] Id, byte[] RawData);
