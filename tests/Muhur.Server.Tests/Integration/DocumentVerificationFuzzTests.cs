using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.Signatures;
using Muhur.Server.Tests.Infrastructure;
using Muhur.Signer.Tests;
using Xunit.Abstractions;

namespace Muhur.Server.Tests.Integration;

// R-CARD-5: whatever is uploaded to /dogrula gets a verdict or a Turkish refusal, never a 500: crafted files an attacker
// would try, then thousands of damaged copies of good CAdES and PAdES signatures.
public class DocumentVerificationFuzzTests(MuhurAppFactory app, ITestOutputHelper output) : IClassFixture<MuhurAppFactory>
{
    private const int Seed = 20261129;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("Fakülte kurulu kararı 2026/7 — Çiğdem Öztürk, Işıl Şahin");

    [Fact]
    public async Task Verify_SigningTimeOfMonth13_IsInvalidSigningTimeMalformed()
    {
        // Arrange: our own holder signed a signing-time that is no time at all.
        var (holder, _) = await CadesTestSigner.HolderAsync(app, "10000000146", "Bozuk Zaman");
        var signature = SignatureMutations.CadesWithSigningTime(Document, holder, SignatureMutations.Month13, detached: false);

        // Act
        var result = await VerifyAsync(verify => verify.RunAsync(signature, null, CancellationToken.None));

        // Assert
        Assert.Equal(DocumentVerdict.Invalid, result.Verdict);
        Assert.Equal("Verify_SigningTimeMalformed", result.ReasonKey);
        Assert.Equal(holder.SerialNumber, result.CertificateSerial);
    }

    [Fact]
    public async Task Verify_SignerWithMultiValuedRdn_IsIndeterminateNotOursWithItsSerialNumberMasked()
    {
        // Arrange
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = SignatureMutations.MultiValuedRdnCertificate(key);

        // Act
        var result = await VerifyAsync(verify => verify.RunAsync(CadesTestSigner.Sign(Document, signer), null, CancellationToken.None));

        // Assert
        Assert.Equal(DocumentVerdict.Indeterminate, result.Verdict);
        Assert.Equal("Verify_NotOurs", result.ReasonKey);
        Assert.Equal("*********50", result.SignerIdentifier);
    }

    [Fact]
    public async Task Verify_PdfWhoseContentsClaimsDerLength7FFFFFFF_IsInvalidMalformed()
    {
        // Arrange
        var signed = await SignedPdfAsync("10000000078", "Dev Uzunluk");
        var crafted = SignatureMutations.PdfWithHugeDerLength(signed);

        // Act
        var results = await VerifyAsync(verify => verify.RunPdfAsync(crafted, CancellationToken.None));

        // Assert
        var result = Assert.Single(results);
        Assert.Equal(DocumentVerdict.Invalid, result.Verdict);
        Assert.Equal("Verify_Malformed", result.ReasonKey);
    }

