using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Muhur.Pki.Authority;
using Muhur.Pki.Ocsp;
using Muhur.Pki.Revocation;
using Muhur.Pki.Tests.Support;
using Muhur.Pki.Verification;

namespace Muhur.Pki.Tests.Verification;

/// <summary>
/// R-CARD-5: the verification core the server's /dogrula and muhur-imza verify share, on signatures made with a
/// qualified certificate of a real hierarchy, with the hierarchy's own OCSP responder as the status source.
/// </summary>
public sealed class CadesVerifierTests : IClassFixture<CaFixture>, IDisposable
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("Karar 2026/114 — Çağrı, Ödeme, Işık");
    private readonly VerificationTestHierarchy _pki;

    public CadesVerifierTests(CaFixture ca)
    {
        _pki = new VerificationTestHierarchy(ca);
    }

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Verify_GoodDetachedSignature_IsValidWithChainAndStatus()
    {
        // Arrange
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: true, DateTimeOffset.UtcNow);

        // Act
        var result = await Verifier().VerifyAsync(signature, Content, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.Valid, result.Finding);
        Assert.Equal(SignatureVerdict.Valid, result.Verdict);
        Assert.Equal([_pki.Holder.RawData, _pki.Ca.Issuing.RawData, _pki.Ca.Root.RawData], result.Chain!.Select(c => c.RawData));
        Assert.Equal(CertificateStatusKind.Good, result.Status!.Kind);
    }

    [Fact]
    public async Task Verify_TamperedContent_IsInvalidContentChanged()
    {
        // Arrange
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: true, DateTimeOffset.UtcNow);
        var tampered = Content.ToArray();
        tampered[0] ^= 1;

        // Act
        var result = await Verifier().VerifyAsync(signature, tampered, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.ContentChanged, result.Finding);
        Assert.Equal(SignatureVerdict.Invalid, result.Verdict);
    }

    [Fact]
    public void MessageDigestMatches_OtherContent_IsFalseAndOwnContentTrue()
    {
        // Arrange
        var cms = new SignedCms();
        cms.Decode(VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: false, DateTimeOffset.UtcNow));
        var signer = cms.SignerInfos[0];

        // Act
        var other = CadesAttributes.MessageDigestMatches(signer, Encoding.UTF8.GetBytes("başka içerik"));
        var own = CadesAttributes.MessageDigestMatches(signer, Content);

        // Assert (RFC 5652 §11.2)
        Assert.False(other);
        Assert.True(own);
    }

    [Fact]
    public async Task Verify_DamagedSignatureValue_IsInvalidSignatureBrokenNotContentChanged()
    {
        // Arrange: the last byte of an attached CMS is inside the ECDSA signature value.
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: false, DateTimeOffset.UtcNow);
        signature[^1] ^= 0x01;

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.SignatureBroken, result.Finding);
    }

    [Fact]
    public async Task Verify_SigningCertificateV2WithWrongIssuerSerial_IsInvalidMismatch()
    {
        // Arrange: the right certHash, but issuerSerial names another serial of the same issuer (RFC 5035 §4).
        var attribute = VerificationTestHierarchy.SigningCertificateV2(SHA256.HashData(_pki.Holder.RawData), _pki.Holder.IssuerName, [0x01, 0x02, 0x03]);
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: false, DateTimeOffset.UtcNow, attribute);

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.SigningCertificateMismatch, result.Finding);
        Assert.Equal(SignatureVerdict.Invalid, result.Verdict);
    }

    [Fact]
    public async Task Verify_SigningCertificateV2WithWrongIssuerName_IsInvalidMismatch()
    {
        // Arrange
        var attribute = VerificationTestHierarchy.SigningCertificateV2(SHA256.HashData(_pki.Holder.RawData), _pki.Ca.Root.SubjectName,
            _pki.Holder.SerialNumberBytes.Span);
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: false, DateTimeOffset.UtcNow, attribute);

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.SigningCertificateMismatch, result.Finding);
    }

    [Fact]
    public async Task Verify_SigningCertificateV2WithWrongCertHash_IsInvalidMismatch()
    {
        // Arrange
        var attribute = VerificationTestHierarchy.SigningCertificateV2(SHA256.HashData(_pki.Ca.Issuing.RawData), _pki.Holder.IssuerName,
            _pki.Holder.SerialNumberBytes.Span);
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: false, DateTimeOffset.UtcNow, attribute);

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.SigningCertificateMismatch, result.Finding);
    }

    [Fact]
    public async Task Verify_WithoutSigningCertificateV2_IsInvalidMissing()
    {
        // Arrange
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: false, DateTimeOffset.UtcNow, withSigningCertificateV2: false);

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.SigningCertificateMissing, result.Finding);
    }

    [Fact]
    public async Task Verify_WithoutSigningTime_IsInvalidSigningTimeMissing()
    {
        // Arrange: CAdES baseline (ETSI EN 319 122-1 §6.3) carries the claimed signing time.
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: false, signingTime: null);

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.SigningTimeMissing, result.Finding);
        Assert.Equal(SignatureVerdict.Invalid, result.Verdict);
    }

    [Fact]
    public async Task Verify_ForeignChain_IsIndeterminateNotChained()
    {
        // Arrange: a self-signed "CA" of the same name issues the signer certificate.
        using var foreignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var foreign = new CertificateRequest(_pki.Ca.Issuing.SubjectName, foreignKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var signature = VerificationTestHierarchy.Sign(Content, foreign, detached: false, DateTimeOffset.UtcNow);

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert (ETSI EN 319 102-1 NO_CERTIFICATE_CHAIN_FOUND)
        Assert.Equal(SignatureFinding.NotChained, result.Finding);
        Assert.Equal(SignatureVerdict.Indeterminate, result.Verdict);
        Assert.NotNull(result.ChainProblem);
    }

    [Fact]
    public void IsQualified_IssuedHolderAndCertificatesWithoutQcComplianceOrNonRepudiation_OnlyTheHolder()
    {
        // Arrange
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var withoutQc = new CertificateRequest("CN=Nitelikli Değil", key, HashAlgorithmName.SHA256);
        withoutQc.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.NonRepudiation, true));
        using var noQcStatements = withoutQc.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var withoutNonRepudiation = new CertificateRequest("CN=Yalnız Kimlik Doğrulama", key, HashAlgorithmName.SHA256);
        withoutNonRepudiation.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        withoutNonRepudiation.CertificateExtensions.Add(_pki.Holder.Extensions[PkiOids.QcStatements]!);
        using var authenticationOnly = withoutNonRepudiation.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Act / Assert (ETSI EN 319 412-2 §4.3.2, EN 319 412-5 §4.2.1)
        Assert.True(SignerCertificate.IsQualified(_pki.Holder));
        Assert.False(SignerCertificate.IsQualified(noQcStatements));
        Assert.False(SignerCertificate.IsQualified(authenticationOnly));
    }

    [Fact]
    public async Task Verify_SigningTimeAfterNotAfter_IsInvalidOutsideValidity()
    {
        // Arrange
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: false, _pki.Holder.NotAfter.ToUniversalTime().AddDays(1));

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.OutsideValidity, result.Finding);
    }

    [Theory]
    [InlineData(CrlReason.KeyCompromise)]
    [InlineData(CrlReason.CertificateHold)]
    public async Task Verify_RevokedOrSuspendedBeforeSigning_IsInvalidWithTheReason(CrlReason reason)
    {
        // Arrange
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var holder = _pki.Issue(key);
        var revokedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        _pki.SetStatus(holder, CertStatusInfo.Revoked(revokedAt, reason));
        var signature = VerificationTestHierarchy.Sign(Content, holder, detached: false, DateTimeOffset.UtcNow);

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert (RFC 5280 §5.3.1: a hold suspends like a revocation)
        Assert.Equal(SignatureFinding.RevokedBeforeSigning, result.Finding);
        Assert.Equal(SignatureVerdict.Invalid, result.Verdict);
        Assert.Equal(reason == CrlReason.CertificateHold, result.Status!.IsSuspension);
    }

    [Fact]
    public async Task Verify_RevokedAfterClaimedSigningTime_IsIndeterminate()
    {
        // Arrange
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var holder = _pki.Issue(key);
        _pki.SetStatus(holder, CertStatusInfo.Revoked(DateTimeOffset.UtcNow.AddMinutes(-1), CrlReason.KeyCompromise));
        var signature = VerificationTestHierarchy.Sign(Content, holder, detached: false, DateTimeOffset.UtcNow.AddMinutes(-5));

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert (ETSI EN 319 102-1 §5.2.6 REVOKED_NO_POE)
        Assert.Equal(SignatureFinding.RevokedAfterSigning, result.Finding);
        Assert.Equal(SignatureVerdict.Indeterminate, result.Verdict);
    }

    [Fact]
    public async Task Verify_DetachedSignatureWithoutContent_IsIndeterminateContentMissing()
    {
        // Arrange
        var signature = VerificationTestHierarchy.Sign(Content, _pki.Holder, detached: true, DateTimeOffset.UtcNow);

        // Act
        var result = await Verifier().VerifyAsync(signature, null, CancellationToken.None);

        // Assert
        Assert.Equal(SignatureFinding.ContentMissing, result.Finding);
    }

    private CadesVerifier Verifier() => new(_pki.Trust, _pki.Responder());
}
