using System.Formats.Asn1;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-CA-3: every address we write into a certificate — CRL distribution point (RFC 5280 §4.2.1.13), freshestCRL
// (§4.2.1.15), AIA OCSP and caIssuers (§4.2.2.1) — is one this server serves, with the right content.
public class PublicationUrlTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string CrlDistributionPointsOid = "2.5.29.31";
    private const string FreshestCrlOid = "2.5.29.46";

    [Fact]
    public async Task EveryUrlInIssuedCertificates_IsServedWithOk()
    {
        // Arrange: a holder certificate, a status change so a delta CRL exists, and the chain it was issued under.
        var issued = await CaTestSupport.IssueAsync(app, "10000000146", "Adres Üniversitesi");
        var other = await CaTestSupport.IssueAsync(app, "12345678950", "Adres Üniversitesi");
        await CaTestSupport.PublishAsync(app, forceFull: true);
        await CaTestSupport.ChangeAsync(app, other.Serial, StatusChangeKind.Suspend);
        await CaTestSupport.PublishAsync(app, forceFull: false);
        var ca = await CaTestSupport.CaAsync(app);
        using var leaf = X509CertificateLoader.LoadCertificate(issued.Der);
        var baseUrl = app.Services.GetRequiredService<IOptions<CaOptions>>().Value.PublicBaseUrl;
        var chain = await CaTestSupport.WriteChainAsync(app);
        var leafPath = Path.Combine(chain, "leaf.pem");
        await File.WriteAllTextAsync(leafPath, CaTestSupport.Pem(issued.Der));
        var client = app.CreateBrowserLikeClient();

        var written = new List<(string Where, string Url, string Kind)>();
        foreach (var (name, certificate) in new[] { ("holder", leaf), ("issuing CA", ca.Issuing), ("root", ca.Root) })
        {
            written.AddRange(Uris(certificate, CrlDistributionPointsOid).Select(u => (name, u, "crl")));
            written.AddRange(Uris(certificate, FreshestCrlOid).Select(u => (name, u, "crl")));
            if (certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().SingleOrDefault() is { } aia)
            {
                written.AddRange(aia.EnumerateOcspUris().Select(u => (name, u, "ocsp")));
                written.AddRange(aia.EnumerateCAIssuersUris().Select(u => (name, u, "cert")));
            }
        }

        // Act: fetch each through the server, as a relying party would (OCSP by POST, RFC 6960 Appendix A.1).
        var served = new List<(string Where, string Url, string Kind, HttpStatusCode Status, string? Type, byte[] Body)>();
        foreach (var (where, url, kind) in written)
        {
            var path = new Uri(url).PathAndQuery;
            HttpResponseMessage response;
            if (kind == "ocsp")
            {
                var request = Path.Combine(chain, "request.der");
                var made = await Tool.OpenSslAsync("ocsp", "-no_nonce", "-issuer", Path.Combine(chain, "issuing.pem"), "-cert", leafPath, "-reqout", request);
                Assert.True(made.ExitCode == 0, made.All);
                using var content = new ByteArrayContent(await File.ReadAllBytesAsync(request));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
                response = await client.PostAsync(path, content);
            }
            else
            {
                response = await client.GetAsync(path);
            }

            served.Add((where, url, kind, response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync()));
            response.Dispose();
        }

        // Assert: the holder certificate names all four, the issuing CA its CRL and issuer, all on our base address,
        // and each answers 200 with what its kind promises.
        Assert.Equal(4, written.Count(w => w.Where == "holder"));
        Assert.Equal(["cert", "crl"], written.Where(w => w.Where == "issuing CA").Select(w => w.Kind).Order());
        Assert.All(served, s =>
        {
            var what = $"{s.Where}: {s.Url} ({s.Kind})";
            Assert.True(s.Url.StartsWith(baseUrl.AbsoluteUri, StringComparison.Ordinal), what + " is not under " + baseUrl);
            Assert.True(s.Status == HttpStatusCode.OK, $"{what} answered {(int)s.Status}");
            Assert.Equal(s.Kind switch { "crl" => "application/pkix-crl", "cert" => "application/pkix-cert", _ => "application/ocsp-response" }, s.Type);
        });
        Assert.Equal(ca.Issuing.RawData, served.Single(s => s.Where == "holder" && s.Kind == "cert").Body);
        Assert.Equal(ca.Root.RawData, served.Single(s => s.Where == "issuing CA" && s.Kind == "cert").Body);
        var ocsp = served.Single(s => s.Kind == "ocsp");
        Assert.Equal(0, (int)new AsnReader(ocsp.Body, AsnEncodingRules.DER).ReadSequence().ReadEnumeratedValue<OcspResponseStatus>()); // successful
        Assert.All(served.Where(s => s.Kind == "crl"), s => Assert.NotNull(new AsnReader(s.Body, AsnEncodingRules.DER).ReadSequence()));
    }

    private enum OcspResponseStatus
    {
        Successful = 0,
    }

    /// <summary>Every uniformResourceIdentifier ([6] IA5String, RFC 5280 §4.2.1.6) inside the extension's value.</summary>
    private static List<string> Uris(X509Certificate2 certificate, string oid)
    {
        var uris = new List<string>();
        if (certificate.Extensions[oid] is { } extension)
        {
            Walk(extension.RawData, uris);
        }

        return uris;
    }

    private static void Walk(ReadOnlySpan<byte> der, List<string> uris)
    {
        while (!der.IsEmpty)
        {
            var tag = Asn1Tag.Decode(der, out _);
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out var consumed);
            var content = der.Slice(contentOffset, contentLength);
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 6 && !tag.IsConstructed)
            {
                uris.Add(System.Text.Encoding.ASCII.GetString(content));
            }
            else if (tag.IsConstructed)
            {
                Walk(content, uris);
            }

            der = der[consumed..];
        }
    }
}
