using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Muhur.SmartCard;

/// <summary>A PKCS#11 session (PKCS#11 v2.40 §5.6); disposing calls C_CloseSession.</summary>
public sealed unsafe class Pkcs11Session : IDisposable
{
    /// <summary>DER OID 1.2.840.10045.3.1.7 (secp256r1), the CKA_EC_PARAMS form for P-256 (PKCS#11 v2.40 Mechanisms §2.3.3).</summary>
    private static readonly byte[] P256Parameters = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    private readonly Pkcs11Module _module;
    private bool _disposed;

    internal Pkcs11Session(Pkcs11Module module, nuint handle)
    {
        _module = module;
        Handle = handle;
    }

    internal nuint Handle { get; }

    private FunctionList Functions
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _module.Functions;
        }
    }

    /// <summary>C_Login (PKCS#11 v2.40 §5.6).</summary>
    public void Login(UserType userType, string pin)
    {
        var bytes = Encoding.UTF8.GetBytes(pin);
        fixed (byte* p = bytes)
        {
            FunctionList.Check(Functions.Login(Handle, (nuint)userType, p, (nuint)bytes.Length), "C_Login");
        }
    }

    /// <summary>C_Logout (PKCS#11 v2.40 §5.6).</summary>
    public void Logout() => FunctionList.Check(Functions.Logout(Handle), "C_Logout");

    /// <summary>C_InitPIN (PKCS#11 v2.40 §5.6): sets the user PIN; the session must be logged in as SO.</summary>
    public void InitPin(string newPin)
    {
        var bytes = Encoding.UTF8.GetBytes(newPin);
        fixed (byte* p = bytes)
        {
            FunctionList.Check(Functions.InitPin(Handle, p, (nuint)bytes.Length), "C_InitPIN");
        }
    }

    /// <summary>C_SetPIN (PKCS#11 v2.40 §5.6): changes the PIN of the user logged in (or the user PIN when not logged in).</summary>
    public void SetPin(string oldPin, string newPin)
    {
        var oldBytes = Encoding.UTF8.GetBytes(oldPin);
        var newBytes = Encoding.UTF8.GetBytes(newPin);
        fixed (byte* o = oldBytes)
        fixed (byte* n = newBytes)
        {
            FunctionList.Check(Functions.SetPin(Handle, o, (nuint)oldBytes.Length, n, (nuint)newBytes.Length), "C_SetPIN");
        }
    }

    /// <summary>
    /// C_GenerateKeyPair with CKM_RSA_PKCS_KEY_PAIR_GEN (PKCS#11 v2.40 Mechanisms §2.1.4), public exponent 65537.
    /// The private key is a token object, private, sensitive and not extractable (R-CARD-1: generated on the card).
    /// </summary>
    public GeneratedKeyPair GenerateRsaKeyPair(int modulusBits, string label, ReadOnlySpan<byte> id)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modulusBits, 1024);
        using var publicTemplate = new AttributeTemplate()
            .Add(Ck.AttrClass, (nuint)ObjectClass.PublicKey)
            .Add(Ck.AttrKeyType, Ck.KeyTypeRsa)
            .Add(Ck.AttrToken, true)
            .Add(Ck.AttrPrivate, false)
            .Add(Ck.AttrVerify, true)
            .Add(Ck.AttrModulusBits, (nuint)modulusBits)
            .Add(Ck.AttrPublicExponent, [0x01, 0x00, 0x01])
            .Add(Ck.AttrLabel, label)
            .Add(Ck.AttrId, id);
        using var privateTemplate = PrivateKeyTemplate(Ck.KeyTypeRsa, label, id);
        var (publicKey, privateKey) = GenerateKeyPair(MechanismType.RsaPkcsKeyPairGen, publicTemplate, privateTemplate);

        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = TrimLeadingZeros(GetAttribute(publicKey, Ck.AttrModulus)),
            Exponent = TrimLeadingZeros(GetAttribute(publicKey, Ck.AttrPublicExponent)),
        });
        return new GeneratedKeyPair(publicKey, privateKey, PublicKey.CreateFromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _));
    }

    /// <summary>
    /// C_GenerateKeyPair with CKM_EC_KEY_PAIR_GEN on P-256 (PKCS#11 v2.40 Mechanisms §2.3.6), same private-key
    /// attributes as <see cref="GenerateRsaKeyPair"/>.
    /// </summary>
    public GeneratedKeyPair GenerateEcP256KeyPair(string label, ReadOnlySpan<byte> id)
    {
        using var publicTemplate = new AttributeTemplate()
            .Add(Ck.AttrClass, (nuint)ObjectClass.PublicKey)
            .Add(Ck.AttrKeyType, Ck.KeyTypeEc)
            .Add(Ck.AttrToken, true)
            .Add(Ck.AttrPrivate, false)
            .Add(Ck.AttrVerify, true)
            .Add(Ck.AttrEcParams, P256Parameters)
            .Add(Ck.AttrLabel, label)
            .Add(Ck.AttrId, id);
        using var privateTemplate = PrivateKeyTemplate(Ck.KeyTypeEc, label, id);
        var (publicKey, privateKey) = GenerateKeyPair(MechanismType.EcKeyPairGen, publicTemplate, privateTemplate);
        var spki = EcSubjectPublicKeyInfo(GetAttribute(publicKey, Ck.AttrEcParams), GetAttribute(publicKey, Ck.AttrEcPoint));
        return new GeneratedKeyPair(publicKey, privateKey, PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _));
    }

    /// <summary>C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal (PKCS#11 v2.40 §5.7).</summary>
    public IReadOnlyList<ObjectHandle> FindObjects(ObjectClass objectClass, string? label = null, ReadOnlySpan<byte> id = default)
    {
        using var template = new AttributeTemplate().Add(Ck.AttrClass, (nuint)objectClass);
        if (label is not null)
        {
            template.Add(Ck.AttrLabel, label);
        }
        if (!id.IsEmpty)
        {
            template.Add(Ck.AttrId, id);
        }
        var functions = Functions;
        FunctionList.Check(functions.FindObjectsInit(Handle, template.Pointer, template.Count), "C_FindObjectsInit");
        var result = new List<ObjectHandle>();
        try
        {
            var batch = stackalloc nuint[32];
            while (true)
            {
                nuint found = 0;
                FunctionList.Check(functions.FindObjects(Handle, batch, 32, &found), "C_FindObjects");
                for (nuint i = 0; i < found; i++)
                {
                    result.Add(new ObjectHandle(batch[i]));
                }
                if (found < 32)
                {
                    break;
                }
            }
        }
        finally
        {
            // An active find operation blocks every other operation in the session (§5.7), so always end it.
            _ = functions.FindObjectsFinal(Handle);
        }
        return result;
    }

    /// <summary>C_GetAttributeValue of one attribute (PKCS#11 v2.40 §5.7): length first, then the value.</summary>
    /// <exception cref="Pkcs11Exception">CKR_ATTRIBUTE_SENSITIVE for a sensitive value, CKR_ATTRIBUTE_TYPE_INVALID if absent.</exception>
    public byte[] GetAttribute(ObjectHandle handle, ulong attributeType)
    {
        var functions = Functions;
        var attribute = new CkAttribute { Type = (nuint)attributeType };
        FunctionList.Check(functions.GetAttributeValue(Handle, (nuint)handle.Value, &attribute, 1), "C_GetAttributeValue");
        if (attribute.ValueLength == Ck.UnavailableInformation)
        {
            throw new Pkcs11Exception(ReturnValues.AttributeSensitive, "C_GetAttributeValue");
        }
        var value = new byte[attribute.ValueLength];
        fixed (byte* p = value)
        {
            attribute.Value = p;
            FunctionList.Check(functions.GetAttributeValue(Handle, (nuint)handle.Value, &attribute, 1), "C_GetAttributeValue");
        }
        return value[..(int)attribute.ValueLength];
    }

    internal byte[] GetAttribute(ObjectHandle handle, nuint attributeType) => GetAttribute(handle, (ulong)attributeType);

    /// <summary>CKA_VALUE (0x11): for a private key this must fail with CKR_ATTRIBUTE_SENSITIVE.</summary>
    public byte[] GetValue(ObjectHandle handle) => GetAttribute(handle, Ck.AttrValue);

    /// <summary>CKA_LABEL as text.</summary>
    public string GetLabel(ObjectHandle handle) => Encoding.UTF8.GetString(GetAttribute(handle, Ck.AttrLabel));

    /// <summary>CKA_ID.</summary>
    public byte[] GetId(ObjectHandle handle) => GetAttribute(handle, Ck.AttrId);

    /// <summary>A CK_BBOOL attribute, e.g. CKA_SENSITIVE (0x103) or CKA_EXTRACTABLE (0x162).</summary>
    public bool GetBoolean(ObjectHandle handle, ulong attributeType)
    {
        var value = GetAttribute(handle, attributeType);
        return value.Length == 1 && value[0] != 0;
    }

    /// <summary>
    /// C_CreateObject of an X.509 certificate (PKCS#11 v2.40 §4.6.3): CKO_CERTIFICATE, CKC_X_509, CKA_VALUE,
    /// CKA_SUBJECT, CKA_ISSUER, CKA_SERIAL_NUMBER, CKA_ID (matching the key's, so applications pair them), token object.
    /// </summary>
    public ObjectHandle CreateCertificateObject(ReadOnlySpan<byte> derCertificate, string label, ReadOnlySpan<byte> id)
    {
        byte[] subject, issuer, serial;
        using (var certificate = X509CertificateLoader.LoadCertificate(derCertificate))
        {
            subject = certificate.SubjectName.RawData;
            issuer = certificate.IssuerName.RawData;
            // CKA_SERIAL_NUMBER is the DER encoding of the INTEGER (§4.6.3, Table 23).
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteInteger(certificate.SerialNumberBytes.Span);
            serial = writer.Encode();
        }
        using var template = new AttributeTemplate()
            .Add(Ck.AttrClass, (nuint)ObjectClass.Certificate)
            .Add(Ck.AttrCertificateType, Ck.CertificateTypeX509)
            .Add(Ck.AttrToken, true)
            .Add(Ck.AttrPrivate, false)
            .Add(Ck.AttrLabel, label)
            .Add(Ck.AttrId, id)
            .Add(Ck.AttrSubject, subject)
            .Add(Ck.AttrIssuer, issuer)
            .Add(Ck.AttrSerialNumber, serial)
            .Add(Ck.AttrValue, derCertificate);
        nuint handle = 0;
        FunctionList.Check(Functions.CreateObject(Handle, template.Pointer, template.Count, &handle), "C_CreateObject");
        return new ObjectHandle(handle);
    }

    /// <summary>Every CKO_CERTIFICATE object visible to the session, with label, id and DER value.</summary>
    public IReadOnlyList<TokenCertificate> ReadCertificates() =>
        [.. FindObjects(ObjectClass.Certificate).Select(h => new TokenCertificate(h, GetLabel(h), GetId(h), GetValue(h)))];

    /// <summary>C_DestroyObject (PKCS#11 v2.40 §5.7).</summary>
    public void DestroyObject(ObjectHandle handle) =>
        FunctionList.Check(Functions.DestroyObject(Handle, (nuint)handle.Value), "C_DestroyObject");

    /// <summary>
    /// C_SignInit + C_Sign (PKCS#11 v2.40 §5.11). For <see cref="MechanismType.Ecdsa"/> the caller passes the
    /// hash and gets raw r||s (Mechanisms §2.3.1); <see cref="EcdsaSignature.ToDer"/> converts it for X.509/CMS.
    /// For <see cref="MechanismType.RsaPkcs"/> the caller passes a DigestInfo; <see cref="MechanismType.Sha256RsaPkcs"/> hashes on the token.
    /// </summary>
    public byte[] Sign(ObjectHandle privateKey, MechanismType mechanism, ReadOnlySpan<byte> data)
    {
        var functions = Functions;
        var ckMechanism = new CkMechanism { Mechanism = (nuint)mechanism };
        FunctionList.Check(functions.SignInit(Handle, &ckMechanism, (nuint)privateKey.Value), "C_SignInit");
        fixed (byte* d = data)
        {
            // §5.2 "Conventions for functions returning output in a variable-length buffer": a NULL buffer
            // asks for the length and leaves the operation active.
            nuint length = 0;
            FunctionList.Check(functions.Sign(Handle, d, (nuint)data.Length, null, &length), "C_Sign");
            var signature = new byte[length];
            fixed (byte* s = signature)
            {
                FunctionList.Check(functions.Sign(Handle, d, (nuint)data.Length, s, &length), "C_Sign");
            }
            return signature[..(int)length];
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _ = _module.Functions.CloseSession(Handle);
    }

    private static AttributeTemplate PrivateKeyTemplate(nuint keyType, string label, ReadOnlySpan<byte> id) =>
        new AttributeTemplate()
            .Add(Ck.AttrClass, (nuint)ObjectClass.PrivateKey)
            .Add(Ck.AttrKeyType, keyType)
            .Add(Ck.AttrToken, true)
            .Add(Ck.AttrPrivate, true)
            .Add(Ck.AttrSensitive, true)
            .Add(Ck.AttrExtractable, false)
            .Add(Ck.AttrSign, true)
            .Add(Ck.AttrLabel, label)
            .Add(Ck.AttrId, id);

    private (ObjectHandle Public, ObjectHandle Private) GenerateKeyPair(MechanismType mechanism, AttributeTemplate publicTemplate, AttributeTemplate privateTemplate)
    {
        var ckMechanism = new CkMechanism { Mechanism = (nuint)mechanism };
        nuint publicKey = 0, privateKey = 0;
        FunctionList.Check(
            Functions.GenerateKeyPair(Handle, &ckMechanism, publicTemplate.Pointer, publicTemplate.Count, privateTemplate.Pointer, privateTemplate.Count, &publicKey, &privateKey),
            "C_GenerateKeyPair");
        return (new ObjectHandle(publicKey), new ObjectHandle(privateKey));
    }

    /// <summary>
    /// SubjectPublicKeyInfo for an EC key (RFC 5480 §2): id-ecPublicKey with the CKA_EC_PARAMS named curve, and the
    /// point from CKA_EC_POINT, which v2.40 specifies as a DER OCTET STRING (some modules return the bare point).
    /// </summary>
    internal static byte[] EcSubjectPublicKeyInfo(byte[] ecParams, byte[] ecPoint)
    {
        var point = ecPoint;
        try
        {
            var inner = AsnDecoder.ReadOctetString(ecPoint, AsnEncodingRules.DER, out var consumed);
            if (consumed == ecPoint.Length && inner.Length > 0 && inner[0] == 0x04)
            {
                point = inner;
            }
        }
        catch (AsnContentException)
        {
            // Not an OCTET STRING: the module returned the bare point.
        }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.10045.2.1");
                writer.WriteEncodedValue(ecParams);
            }
            writer.WriteBitString(point);
        }
        return writer.Encode();
    }

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }
        return value[start..];
    }
}

/// <summary>Conversions of CKM_ECDSA output (PKCS#11 v2.40 Mechanisms §2.3.1: r || s, each the size of the order).</summary>
public static class EcdsaSignature
{
    /// <summary>r||s → DER Ecdsa-Sig-Value SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3), as X.509 and CMS carry it.</summary>
    public static byte[] ToDer(ReadOnlySpan<byte> rawSignature)
    {
        if (rawSignature.IsEmpty || rawSignature.Length % 2 != 0)
        {
            throw new ArgumentException("A raw ECDSA signature is r || s with r and s of equal length.", nameof(rawSignature));
        }
        var half = rawSignature.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // r and s are fixed-width, so about one signature in 128 has a leading zero byte that DER must drop.
            writer.WriteIntegerUnsigned(WithoutLeadingZeros(rawSignature[..half]));
            writer.WriteIntegerUnsigned(WithoutLeadingZeros(rawSignature[half..]));
        }
        return writer.Encode();
    }

    private static ReadOnlySpan<byte> WithoutLeadingZeros(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }
        return value[start..];
    }
}