    [Fact]
    public async Task Post_CraftedUploads_AnswerOkWithATurkishVerdict()
    {
        // Arrange: the uploads that once made /dogrula answer 500 (where a flip lands depends on the fresh key and
        // certificate, so that one may be read as malformed, broken or without a signer: any reasoned verdict).
        var (holder, _) = await CadesTestSigner.HolderAsync(app, "12345678950", "Saldırgan Dosyalar");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var multiValued = SignatureMutations.MultiValuedRdnCertificate(key);
        var flipped = CadesTestSigner.Sign(Document, holder);
        for (var i = flipped.Length / 3; i < flipped.Length; i += 97)
        {
            flipped[i] ^= 0x5A;
        }

        var uploads = new (string Name, byte[] Bytes, string FileName, string Expected)[]
        {
            ("flipped CAdES", flipped, "belge.p7s", "<h2>GEÇERSİZ</h2>|<h2>BELİRSİZ</h2>"),
            ("month 13", SignatureMutations.CadesWithSigningTime(Document, holder, SignatureMutations.Month13, detached: false), "belge.p7s", "imza zamanı (signing-time) geçerli bir zaman değil"),
            ("multi-valued RDN", CadesTestSigner.Sign(Document, multiValued), "belge.p7s", "Mühür tarafından verilmemiş"),
            ("DER length 0x7FFFFFFF", SignatureMutations.PdfWithHugeDerLength(await SignedPdfAsync("10000000146", "Saldırgan PDF")), "karar.pdf", "CAdES/CMS imzası olarak okunamadı"),
        };

        foreach (var (name, bytes, fileName, expected) in uploads)
        {
            // Act
            var (status, html) = await PostAsync(bytes, fileName);

            // Assert: the verifier's own reason, not the last-resort boundary's.
            var text = WebUtility.HtmlDecode(html);
            Assert.True(status == HttpStatusCode.OK, $"{name}: {status}");
            Assert.True(expected.Split('|').Any(e => text.Contains(e, StringComparison.Ordinal)), $"{name}: {System.Text.RegularExpressions.Regex.Match(text, "<section.*?</section>", System.Text.RegularExpressions.RegexOptions.Singleline).Value}");
            Assert.DoesNotContain("beklenmeyen bir sorun", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verify_ThousandsOfDamagedCadesAndPades_EveryOneGetsAVerdictAndNoExceptionEscapes()
    {
        // Arrange: good attached, detached and PAdES signatures of our own holder, valid as they are.
        var (holder, _) = await CadesTestSigner.HolderAsync(app, "99000000042", "Bulanık Test");
        var attached = CadesTestSigner.Sign(Document, holder);
        var detached = CadesTestSigner.Sign(Document, holder, detached: true);
        using var key = holder.GetECDsaPrivateKey()!;
        var pdf = Muhur.Signer.PadesSignature.Sign(Muhur.Signer.Tests.TestPdf.Create("Karar 2026/7"), holder, key, "Onay");
        await using var scope = app.Services.CreateAsyncScope();
        var verify = scope.ServiceProvider.GetRequiredService<VerifyDocumentSignature>();
        Assert.Equal(DocumentVerdict.Valid, (await verify.RunAsync(attached, null, CancellationToken.None)).Verdict);
        Assert.Equal(DocumentVerdict.Valid, (await verify.RunAsync(detached, Document, CancellationToken.None)).Verdict);
        Assert.Equal(DocumentVerdict.Valid, Assert.Single(await verify.RunPdfAsync(pdf, CancellationToken.None)).Verdict);
        var random = new Random(Seed);
        var failures = new List<string>();
        var verdicts = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        var cases = 0;

        // Act: 1200 attached, 1200 detached (with the file, or a damaged file), 1600 PAdES, in at most the budget.
        for (; cases < 4000 && clock.Elapsed < Budget; cases++)
        {
            var kind = cases < 1200 ? "attached" : cases < 2400 ? "detached" : "pades";
            try
            {
                IReadOnlyList<DocumentVerification> results = kind switch
                {
                    "attached" => [await verify.RunAsync(SignatureMutations.MutateDer(attached, random), null, CancellationToken.None)],
                    "detached" => [await verify.RunAsync(SignatureMutations.MutateDer(detached, random), random.Next(4) == 0 ? SignatureMutations.MutateDer(Document, random) : Document, CancellationToken.None)],
                    _ => await verify.RunPdfAsync(SignatureMutations.MutatePdf(pdf, random), CancellationToken.None),
                };
                foreach (var result in results)
                {
                    var bucket = $"{kind} {result.Verdict} {result.ReasonKey}";
                    verdicts[bucket] = verdicts.GetValueOrDefault(bucket) + 1;
                }
            }
            catch (Exception ex)
            {
                failures.Add($"case {cases} ({kind}): {ex.GetType().Name}: {ex.Message} {ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            }
        }

        output.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed}):");
        foreach (var (bucket, count) in verdicts.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {bucket}: {count}");
        }

        // Assert: every case had its verdict; the damage reached past the first checks, not only the decoder.
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases threw:\n" + string.Join('\n', failures.Take(20)));
        Assert.True(cases >= 1500, $"only {cases} cases in {clock.Elapsed}");
        var reasons = verdicts.Keys.Select(k => k.Split(' ')[2]).ToHashSet();
        Assert.Contains("Verify_Malformed", reasons);
        Assert.Contains("Verify_SignatureBroken", reasons);
        Assert.Contains("Verify_PdfMalformed", reasons);
    }

    private async Task<T> VerifyAsync<T>(Func<VerifyDocumentSignature, Task<T>> act)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<VerifyDocumentSignature>());
    }

    private async Task<byte[]> SignedPdfAsync(string nationalId, string institution)
    {
        var (holder, _) = await CadesTestSigner.HolderAsync(app, nationalId, institution);
        using var key = holder.GetECDsaPrivateKey()!;
        return Muhur.Signer.PadesSignature.Sign(Muhur.Signer.Tests.TestPdf.Create("Karar 2026/8"), holder, key, "Onay");
    }

    private async Task<(HttpStatusCode Status, string Html)> PostAsync(byte[] signature, string fileName)
    {
        var client = app.CreateBrowserLikeClient();
        var token = MuhurAppFactory.AntiforgeryToken(await client.GetStringAsync("/dogrula"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var part = new ByteArrayContent(signature);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "signature", fileName);
        var response = await client.PostAsync("/dogrula", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
