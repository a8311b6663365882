using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;

namespace Muhur.Signer.Tests;

// R-APP-8, R-EONAY-1: sign-code --gonder signs on the card, posts { code, signature } to the portal's endpoint and
// prints the server's Turkish answer; a refusal is exit code 1 with the server's reason. Real SoftHSM2 card,
// a loopback HTTP server in the portal's place (the server side is in Muhur.Server.Tests' ESignedTests).
[Collection(SignerTokenGroup.Name)]
public sealed class SignCodeSubmissionTests
{
    private const string Module = SignerTokenFixture.ModulePath;

    [Fact]
    public async Task SignCode_SendAccepted_PrintsServerMessageAndPostsTheCms()
    {
        // Arrange
        string? body = null;
        string? path = null;
        using var server = new LoopbackHttpServer(async request =>
        {
            path = request.Url!.AbsolutePath;
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
            return (200, "application/json; charset=utf-8", """{"ok":true,"message":"İşleminiz Başarılıdır"}"""u8.ToArray());
        });
        var output = new StringWriter();
        var error = new StringWriter();

        // Act: the portal's root address; the endpoint's path is added.
        var exitCode = SignerCli.Run(
            ["sign-code", "ABCD-EFGH-JKMN", "--gonder", server.Url, "--pin", SignerTokenFixture.UserPin,
                "--slot", SignerTokenFixture.SlotOf(SignerTokenFixture.EcLabel).ToString(System.Globalization.CultureInfo.InvariantCulture), "--module", Module],
            output, error, _ => null);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal("İşleminiz Başarılıdır", output.ToString().Trim());
        Assert.Equal("/imzali-kod", path);
        using var json = JsonDocument.Parse(body!);
        Assert.Equal("ABCD-EFGH-JKMN", json.RootElement.GetProperty("code").GetString());
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(json.RootElement.GetProperty("signature").GetString()!));
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal("ABCD-EFGH-JKMN", Encoding.UTF8.GetString(cms.ContentInfo.Content));
    }

    [Fact]
    public void SignCode_SendRefused_ExitsOneWithTheServersTurkishReason()
    {
        // Arrange
        using var server = new LoopbackHttpServer(_ => Task.FromResult((409, "application/json",
            """{"ok":false,"error":"code_used","message":"Bu doğrulama kodu daha önce kullanılmış; bir kod yalnızca bir kez kullanılabilir."}"""u8.ToArray())));
        var output = new StringWriter();
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(
            ["sign-code", "ABCD-EFGH-JKMN", "--gonder", server.Url + "imzali-kod", "--pin", SignerTokenFixture.UserPin,
                "--slot", SignerTokenFixture.SlotOf(SignerTokenFixture.EcLabel).ToString(System.Globalization.CultureInfo.InvariantCulture), "--module", Module],
            output, error, _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("Bu doğrulama kodu daha önce kullanılmış", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void SignCode_SendToServerNobodyListensOn_ExitsOneSayingWhy()
    {
        // Arrange
        var url = $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/";
        var error = new StringWriter();

        // Act
        var exitCode = SignerCli.Run(
            ["sign-code", "ABCD-EFGH-JKMN", "--gonder", url, "--pin", SignerTokenFixture.UserPin,
                "--slot", SignerTokenFixture.SlotOf(SignerTokenFixture.EcLabel).ToString(System.Globalization.CultureInfo.InvariantCulture), "--module", Module],
            new StringWriter(), error, _ => null);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("İmza sunucuya gönderilemedi: sunucu bağlantıyı reddetti", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://portal.example/")]
    [InlineData("portal.example")]
    public void SignCode_SendWithInvalidAddress_ExitsTwoBeforeTheCardIsOpened(string address)
    {
        // Arrange
        var error = new StringWriter();

        // Act: no --module either; a wrong command line never reaches the card.
        var exitCode = SignerCli.Run(["sign-code", "ABCD-EFGH-JKMN", "--gonder", address], new StringWriter(), error, _ => throw new InvalidOperationException("no prompt"));

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("Geçersiz adres", error.ToString(), StringComparison.Ordinal);
    }
}
