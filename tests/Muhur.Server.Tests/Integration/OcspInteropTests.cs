using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-CA-3: the OCSP responder (RFC 6960) as OpenSSL's client sees it, over a real socket.
public class OcspInteropTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task OpenSslOcsp_Lifecycle_GoodRevokedUnknownAndGoodAfterHold()
    {
        var directory = await CaTestSupport.WriteChainAsync(app);
        var leaf = await WriteLeafAsync(directory, "10000000146", "OCSP Yaşam Döngüsü");
        var held = await WriteLeafAsync(directory, "12345678950", "OCSP Askı");

        var good = await QueryAsync(directory, leaf.Path);
        var heldGood = await QueryAsync(directory, held.Path);
        await CaTestSupport.ChangeAsync(app, leaf.Certificate.Serial, StatusChangeKind.Revoke, X509RevocationReason.KeyCompromise);
        await CaTestSupport.ChangeAsync(app, held.Certificate.Serial, StatusChangeKind.Suspend);
        var revoked = await QueryAsync(directory, leaf.Path);
        var onHold = await QueryAsync(directory, held.Path);
        await CaTestSupport.ChangeAsync(app, held.Certificate.Serial, StatusChangeKind.Reinstate);
        var lifted = await QueryAsync(directory, held.Path);
        var unknown = await Tool.OpenSslAsync(
            "ocsp", "-issuer", Path.Combine(directory, "issuing.pem"), "-serial", "0x7E57AB1E0000000000000001",
            "-url", app.BaseAddress + "/ocsp", "-CAfile", Path.Combine(directory, "chain.pem"));

        Assert.Contains(": good", good.Output, StringComparison.Ordinal);
        Assert.Contains("Response verify OK", good.All, StringComparison.Ordinal);
        Assert.DoesNotContain("nonce", good.All, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(": good", heldGood.Output, StringComparison.Ordinal);
        Assert.Contains(": revoked", revoked.Output, StringComparison.Ordinal);
        Assert.Contains("Reason: keyCompromise", revoked.Output, StringComparison.Ordinal);
        Assert.Contains(": revoked", onHold.Output, StringComparison.Ordinal);
        Assert.Contains("Reason: certificateHold", onHold.Output, StringComparison.Ordinal);
        Assert.Contains(": good", lifted.Output, StringComparison.Ordinal);
        Assert.Contains("Response verify OK", lifted.All, StringComparison.Ordinal);
        Assert.Contains("0x7E57AB1E0000000000000001: unknown", unknown.Output, StringComparison.Ordinal);
        Assert.Contains("Response verify OK", unknown.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslOcsp_SeveralCertificatesInOneRequest_AnswersEach()
    {
        var directory = await CaTestSupport.WriteChainAsync(app);
        var first = await WriteLeafAsync(directory, "11111111110", "Çoklu Bir");
        var second = await WriteLeafAsync(directory, "99000000042", "Çoklu İki");
        await CaTestSupport.ChangeAsync(app, second.Certificate.Serial, StatusChangeKind.Revoke, X509RevocationReason.Superseded);

        var result = await Tool.OpenSslAsync(
            "ocsp", "-issuer", Path.Combine(directory, "issuing.pem"), "-cert", first.Path, "-cert", second.Path,
            "-url", app.BaseAddress + "/ocsp", "-CAfile", Path.Combine(directory, "chain.pem"));

        Assert.Contains(first.Path + ": good", result.Output, StringComparison.Ordinal);
        Assert.Contains(second.Path + ": revoked", result.Output, StringComparison.Ordinal);
        Assert.Contains("Reason: superseded", result.Output, StringComparison.Ordinal);
        Assert.Contains("Response verify OK", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Base64RequestInPath_IsServedAgainUntilItsOwnStatusChanges()
    {
        var directory = await CaTestSupport.WriteChainAsync(app);
        var leaf = await WriteLeafAsync(directory, "10000000146", "GET Üniversitesi");
        var request = Path.Combine(directory, "get.req");
        await Tool.OpenSslAsync("ocsp", "-no_nonce", "-issuer", Path.Combine(directory, "issuing.pem"), "-cert", leaf.Path, "-reqout", request);
        var path = "/ocsp/" + Uri.EscapeDataString(Convert.ToBase64String(await File.ReadAllBytesAsync(request)));
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseAddress) };

        var first = await client.GetByteArrayAsync(path);
        var second = await client.GetByteArrayAsync(path);
        await CaTestSupport.IssueAsync(app, "11111111110", "Başka Bir Kurum");
        var afterUnrelatedIssuance = await client.GetByteArrayAsync(path);
        await CaTestSupport.ChangeAsync(app, leaf.Certificate.Serial, StatusChangeKind.Suspend);
        var afterChange = await client.GetByteArrayAsync(path);
        var text = await ReadResponseAsync(directory, afterChange, leaf.Path);

        Assert.Equal(first, second); // served from the cache: same producedAt, same signature
        Assert.Equal(first, afterUnrelatedIssuance); // another certificate's change leaves this answer valid
        Assert.NotEqual(first, afterChange);
        Assert.Contains(": revoked", text.Output, StringComparison.Ordinal);
        Assert.Contains("certificateHold", text.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("3003020101")]
    [InlineData("DEADBEEF")]
    public async Task Post_MalformedRequest_GetsMalformedRequestNever500(string hex)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseAddress) };
        using var content = new ByteArrayContent(Convert.FromHexString(hex));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");

        var response = await client.PostAsync("/ocsp", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ocsp-response", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Convert.FromHexString("30030A0101"), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_OversizedRequest_GetsMalformedRequest()
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseAddress) };
        using var content = new ByteArrayContent(new byte[1024 * 1024]);

        var response = await client.PostAsync("/ocsp", content);

        Assert.Equal(Convert.FromHexString("30030A0101"), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/ocsp/not-base64!!")]
    [InlineData("/ocsp/AAAA")]
    public async Task Get_GarbageInPath_GetsMalformedRequest(string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseAddress) };

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Convert.FromHexString("30030A0101"), await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<(string Path, IssuedCertificate Certificate)> WriteLeafAsync(string directory, string nationalId, string institution)
    {
        var certificate = await CaTestSupport.IssueAsync(app, nationalId, institution);
        var path = Path.Combine(directory, $"{certificate.SerialHex}.pem");
        await File.WriteAllTextAsync(path, CaTestSupport.Pem(certificate.Der));
        return (path, certificate);
    }

    private Task<Tool.Result> QueryAsync(string directory, string leaf) =>
        Tool.OpenSslAsync(
            "ocsp", "-issuer", Path.Combine(directory, "issuing.pem"), "-cert", leaf,
            "-url", app.BaseAddress + "/ocsp", "-CAfile", Path.Combine(directory, "chain.pem"));

    private static async Task<Tool.Result> ReadResponseAsync(string directory, byte[] response, string leaf)
    {
        var file = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".resp");
        await File.WriteAllBytesAsync(file, response);
        return await Tool.OpenSslAsync(
            "ocsp", "-respin", file, "-issuer", Path.Combine(directory, "issuing.pem"), "-cert", leaf, "-CAfile", Path.Combine(directory, "chain.pem"));
    }
}
