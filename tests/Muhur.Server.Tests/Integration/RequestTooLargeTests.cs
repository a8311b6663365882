using System.Net;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-X-1, R-ELIG-4: a receipt far over its 5 MiB, as a scan straight from the copier can be, still reaches the form
// through the real server (Kestrel, which enforces the page's request limit; the in-process test server does not) and
// gets the form's Turkish message, with nothing saved.
public class RequestTooLargeTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    private const string ReceiptTooLarge = "Dekont en çok 5 MB olabilir; daha küçük bir dosya yükleyin.";

    [Fact]
    public async Task PostReceipt_FourTimesTheLimit_TheFormSaysTooLargeAndSavesNothing()
    {
        // Arrange: the institution authority signed in over real HTTP, with the registration form's token.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseAddress) };

        var login = await client.GetStringAsync("/giris");
        using (var credentials = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = "kurum.yetkili",
            ["Input.Password"] = "Kurum.Yetkili-2026",
            ["__RequestVerificationToken"] = MuhurAppFactory.AntiforgeryToken(login),
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/giris", credentials)).StatusCode);
        }

        var page = await client.GetStringAsync("/kurum/basvurular/yeni");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(MuhurAppFactory.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent("TurkishIdentityNumber"), "Input.IdentifierKind" },
            { new StringContent("52987148206"), "Input.IdentifierNumber" },
            { new StringContent("Deniz"), "Input.GivenName" },
            { new StringContent("Karaca"), "Input.Surname" },
            { new StringContent("deniz.karaca@ornek.edu.tr"), "Input.CorporateEmail" },
            { new StringContent("First"), "Input.Kind" },
            { new ByteArrayContent([.. "%PDF-1.7\n"u8, .. new byte[20 * 1024 * 1024]]), "Receipt", "dekont.pdf" },
        };

        // Act
        var response = await client.PostAsync("/kurum/basvurular/yeni", form);
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ReceiptTooLarge, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM people WHERE identifier_number = '52987148206'"));
    }
}
