using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Xunit.Abstractions;

namespace Muhur.Signer.Tests;

/// <summary>
/// <c>muhur-imza verify</c> (R-CARD-5) on crafted and damaged signatures: every one ends in a Turkish verdict or
/// message and exit code 1 or 2, never an exception, and never the boundary's "unexpected error". No card is
/// involved: the signer is a software key under a throwaway CA.
/// </summary>
public sealed class VerifyFuzzTests : IDisposable
{
    private const int Seed = 20261129;

    /// <summary>
    /// A UTCTime signing-time attribute value inside the signer certificates' validity, which starts a day before the
    /// test runs (a fixed date made the good signatures fall outside it from the day after it was written).
    /// </summary>
    private static readonly byte[] SigningTimeNow =
        [0x17, 0x0D, .. Encoding.ASCII.GetBytes(DateTime.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z")];
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("Sözleşme: 2026/41 — Gökçe Işık, Ümit Çalışkan");
    private readonly string _directory = Directory.CreateTempSubdirectory("muhur-imza-fuzz-").FullName;
    private readonly TestCertificateAuthority _ca = new("Mühür Bulanık Test SHS");
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _signer;
    private readonly string _root;
    private readonly ITestOutputHelper _output;

    public VerifyFuzzTests(ITestOutputHelper output)
    {
        _output = output;
        var request = new CertificateRequest("CN=x", _key, HashAlgorithmName.SHA256);
        using var certificate = X509CertificateLoader.LoadCertificate(
            _ca.Issue(request.PublicKey, "Gökçe Işık", [0x01, 0x41], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)));
        _signer = certificate.CopyWithPrivateKey(_key);
        _root = Path.Combine(_directory, "kok.pem");
        File.WriteAllText(_root, _ca.CertificatePem);
    }

    public void Dispose()
    {
        _signer.Dispose();
        _key.Dispose();
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Verify_SigningTimeOfMonth13_SaysSoInTurkishExitOne()
    {
        // Arrange
        var file = Write("ay13.p7s", SignatureMutations.CadesWithSigningTime(Document, _signer, SignatureMutations.Month13, detached: false));

        // Act
        var (exitCode, output, error) = Verify(file);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("GEÇERSİZ: imzadaki imza zamanı (signing-time) geçerli bir zaman değil", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Verify_SignerWithMultiValuedRdn_IndeterminateChainNotToTheRootExitOne()
    {
        // Arrange
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = SignatureMutations.MultiValuedRdnCertificate(key);
        var file = Write("cok-degerli.p7s", SignatureMutations.CadesWithSigningTime(Document, signer, SigningTimeNow, detached: false));

        // Act
        var (exitCode, output, error) = Verify(file);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("BELİRSİZ: sertifika zinciri verilen köke ulaşmıyor", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Verify_PdfWhoseContentsClaimsDerLength7FFFFFFF_IsInvalidInTurkishExitOne()
    {
        // Arrange
        var file = Write("dev.pdf", SignatureMutations.PdfWithHugeDerLength(SignedPdf()));

        // Act
        var (exitCode, output, error) = Verify(file);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("GEÇERSİZ: PDF'teki imza bir CMS imzası değil ya da bozuk", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Verify_DamagedCadesAndPades_EveryOneATurkishVerdictExitOneOrTwo()
    {
        // Arrange: good attached, detached and PAdES signatures; the signer certificate has no OCSP address, so even
        // an intact one ends in BELİRSİZ without any network.
        var attached = SignatureMutations.CadesWithSigningTime(Document, _signer, SigningTimeNow, detached: false);
        var detached = SignatureMutations.CadesWithSigningTime(Document, _signer, SigningTimeNow, detached: true);
        var pdf = SignedPdf();
        var content = Write("belge.txt", Document);
        Assert.Contains("BELİRSİZ: sertifikada OCSP adresi yok", Verify(Write("iyi.p7s", attached)).Output, StringComparison.Ordinal);
        Assert.Contains("BELİRSİZ: sertifikada OCSP adresi yok", Verify(Write("iyi.pdf", pdf)).Output, StringComparison.Ordinal);
        var random = new Random(Seed);
        var failures = new List<string>();
        var verdicts = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        var cases = 0;

        // Act: 500 attached, 500 detached, 600 PAdES, through the command line's own entry point.
        for (; cases < 1600 && clock.Elapsed < Budget; cases++)
        {
            var kind = cases < 500 ? "attached" : cases < 1000 ? "detached" : "pades";
            var (exitCode, output, error) = kind switch
            {
                "attached" => Verify(Write("a.p7s", SignatureMutations.MutateDer(attached, random))),
                "detached" => Verify(content, Write("d.p7s", SignatureMutations.MutateDer(detached, random))),
                _ => Verify(Write("p.pdf", SignatureMutations.MutatePdf(pdf, random))),
            };
            var first = (output + error).Split('\n')[0];
            var verdict = first.Split(':')[0];
            verdicts[$"{kind} {verdict}"] = verdicts.GetValueOrDefault($"{kind} {verdict}") + 1;
            if (exitCode is not (1 or 2) || error.Contains("Beklenmeyen", StringComparison.Ordinal) || error.Contains("oluşturulamadı", StringComparison.Ordinal)
                || !(output + error).Any(c => "ĞÜŞİÖÇğüşıöç".Contains(c, StringComparison.Ordinal)))
            {
                failures.Add($"case {cases} ({kind}): exit {exitCode}: {first} {error}");
            }
        }

        _output.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed}):");
        foreach (var (bucket, count) in verdicts.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"  {bucket}: {count}");
        }

        // Assert
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases:\n" + string.Join('\n', failures.Take(20)));
        Assert.True(cases >= 600, $"only {cases} cases in {clock.Elapsed}");
    }

    private byte[] SignedPdf() => PadesSignature.Sign(TestPdf.Create("Sözleşme 2026/41"), _signer, _key, "Onay");

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private (int ExitCode, string Output, string Error) Verify(string file, string? signature = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = signature is null ? ["verify", file, "--root", _root] : ["verify", file, "--signature", signature, "--root", _root];
        var exitCode = SignerCli.Run(args, output, error, _ => null);
        return (exitCode, output.ToString(), error.ToString());
    }
}
