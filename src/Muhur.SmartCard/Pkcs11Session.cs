using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;

namespace Muhur.SmartCard;

/// <summary>A PKCS#11 session (PKCS#11 v2.40 §5.6); disposing calls C_CloseSession.</summary>
public sealed class Pkcs11Session : IDisposable
{
    /// <summary>DER OID 1.2.840.10045.3.1.7 (secp256r1), the CKA_EC_PARAMS form for P-256 (PKCS#11 v2.40 Mechanisms §2.3.3).</summary>
    private static readonly byte[] P256Parameters = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    private static readonly IObjectAttributeFactory Attributes = Pkcs11Module.Factories.ObjectAttributeFactory;

    private readonly ISession _session;
    private bool _disposed;

    internal Pkcs11Session(ISession session) => _session = session;

    private ISession Session
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _session;
        }
    }

    /// <summary>C_Login (PKCS#11 v2.40 §5.6).</summary>
    public void Login(UserType userType, string pin) => Pkcs11Module.Call(() => Session.Login((CKU)userType, pin));

    /// <summary>C_Logout (PKCS#11 v2.40 §5.6).</summary>
    public void Logout() => Pkcs11Module.Call(Session.Logout);

    /// <summary>C_InitPIN (PKCS#11 v2.40 §5.6): sets the user PIN; the session must be logged in as SO.</summary>
    public void InitPin(string newPin) => Pkcs11Module.Call(() => Session.InitPin(newPin));

    /// <summary>C_SetPIN (PKCS#11 v2.40 §5.6): changes the PIN of the user logged in (or the user PIN when not logged in).</summary>
    public void SetPin(string oldPin, string newPin) => Pkcs11Module.Call(() => Session.SetPin(oldPin, newPin));

    /// <summary>
    /// C_GenerateKeyPair with CKM_RSA_PKCS_KEY_PAIR_GEN (PKCS#11 v2.40 Mechanisms §2.1.4), public exponent 65537.
    /// The private key is a token object, private, sensitive and not extractable (R-CARD-1: generated on the card).
    /// </summary>
    public GeneratedKeyPair GenerateRsaKeyPair(int modulusBits, string label, ReadOnlySpan<byte> id)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modulusBits, 1024);
        List<IObjectAttribute> publicTemplate =
        [
            Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY),
            Attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_RSA),
            Attributes.Create(CKA.CKA_TOKEN, true),
            Attributes.Create(CKA.CKA_PRIVATE, false),
            Attributes.Create(CKA.CKA_VERIFY, true),
            Attributes.Create(CKA.CKA_MODULUS_BITS, (ulong)modulusBits),
            Attributes.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 0x01, 0x00, 0x01 }),
            Attributes.Create(CKA.CKA_LABEL, label),
            Attributes.Create(CKA.CKA_ID, id.ToArray()),
        ];
        var (publicKey, privateKey) = GenerateKeyPair(MechanismType.RsaPkcsKeyPairGen, publicTemplate, PrivateKeyTemplate(CKK.CKK_RSA, label, id));

        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = TrimLeadingZeros(GetAttribute(publicKey, (ulong)CKA.CKA_MODULUS)),
            Exponent = TrimLeadingZeros(GetAttribute(publicKey, (ulong)CKA.CKA_PUBLIC_EXPONENT)),
        });
        return new GeneratedKeyPair(publicKey, privateKey, PublicKey.CreateFromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _));
    }

    /// <summary>
    /// C_GenerateKeyPair with CKM_EC_KEY_PAIR_GEN on P-256 (PKCS#11 v2.40 Mechanisms §2.3.6), same private-key
    /// attributes as <see cref="GenerateRsaKeyPair"/>.
    /// </summary>
    public GeneratedKeyPair GenerateEcP256KeyPair(string label, ReadOnlySpan<byte> id)
    {
        List<IObjectAttribute> publicTemplate =
        [
            Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY),
            Attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_EC),
            Attributes.Create(CKA.CKA_TOKEN, true),
            Attributes.Create(CKA.CKA_PRIVATE, false),
            Attributes.Create(CKA.CKA_VERIFY, true),
            Attributes.Create(CKA.CKA_EC_PARAMS, P256Parameters),
            Attributes.Create(CKA.CKA_LABEL, label),
            Attributes.Create(CKA.CKA_ID, id.ToArray()),
        ];
        var (publicKey, privateKey) = GenerateKeyPair(MechanismType.EcKeyPairGen, publicTemplate, PrivateKeyTemplate(CKK.CKK_EC, label, id));
        var spki = EcSubjectPublicKeyInfo(GetAttribute(publicKey, (ulong)CKA.CKA_EC_PARAMS), GetAttribute(publicKey, (ulong)CKA.CKA_EC_POINT));
        return new GeneratedKeyPair(publicKey, privateKey, PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _));
    }

    /// <summary>C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal (PKCS#11 v2.40 §5.7).</summary>
    public IReadOnlyList<ObjectHandle> FindObjects(ObjectClass objectClass, string? label = null, ReadOnlySpan<byte> id = default)
    {
        List<IObjectAttribute> template = [Attributes.Create(CKA.CKA_CLASS, (ulong)objectClass)];
        if (label is not null)
        {
            template.Add(Attributes.Create(CKA.CKA_LABEL, label));
        }
        if (!id.IsEmpty)
        {
            template.Add(Attributes.Create(CKA.CKA_ID, id.ToArray()));
        }
        return [.. Pkcs11Module.Call(() => Session.FindAllObjects(template)).Select(h => new ObjectHandle(h.ObjectId))];
    }

    /// <summary>C_GetAttributeValue of one attribute (PKCS#11 v2.40 §5.7).</summary>
    /// <exception cref="Pkcs11Exception">
    /// CKR_ATTRIBUTE_SENSITIVE when the value cannot be read and the object is sensitive or unextractable,
    /// CKR_ATTRIBUTE_TYPE_INVALID when it cannot be read otherwise (the object has no such attribute).
    /// </exception>
    public byte[] GetAttribute(ObjectHandle handle, ulong attributeType)
    {
        var attribute = Pkcs11Module.Call(() => Session.GetAttributeValue(Interop(handle), [attributeType]))[0];
        if (attribute.CannotBeRead)
        {
            // Pkcs11Interop marks both unreadable cases of §5.7 alike (ulValueLen = CK_UNAVAILABLE_INFORMATION) and
            // drops the CK_RV that tells them apart; case 1 of §5.7 is "sensitive or unextractable", so ask the object.
            throw new Pkcs11Exception(IsSensitiveOrUnextractable(handle) ? ReturnValues.AttributeSensitive : ReturnValues.AttributeTypeInvalid, "C_GetAttributeValue");
        }
        return attribute.GetValueAsByteArray() ?? [];
    }

    /// <summary>CKA_VALUE (0x11): for a private key this must fail with CKR_ATTRIBUTE_SENSITIVE.</summary>
    public byte[] GetValue(ObjectHandle handle) => GetAttribute(handle, (ulong)CKA.CKA_VALUE);

    /// <summary>CKA_LABEL as text.</summary>
    public string GetLabel(ObjectHandle handle) => Encoding.UTF8.GetString(GetAttribute(handle, (ulong)CKA.CKA_LABEL));

    /// <summary>CKA_ID.</summary>
    public byte[] GetId(ObjectHandle handle) => GetAttribute(handle, (ulong)CKA.CKA_ID);

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
        List<IObjectAttribute> template =
        [
            Attributes.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
            Attributes.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
            Attributes.Create(CKA.CKA_TOKEN, true),
            Attributes.Create(CKA.CKA_PRIVATE, false),
            Attributes.Create(CKA.CKA_LABEL, label),
            Attributes.Create(CKA.CKA_ID, id.ToArray()),
            Attributes.Create(CKA.CKA_SUBJECT, subject),
            Attributes.Create(CKA.CKA_ISSUER, issuer),
            Attributes.Create(CKA.CKA_SERIAL_NUMBER, serial),
            Attributes.Create(CKA.CKA_VALUE, derCertificate.ToArray()),
        ];
        return new ObjectHandle(Pkcs11Module.Call(() => Session.CreateObject(template)).ObjectId);
    }

    /// <summary>Every CKO_CERTIFICATE object visible to the session, with label, id and DER value.</summary>
    public IReadOnlyList<TokenCertificate> ReadCertificates() =>
        [.. FindObjects(ObjectClass.Certificate).Select(h => new TokenCertificate(h, GetLabel(h), GetId(h), GetValue(h)))];

    /// <summary>C_DestroyObject (PKCS#11 v2.40 §5.7).</summary>
    public void DestroyObject(ObjectHandle handle) => Pkcs11Module.Call(() => Session.DestroyObject(Interop(handle)));

    /// <summary>
    /// C_SignInit + C_Sign (PKCS#11 v2.40 §5.11). For <see cref="MechanismType.Ecdsa"/> the caller passes the
    /// hash and gets raw r||s (Mechanisms §2.3.1); <see cref="EcdsaSignature.ToDer"/> converts it for X.509/CMS.
    /// For <see cref="MechanismType.RsaPkcs"/> the caller passes a DigestInfo; <see cref="MechanismType.Sha256RsaPkcs"/> hashes on the token.
    /// </summary>
    public byte[] Sign(ObjectHandle privateKey, MechanismType mechanism, ReadOnlySpan<byte> data)
    {
        var input = data.ToArray();
        var ckMechanism = Pkcs11Module.Factories.MechanismFactory.Create((ulong)mechanism);
        return Pkcs11Module.Call(() => Session.Sign(ckMechanism, Interop(privateKey), input));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            // C_CloseSession (PKCS#11 v2.40 §5.6); a session the token already dropped (card removed) is closed anyway.
            _session.Dispose();
        }
        catch (Net.Pkcs11Interop.Common.Pkcs11Exception)
        {
        }
    }

    private static IObjectHandle Interop(ObjectHandle handle) => Pkcs11Module.Factories.ObjectHandleFactory.Create(handle.Value);

    private static List<IObjectAttribute> PrivateKeyTemplate(CKK keyType, string label, ReadOnlySpan<byte> id) =>
    [
        Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
        Attributes.Create(CKA.CKA_KEY_TYPE, keyType),
        Attributes.Create(CKA.CKA_TOKEN, true),
        Attributes.Create(CKA.CKA_PRIVATE, true),
        Attributes.Create(CKA.CKA_SENSITIVE, true),
        Attributes.Create(CKA.CKA_EXTRACTABLE, false),
        Attributes.Create(CKA.CKA_SIGN, true),
        Attributes.Create(CKA.CKA_LABEL, label),
        Attributes.Create(CKA.CKA_ID, id.ToArray()),
    ];

    private (ObjectHandle Public, ObjectHandle Private) GenerateKeyPair(MechanismType mechanism, List<IObjectAttribute> publicTemplate, List<IObjectAttribute> privateTemplate)
    {
        var ckMechanism = Pkcs11Module.Factories.MechanismFactory.Create((ulong)mechanism);
        IObjectHandle? publicKey = null, privateKey = null;
        Pkcs11Module.Call(() => Session.GenerateKeyPair(ckMechanism, publicTemplate, privateTemplate, out publicKey, out privateKey));
        return (new ObjectHandle(publicKey!.ObjectId), new ObjectHandle(privateKey!.ObjectId));
    }

    /// <summary>CKA_SENSITIVE true or CKA_EXTRACTABLE false, where the object has them (keys do; certificates do not).</summary>
    private bool IsSensitiveOrUnextractable(ObjectHandle handle)
    {
        var flags = Pkcs11Module.Call(() => Session.GetAttributeValue(Interop(handle), [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE]));
        return (!flags[0].CannotBeRead && flags[0].GetValueAsBool()) || (!flags[1].CannotBeRead && !flags[1].GetValueAsBool());
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
