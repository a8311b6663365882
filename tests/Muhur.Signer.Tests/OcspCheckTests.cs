using Muhur.Pki.Ocsp;
using Muhur.Pki.Revocation;

namespace Muhur.Signer.Tests;

/// <summary>
/// <see cref="OcspCheck"/> against OpenSSL's own responder (R-CARD-4, R-CARD-5): the status, revocation time and the
/// CRLReason of RevokedInfo (RFC 6960 §4.2.1, RFC 5280 §5.3.1) read from a real response. No card is involved.
/// </summary>
public sealed class OcspCheckTests : IDisposable
{
    private static readonly DateTimeOffset RevokedAt = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("muhur-imza-ocsp-").FullName;
    private readonly TestCertificateAuthority _ca = new("Mühür OCSP Test CA");

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("keyCompromise", CrlReason.KeyCompromise)]
    [InlineData("certificateHold", CrlReason.CertificateHold)]
    [InlineData("superseded", CrlReason.Superseded)]
    [InlineData("affiliationChanged", CrlReason.AffiliationChanged)]
    [InlineData("cessationOfOperation", CrlReason.CessationOfOperation)]
    public void Query_RevokedWithReasonInIndex_ReturnsTimeAndReason(string openSslReason, CrlReason expected)
    {
        // Arrange
        using var certificate = _ca.IssueSoftware("Zeynep Güneş", [0x30, 0x03]);
        using var responder = new OpenSslOcspResponder(_directory, _ca.CertificatePem, _ca.KeyPem,
            [OpenSslOcspResponder.Revoked(certificate, RevokedAt, openSslReason)]);

        // Act
        var answer = OcspCheck.Query(new Uri(responder.Url), certificate, _ca.Certificate, TimeSpan.FromSeconds(15));

        // Assert
        Assert.Equal(new OcspAnswer(OcspStatus.Revoked, RevokedAt, expected), answer);
    }

    [Fact]
    public void Query_RevokedWithoutReason_ReturnsNullReason()
    {
        // Arrange: revocationReason is OPTIONAL in RevokedInfo; OpenSSL omits it when the index gives none.
        using var certificate = _ca.IssueSoftware("Zeynep Güneş", [0x30, 0x04]);
        using var responder = new OpenSslOcspResponder(_directory, _ca.CertificatePem, _ca.KeyPem,
            [OpenSslOcspResponder.Revoked(certificate, RevokedAt, reason: null)]);

        // Act
        var answer = OcspCheck.Query(new Uri(responder.Url), certificate, _ca.Certificate, TimeSpan.FromSeconds(15));

        // Assert
        Assert.Equal(new OcspAnswer(OcspStatus.Revoked, RevokedAt, null), answer);
    }

    [Fact]
    public void Query_ValidInIndex_ReturnsGoodWithoutTimeOrReason()
    {
        // Arrange
        using var certificate = _ca.IssueSoftware("Zeynep Güneş", [0x30, 0x05]);
        using var responder = new OpenSslOcspResponder(_directory, _ca.CertificatePem, _ca.KeyPem, [OpenSslOcspResponder.Valid(certificate)]);

        // Act
        var answer = OcspCheck.Query(new Uri(responder.Url), certificate, _ca.Certificate, TimeSpan.FromSeconds(15));

        // Assert
        Assert.Equal(new OcspAnswer(OcspStatus.Good, null, null), answer);
    }

    [Fact]
    public void Query_NobodyListening_ThrowsTurkishConnectionRefusedWithHttpInnerException()
    {
        // Arrange
        using var certificate = _ca.IssueSoftware("Zeynep Güneş", [0x30, 0x06]);
        var url = new Uri($"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/");

        // Act
        var failure = Assert.Throws<SignerException>(() => OcspCheck.Query(url, certificate, _ca.Certificate, TimeSpan.FromSeconds(15)));

        // Assert: the doctor tells a network failure from a bad answer by the inner exception.
        Assert.Equal($"OCSP sunucusuna ulaşılamadı ({url}): sunucu bağlantıyı reddetti (yanıtlayıcı çalışmıyor)", failure.Message);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }
}
