using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Muhur.SmartCard.Tests;

[Collection(SoftHsmTestGroup.Name)]
public sealed class SoftHsmTests(SoftHsmFixture hsm)
{
    [Fact]
    public void GetSlots_SoftHsm_ListsInitializedTokenWithItsInfo()
    {
        // Act
        var slots = hsm.Module.GetSlots(tokenPresent: true);
        var token = hsm.Module.GetTokenInfo(hsm.TokenSlot);

        // Assert
        var slot = Assert.Single(slots, s => s.SlotId == hsm.TokenSlot);
        Assert.True(slot.Flags.HasFlag(SlotState.TokenPresent));
        Assert.Equal("SoftHSM project", slot.Manufacturer);
        Assert.StartsWith("muhur-test-", token.Label, StringComparison.Ordinal);
        Assert.Equal("SoftHSM project", token.Manufacturer);
        Assert.Equal("SoftHSM v2", token.Model);
        Assert.NotEmpty(token.SerialNumber);
        Assert.NotEmpty(Directory.GetDirectories(hsm.TokenDirectory)); // the fixture's own token store, not /var/lib/softhsm
    }

    [Fact]
    public void GetMechanisms_SoftHsm_IncludesKeyGenerationAndSigning()
    {
        // Act
        var mechanisms = hsm.Module.GetMechanisms(hsm.TokenSlot);

        // Assert
        Assert.Contains(MechanismType.RsaPkcsKeyPairGen, mechanisms);
        Assert.Contains(MechanismType.Sha256RsaPkcs, mechanisms);
        Assert.Contains(MechanismType.EcKeyPairGen, mechanisms);
        Assert.Contains(MechanismType.Ecdsa, mechanisms);
    }

    [Fact]
    public void InitTokenAndInitPin_SpareSlot_TokenInitializedAndUserPinWorks()
    {
        // Arrange: SoftHSM always offers one uninitialized token.
        Assert.Contains(hsm.Module.GetSlots(tokenPresent: true), s => !hsm.Module.GetTokenInfo(s.SlotId).Flags.HasFlag(TokenState.TokenInitialized));

        // Act
        var slot = hsm.InitFreshToken("init");

        // Assert
        var info = hsm.Module.GetTokenInfo(slot);
        Assert.StartsWith("init-", info.Label, StringComparison.Ordinal);
        Assert.True(info.Flags.HasFlag(TokenState.TokenInitialized));
        Assert.True(info.Flags.HasFlag(TokenState.UserPinInitialized));
        Assert.True(info.Flags.HasFlag(TokenState.LoginRequired));
        using var session = hsm.Module.OpenSession(slot, readWrite: false);
        session.Login(UserType.User, SoftHsmFixture.UserPin);
    }

    [Fact]
    public void Login_WrongPin_ThrowsPinIncorrect()
    {
        // Arrange
        using var session = hsm.Module.OpenSession(hsm.TokenSlot, readWrite: false);

        // Act
        var error = Assert.Throws<Pkcs11Exception>(() => session.Login(UserType.User, "000000"));

        // Assert
        Assert.Equal(ReturnValues.PinIncorrect, error.Code);
        Assert.Equal("CKR_PIN_INCORRECT", error.Name);
        Assert.Equal("C_Login", error.Function);
    }

    [Fact]
    public void GetTokenInfo_InvalidSlot_ThrowsSlotIdInvalid()
    {
        // Act
        var error = Assert.Throws<Pkcs11Exception>(() => hsm.Module.GetTokenInfo(987_654_321));

        // Assert
        Assert.Equal("CKR_SLOT_ID_INVALID", error.Name);
    }

    [Fact]
    public void GenerateRsaKeyPair_NotLoggedIn_ThrowsUserNotLoggedIn()
    {
        // Arrange: private token objects need a user login (PKCS#11 v2.40 §4.1.4).
        using var session = hsm.Module.OpenSession(hsm.TokenSlot, readWrite: true);

        // Act
        var error = Assert.Throws<Pkcs11Exception>(() => session.GenerateRsaKeyPair(2048, "no-login", [9]));

        // Assert
        Assert.Equal(ReturnValues.UserNotLoggedIn, error.Code);
        Assert.Equal("CKR_USER_NOT_LOGGED_IN", error.Name);
    }

