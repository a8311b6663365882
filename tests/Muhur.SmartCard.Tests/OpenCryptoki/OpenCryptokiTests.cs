using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Muhur.SmartCard.Tests.OpenCryptoki;

/// <summary>
/// The binding against a second, independent PKCS#11 implementation: openCryptoki's soft token, which, unlike
/// SoftHSM2, counts failed logins and locks the PIN after three, as a smart card does (R-CARD-3). The operations run
/// in <see cref="Muhur.Tests.OpenCryptoki.Pkcs11Probe"/> inside the token's sandbox; each run is a new process, like
/// a card taken out and put back, so the PIN state asserted here is the one the token stored.
/// </summary>
public sealed class OpenCryptokiTests(OpenCryptokiFixture fixture) : IClassFixture<OpenCryptokiFixture>
{
    private const string WrongPin = "000000";

    [Fact]
    public void InitToken_DefaultSoPin_TokenAndUserPinInitialized()
    {
        // Arrange
        var sandbox = fixture.NewSandbox();

        // Act: card production's steps (R-CARD-1) on a token openCryptoki has never seen.
        var lines = sandbox.Probe("init-token:87654321:kart-0001", "login-so:87654321", $"set-pin:87654321:{OpenCryptokiFixture.SoPin}",
            $"init-pin:{OpenCryptokiFixture.UserPin}", "logout", $"login-user:{OpenCryptokiFixture.UserPin}");

        // Assert
        Assert.All(lines, l => Assert.Equal("OK", l.Result));
        Assert.True(lines[0].Flags.HasFlag(TokenState.TokenInitialized));
        Assert.False(lines[0].Flags.HasFlag(TokenState.UserPinInitialized));
        // Until the SO PIN is changed from the default, openCryptoki flags it to be changed (CKF_SO_PIN_TO_BE_CHANGED).
        Assert.True(lines[1].Flags.HasFlag(TokenState.SoPinToBeChanged));
        Assert.False(lines[2].Flags.HasFlag(TokenState.SoPinToBeChanged));
        Assert.True(lines[3].Flags.HasFlag(TokenState.UserPinInitialized));
        // The token store is the sandbox's own, not the host's /var/lib/opencryptoki.
        Assert.True(File.Exists(Path.Combine(sandbox.Directory, "lib", "swtok", "NVTOK.DAT")));
    }

    [Fact]
    public void Login_TwoWrongUserPins_CountLowThenFinalTry()
    {
        // Arrange
        var sandbox = fixture.NewToken("iki-hata");

        // Act
        var lines = sandbox.Probe($"login-user:{WrongPin}", $"login-user:{WrongPin}");

        // Assert: PKCS#11 v2.40 §3.2 CK_TOKEN_INFO: COUNT_LOW after a failure, FINAL_TRY when one try is left.
        Assert.Equal("CKR_PIN_INCORRECT", lines[0].Result);
        Assert.True(lines[0].Flags.HasFlag(TokenState.UserPinCountLow));
        Assert.False(lines[0].Flags.HasFlag(TokenState.UserPinFinalTry));
        Assert.Equal("CKR_PIN_INCORRECT", lines[1].Result);
        Assert.True(lines[1].Flags.HasFlag(TokenState.UserPinFinalTry));
        Assert.False(lines[1].Flags.HasFlag(TokenState.UserPinLocked));
    }

    [Fact]
    public void Login_ThirdWrongUserPin_LocksAndRightPinIsThenRefusedAsPinLocked()
    {
        // Arrange
        var sandbox = fixture.NewToken("kilit");
        sandbox.Probe($"login-user:{WrongPin}", $"login-user:{WrongPin}");

        // Act: the third failure in a later run: the counter survived, as on a card.
        var third = sandbox.Probe($"login-user:{WrongPin}", $"login-user:{OpenCryptokiFixture.UserPin}");
        var later = sandbox.Probe($"login-user:{OpenCryptokiFixture.UserPin}");

        // Assert: openCryptoki answers the third wrong PIN with CKR_PIN_INCORRECT and sets CKF_USER_PIN_LOCKED; from
        // then on every C_Login, with the right PIN too, is CKR_PIN_LOCKED (PKCS#11 v2.40 §5.1).
        Assert.Equal("CKR_PIN_INCORRECT", third[0].Result);
        Assert.True(third[0].Flags.HasFlag(TokenState.UserPinLocked));
        Assert.Equal("CKR_PIN_LOCKED", third[1].Result);
        Assert.Equal("CKR_PIN_LOCKED", Assert.Single(later).Result);
        Assert.True(later[0].Flags.HasFlag(TokenState.UserPinLocked));
    }

