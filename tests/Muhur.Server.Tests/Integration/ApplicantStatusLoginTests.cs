using System.Net;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-APP-11: after the form is signed the access password opens a read-only status session: the start page shows the
// state, the history and (once shipped) the tracking number, and no form action; every form and signing page refuses.
public class ApplicantStatusLoginTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Theory]
    [InlineData("ESigned")]
    [InlineData("ForwardedToCentre")]
    [InlineData("Approved")]
    [InlineData("Rejected")]
    public async Task Login_AfterTheFormIsSigned_StatusOnlyAndEveryFormPageRefuses(string state)
    {
        // Arrange: the change happened an hour ago, past the e-signing's 15 minutes; the password is past its 30 days.
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (applicationId, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        await app.Database.ExecuteAsync(
            "UPDATE applications SET state = $2, updated_at = now() - interval '1 hour', access_password_expires_at = now() - interval '1 day' WHERE id = $1",
            applicationId, state);
        var client = app.CreateBrowserLikeClient();

        // Act
        var login = await ApplicantTestSupport.PostLoginAsync(app, client, identifier, password);
        var start = WebUtility.HtmlDecode(await client.GetStringAsync("/basvuru"));
        var refused = new List<(string Path, HttpResponseMessage Response)>();
        foreach (var path in new[] { "/basvuru/form", "/basvuru/sms-onay", "/basvuru/imza-yontemi", "/basvuru/islak-imza", "/basvuru/e-imza", "/basvuru/e-onay-izni", "/basvuru/tamamlandi" })
        {
            refused.Add((path, await client.GetAsync(path)));
        }

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("id=\"status-only\"", start, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"choice-new\"", start, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/basvuru/form\"", start, StringComparison.Ordinal);
        Assert.Contains("Elif Demir (Kurum Yetkilisi)", start, StringComparison.Ordinal);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.Redirect, r.Response.StatusCode);
            Assert.StartsWith("/hata/403", r.Response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Start_Shipped_ShowsTheTrackingNumber()
    {
        // Arrange: a real certificate, its card and a shipment, as card production and shipment record them.
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        var (applicationId, password) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        var certificate = await CaTestSupport.IssueAsync(app, identifier, "Örnek Üniversitesi", "Deniz", "Şahin");
        var card = "ST-" + identifier;
        await app.Database.ExecuteAsync(
            """
            INSERT INTO cards (serial, token_manufacturer, token_model, certificate_serial, person_id, institution_id, master_key_id,
                               wrapped_data_key, pin_envelope, puk_envelope, produced_at, produced_by)
            SELECT $1, 'Test', 'Test', $2, c.person_id, c.institution_id, 'test', '\x00', '\x00', '\x00', now(), 'test'
            FROM certificates c WHERE c.serial = $2
            """,
            card, certificate.Serial);
        await app.Database.ExecuteAsync("UPDATE applications SET card_serial = $2, state = 'Shipped', updated_at = now() WHERE id = $1", applicationId, card);
        await app.Database.ExecuteAsync(
            """
            INSERT INTO shipments (id, application_id, card_serial, provider, tracking_number, recipient_name, province_code, district,
                                   address_line, postal_code, state, created_at, created_by, updated_at)
            VALUES ($1, $2, $3, 'dev', 'TRK123456789', 'Deniz Şahin', 6, 'Çankaya', 'Atatürk Bulvarı No: 1', '06100', 'Sent', now(), 'test', now())
            """,
            Guid.CreateVersion7(), applicationId, card);
        var client = app.CreateBrowserLikeClient();

        // Act
        await ApplicantTestSupport.PostLoginAsync(app, client, identifier, password);
        var start = WebUtility.HtmlDecode(await client.GetStringAsync("/basvuru"));

        // Assert
        Assert.Contains("id=\"tracking-number\"", start, StringComparison.Ordinal);
        Assert.Contains("TRK123456789", start, StringComparison.Ordinal);
        Assert.Contains("Kartınız kargoda", start, StringComparison.Ordinal);
    }
}