    [Fact]
    public void GenerateRsaKeyPair_LoggedIn_PrivateKeyOnTokenSensitiveAndSignsVerifiably()
    {
        // Arrange
        using var session = hsm.Module.OpenSession(hsm.TokenSlot, readWrite: true);
        session.Login(UserType.User, SoftHsmFixture.UserPin);
        byte[] id = [0x01, 0xA1];
        var data = "R-CARD-1 imza verisi / signed data"u8.ToArray();

        // Act
        var pair = session.GenerateRsaKeyPair(2048, "rsa-sign", id);
        var signature = session.Sign(pair.PrivateKeyHandle, MechanismType.Sha256RsaPkcs, data);

        // Assert: the key is a token object found by label and id, and its secret never leaves the token.
        Assert.Equal([pair.PrivateKeyHandle], session.FindObjects(ObjectClass.PrivateKey, "rsa-sign", id));
        Assert.True(session.GetBoolean(pair.PrivateKeyHandle, 0x103)); // CKA_SENSITIVE
        Assert.False(session.GetBoolean(pair.PrivateKeyHandle, 0x162)); // CKA_EXTRACTABLE
        // An RSA private key has no CKA_VALUE; its secret is CKA_PRIVATE_EXPONENT (PKCS#11 v2.40 Mechanisms §2.1.3).
        var sensitive = Assert.Throws<Pkcs11Exception>(() => session.GetAttribute(pair.PrivateKeyHandle, 0x123));
        Assert.Equal("CKR_ATTRIBUTE_SENSITIVE", sensitive.Name);
        using var rsa = pair.PublicKey.GetRSAPublicKey();
        Assert.NotNull(rsa);
        Assert.Equal(2048, rsa.KeySize);
        Assert.True(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        data[0] ^= 1;
        Assert.False(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Sign_RsaPkcsOverDigestInfo_VerifiesAsSha256Pkcs1()
    {
        // Arrange: CKM_RSA_PKCS signs a caller-built DigestInfo (PKCS#11 v2.40 Mechanisms §2.1.6; RFC 8017 §9.2).
        using var session = hsm.Module.OpenSession(hsm.TokenSlot, readWrite: true);
        session.Login(UserType.User, SoftHsmFixture.UserPin);
        var pair = session.GenerateRsaKeyPair(2048, "rsa-raw", [0x02]);
        var data = "DigestInfo"u8.ToArray();
        byte[] sha256Prefix = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

        // Act
        var signature = session.Sign(pair.PrivateKeyHandle, MechanismType.RsaPkcs, [.. sha256Prefix, .. SHA256.HashData(data)]);

        // Assert
        using var rsa = pair.PublicKey.GetRSAPublicKey();
        Assert.True(rsa!.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void GenerateEcP256KeyPair_LoggedIn_SignsHashVerifiableRawAndDer()
    {
        // Arrange
        using var session = hsm.Module.OpenSession(hsm.TokenSlot, readWrite: true);
        session.Login(UserType.User, SoftHsmFixture.UserPin);
        var hash = SHA256.HashData("R-CARD-1 EC"u8);

        // Act
        var pair = session.GenerateEcP256KeyPair("ec-sign", [0x03]);
        var raw = session.Sign(pair.PrivateKeyHandle, MechanismType.Ecdsa, hash);

        // Assert
        var sensitive = Assert.Throws<Pkcs11Exception>(() => session.GetValue(pair.PrivateKeyHandle));
        Assert.Equal(ReturnValues.AttributeSensitive, sensitive.Code);
        Assert.Equal("1.2.840.10045.2.1", pair.PublicKey.Oid.Value);
        using var ecdsa = pair.PublicKey.GetECDsaPublicKey();
        Assert.NotNull(ecdsa);
        Assert.Equal(256, ecdsa.KeySize);
        Assert.Equal(64, raw.Length);
        Assert.True(ecdsa.VerifyHash(hash, raw, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.True(ecdsa.VerifyHash(hash, EcdsaSignature.ToDer(raw), DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Sign_UnknownMechanism_ThrowsMechanismInvalid()
    {
        // Arrange
        using var session = hsm.Module.OpenSession(hsm.TokenSlot, readWrite: true);
        session.Login(UserType.User, SoftHsmFixture.UserPin);
        var pair = session.GenerateEcP256KeyPair("ec-wrong-mech", [0x04]);

        // Act: a vendor-range mechanism number SoftHSM does not implement (PKCS#11 v2.40 §5.11 C_SignInit).
        var error = Assert.Throws<Pkcs11Exception>(() => session.Sign(pair.PrivateKeyHandle, (MechanismType)0x8000_7777, [1, 2, 3]));

        // Assert
        Assert.Equal("C_SignInit", error.Function);
        Assert.Equal("CKR_MECHANISM_INVALID", error.Name);
    }

    [Fact]
    public void CreateCertificateObject_CertificateForTokenKey_ReadBackUnchanged()
    {
        // Arrange: a certificate for the token's public key, signed by a throwaway issuer key in .NET.
        using var session = hsm.Module.OpenSession(hsm.TokenSlot, readWrite: true);
        session.Login(UserType.User, SoftHsmFixture.UserPin);
        byte[] id = [0x05, 0x55];
        var pair = session.GenerateEcP256KeyPair("cert-key", id);
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=Ayşe Yılmaz, SERIALNUMBER=TCKN12345678901"), pair.PublicKey, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(
            new X500DistinguishedName("CN=Mühür Test CA"),
            X509SignatureGenerator.CreateForECDsa(issuerKey),
            now.AddMinutes(-1),
            now.AddYears(1),
            [0x42, 0x17]);

        // Act
        var handle = session.CreateCertificateObject(certificate.RawData, "cert", id);
        var stored = Assert.Single(session.ReadCertificates(), c => c.Label == "cert");

        // Assert
        Assert.Equal(handle, stored.Handle);
        Assert.Equal(id, stored.Id);
        Assert.Equal(certificate.RawData, stored.RawData);
        Assert.Equal(certificate.SubjectName.RawData, session.GetAttribute(handle, 0x101)); // CKA_SUBJECT
        var absent = Assert.Throws<Pkcs11Exception>(() => session.GetAttribute(handle, 0x120)); // CKA_MODULUS: no such attribute
        Assert.Equal("CKR_ATTRIBUTE_TYPE_INVALID", absent.Name);
        using var readBack = X509CertificateLoader.LoadCertificate(stored.RawData);
        Assert.Equal(pair.PublicKey.EncodedKeyValue.RawData, readBack.PublicKey.EncodedKeyValue.RawData);
    }

    [Fact]
    public void SetPin_LoggedInUser_NewPinWorksAndOldPinFails()
    {
        // Arrange: a token of its own, so the shared token's PIN stays as the other tests expect.
        var slot = hsm.InitFreshToken("setpin");
        using (var session = hsm.Module.OpenSession(slot, readWrite: true))
        {
            session.Login(UserType.User, SoftHsmFixture.UserPin);

            // Act
            session.SetPin(SoftHsmFixture.UserPin, "654321");
        }

        // Assert: closing the last session logged the user out (PKCS#11 v2.40 §5.6 C_CloseSession).
        using var next = hsm.Module.OpenSession(slot, readWrite: false);
        var error = Assert.Throws<Pkcs11Exception>(() => next.Login(UserType.User, SoftHsmFixture.UserPin));
        Assert.Equal("CKR_PIN_INCORRECT", error.Name);
        next.Login(UserType.User, "654321");
    }

    [Fact]
    public void SetPin_TooShortNewPin_ThrowsPinLenRange()
    {
        // Arrange
        var slot = hsm.InitFreshToken("pinlen");
        using var session = hsm.Module.OpenSession(slot, readWrite: true);
        session.Login(UserType.User, SoftHsmFixture.UserPin);

        // Act: SoftHSM's minimum PIN length is 4 (ulMinPinLen).
        var error = Assert.Throws<Pkcs11Exception>(() => session.SetPin(SoftHsmFixture.UserPin, "12"));

        // Assert
        Assert.Equal(ReturnValues.PinLenRange, error.Code);
        Assert.Equal("CKR_PIN_LEN_RANGE", error.Name);
        Assert.Equal(4UL, hsm.Module.GetTokenInfo(slot).MinPinLength);
    }
}