    [Fact]
    public void InitPin_SoLoginOnLockedToken_UnblocksAndOnlyTheNewPinLogsIn()
    {
        // Arrange: a locked user PIN.
        var sandbox = fixture.NewToken("coz");
        var locked = sandbox.Probe($"login-user:{WrongPin}", $"login-user:{WrongPin}", $"login-user:{WrongPin}");
        Assert.True(locked[2].Flags.HasFlag(TokenState.UserPinLocked));

        // Act: PKCS#11 v2.40 §5.6 C_InitPIN, as the SO, sets a new user PIN, which resets the failure counter.
        var unlock = sandbox.Probe($"login-so:{OpenCryptokiFixture.SoPin}", "init-pin:654321", "logout");
        var after = sandbox.Probe($"login-user:{OpenCryptokiFixture.UserPin}", "login-user:654321");

        // Assert
        Assert.All(unlock, l => Assert.Equal("OK", l.Result));
        Assert.False(unlock[1].Flags.HasFlag(TokenState.UserPinLocked));
        Assert.False(unlock[1].Flags.HasFlag(TokenState.UserPinCountLow));
        Assert.Equal("CKR_PIN_INCORRECT", after[0].Result);
        Assert.Equal("OK", after[1].Result);
        Assert.False(after[1].Flags.HasFlag(TokenState.UserPinCountLow));
    }

    [Fact]
    public void Login_ThreeWrongSoPins_SoPinLocked()
    {
        // Arrange
        var sandbox = fixture.NewToken("puk");

        // Act
        var lines = sandbox.Probe("login-so:00000000", "login-so:00000000", "login-so:00000000", $"login-so:{OpenCryptokiFixture.SoPin}");

        // Assert: the SO PIN (a card's PUK) has its own counter and flags (PKCS#11 v2.40 §3.2); the user PIN is untouched.
        Assert.True(lines[0].Flags.HasFlag(TokenState.SoPinCountLow));
        Assert.True(lines[1].Flags.HasFlag(TokenState.SoPinFinalTry));
        Assert.True(lines[2].Flags.HasFlag(TokenState.SoPinLocked));
        Assert.Equal("CKR_PIN_LOCKED", lines[3].Result);
        Assert.False(lines[3].Flags.HasFlag(TokenState.UserPinLocked));
    }

    [Fact]
    public void GetMechanisms_OpenCryptokiSoftToken_OffersRsaButNotEc()
    {
        // Arrange
        var sandbox = fixture.NewToken("mekanizma");

        // Act
        var lines = sandbox.Probe("mechanisms", $"login-user:{OpenCryptokiFixture.UserPin}", "gen-ec:ec:04");

        // Assert: openCryptoki 3.8's soft token has RSA but no elliptic curves, so its cards are RSA cards, and the
        // binding reports the missing mechanism as the typed CK_RV (PKCS#11 v2.40 §5.14 C_GenerateKeyPair).
        var mechanisms = lines[0].Value.Split(',')
            .Select(m => (MechanismType)ulong.Parse(m.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Contains(MechanismType.RsaPkcsKeyPairGen, mechanisms);
        Assert.Contains(MechanismType.RsaPkcs, mechanisms);
        Assert.Contains(MechanismType.Sha256, mechanisms);
        Assert.DoesNotContain(MechanismType.EcKeyPairGen, mechanisms);
        Assert.DoesNotContain(MechanismType.Ecdsa, mechanisms);
        Assert.Equal("CKR_MECHANISM_INVALID", lines[2].Result);
    }

    [Fact]
    public void GenerateRsaKeyPair_OpenCryptoki_SignatureVerifiesWithTheTokensPublicKey()
    {
        // Arrange
        var sandbox = fixture.NewToken("rsa");
        const string text = "R-CARD-1 openCryptoki imzası — ğüşıöç";

        // Act: the key is generated on the token; CKM_RSA_PKCS signs a SHA-256 DigestInfo (Mechanisms §2.1.6).
        var lines = sandbox.Probe($"login-user:{OpenCryptokiFixture.UserPin}", "gen-rsa:imza:03A1", $"sign-rsa:03A1:{text}");

        // Assert
        Assert.All(lines, l => Assert.Equal("OK", l.Result));
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(lines[1].Value), out _);
        Assert.Equal(2048, rsa.KeySize);
        var signature = Convert.FromBase64String(lines[2].Value);
        var data = Encoding.UTF8.GetBytes(text);
        Assert.True(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        data[0] ^= 1;
        Assert.False(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}
