using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-CARD-5: /dogrula gives a valid / invalid / indeterminate verdict with its reason (ETSI EN 319 102-1).
public class DocumentVerificationTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("Rektörlük yazısı: 2026/114 sayılı karar — Çağrı, Ödeme, Işık");

    [Fact]
    public async Task Verify_AttachedSignatureOfOurQualifiedCertificate_IsValidWithSignerAndChain()
    {
        var (holder, _) = await CadesTestSigner.HolderAsync(app, "10000000146", "Doğrulama 1");

        var html = await PostAsync(CadesTestSigner.Sign(Document, holder), null);

        Assert.Contains("GEÇERLİ", html, StringComparison.Ordinal);
        Assert.Contains("İmza Sahibi", html, StringComparison.Ordinal);
        Assert.Contains("*********46", html, StringComparison.Ordinal);
        Assert.DoesNotContain("10000000146", html, StringComparison.Ordinal);
        Assert.Contains("Mühür Kök Sertifika Hizmet Sağlayıcısı", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DetachedWithItsFile_IsValidAndWithAChangedFileIsInvalid()
    {
        var (holder, _) = await CadesTestSigner.HolderAsync(app, "12345678950", "Doğrulama 2");
        var signature = CadesTestSigner.Sign(Document, holder, detached: true);
        var changed = Document.ToArray();
        changed[^1] ^= 1;

        var valid = await PostAsync(signature, Document);
        var invalid = await PostAsync(signature, changed);
        var missing = await PostAsync(signature, null);

        Assert.Contains("GEÇERLİ", valid, StringComparison.Ordinal);
        Assert.Contains("GEÇERSİZ", invalid, StringComparison.Ordinal);
        Assert.Contains("dosya değiştirilmiş", invalid, StringComparison.Ordinal);
        Assert.Contains("BELİRSİZ", missing, StringComparison.Ordinal);
        Assert.Contains("imzalanan dosyayı da yükleyin", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CertificateRevokedAfterSigning_IsIndeterminateWithoutTimestamp()
    {
        var (holder, issued) = await CadesTestSigner.HolderAsync(app, "11111111110", "Doğrulama 3");
        var signature = CadesTestSigner.Sign(Document, holder);
        await Task.Delay(1100); // revocation times are whole seconds
        await CaTestSupport.ChangeAsync(app, issued.Serial, StatusChangeKind.Revoke, X509RevocationReason.KeyCompromise);

        var html = await PostAsync(signature, null);

        Assert.Contains("BELİRSİZ", html, StringComparison.Ordinal);
        Assert.Contains("zaman damgası", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CertificateRevokedBeforeSigning_IsInvalid()
    {
        var (holder, issued) = await CadesTestSigner.HolderAsync(app, "99000000042", "Doğrulama 4");
        await CaTestSupport.ChangeAsync(app, issued.Serial, StatusChangeKind.Revoke, X509RevocationReason.KeyCompromise);
        await Task.Delay(1100);

        var html = await PostAsync(CadesTestSigner.Sign(Document, holder), null);

        Assert.Contains("GEÇERSİZ", html, StringComparison.Ordinal);
        Assert.Contains("imzadan önce", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ForeignCertificateOrGarbage_IsIndeterminateOrInvalid()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var foreign = new CertificateRequest("CN=Başka SHS", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var notOurs = await PostAsync(CadesTestSigner.Sign(Document, foreign), null);
        var garbage = await PostAsync(Encoding.UTF8.GetBytes("bu bir imza değil"), null);

        Assert.Contains("BELİRSİZ", notOurs, StringComparison.Ordinal);
        Assert.Contains("Mühür tarafından verilmemiş", notOurs, StringComparison.Ordinal);
        Assert.Contains("GEÇERSİZ", garbage, StringComparison.Ordinal);
        Assert.Contains("okunamadı", garbage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PdfSignedWithPadesByMuhurImza_IsValidAndChangedOrAppendedIsInvalid()
    {
        // Arrange: R-CARD-5, a PDF signed by muhur-imza's PAdES code with a certificate our CA issued.
        var (holder, _) = await CadesTestSigner.HolderAsync(app, "10000000078", "Doğrulama PDF");
        using var key = holder.GetECDsaPrivateKey()!;
        var signed = Muhur.Signer.PadesSignature.Sign(Muhur.Signer.Tests.TestPdf.Create("Karar 2026/114: 100 TL"), holder, key, "Onay");
        var changed = signed.ToArray();
        var at = changed.AsSpan().IndexOf("100 TL"u8);
        changed[at] = (byte)'9';
        var appended = signed.Concat(Encoding.ASCII.GetBytes("9 0 obj\n(ek)\nendobj\n%%EOF\n")).ToArray();

        // Act
        var valid = await PostAsync(signed, null, "karar.pdf");
        var tampered = await PostAsync(changed, null, "karar.pdf");
        var extended = await PostAsync(appended, null, "karar.pdf");
        var unsigned = await PostAsync(Muhur.Signer.Tests.TestPdf.Create("imzasız"), null, "taslak.pdf");

        // Assert
        Assert.Contains("GEÇERLİ", valid, StringComparison.Ordinal);
        Assert.Contains("*********78", valid, StringComparison.Ordinal);
        Assert.Contains("Mühür Kök Sertifika Hizmet Sağlayıcısı", valid, StringComparison.Ordinal);
        Assert.Contains("GEÇERSİZ", tampered, StringComparison.Ordinal);
        Assert.Contains("dosya değiştirilmiş", tampered, StringComparison.Ordinal);
        Assert.Contains("GEÇERSİZ", extended, StringComparison.Ordinal);
        Assert.Contains("imzalandıktan sonra değiştirilmiş", extended, StringComparison.Ordinal);
        Assert.Contains("PDF&#x27;te elektronik imza yok", unsigned, StringComparison.Ordinal);
    }

    private async Task<string> PostAsync(byte[] signature, byte[]? content, string fileName = "belge.p7s")
    {
        var client = app.CreateBrowserLikeClient();
        var token = MuhurAppFactory.AntiforgeryToken(await client.GetStringAsync("/dogrula"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var signaturePart = new ByteArrayContent(signature);
        signaturePart.Headers.ContentType = new MediaTypeHeaderValue("application/pkcs7-signature");
        form.Add(signaturePart, "signature", fileName);
        if (content is not null)
        {
            form.Add(new ByteArrayContent(content), "content", "belge.txt");
        }

        var response = await client.PostAsync("/dogrula", form);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
