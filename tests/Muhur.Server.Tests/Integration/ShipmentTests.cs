using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Muhur.Server.Features.CardProduction;
using Muhur.Server.Features.Cards;
using Muhur.Server.Features.Shipments;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// Issue 11 item 5 (R-APP-10, R-X-3): a produced card shipped to the form's address with the courier's tracking number, the
// application moved with it (Ship, Deliver closes it, ReturnShipment brings the card back to be sent again); the public
// tracking page shows the state and dates only; the HTTP courier provider against a real HTTP server.
public class ShipmentTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string Page = "/merkez/kargo";

    [Fact]
    public async Task Ship_ThenDeliver_TrackingNumberRecordedApplicationClosedTrackingPageShowsIt()
    {
        // Arrange
        var applicationId = await ProducedAsync("Kargo Üniversitesi", "Nilüfer", "Karaağaç");
        var officer = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");
        var waiting = await officer.GetStringAsync(Page);

        // Act
        var shipped = await ShipAsync(officer, applicationId);
        var trackingNumber = await app.Database.ScalarAsync<string>("SELECT tracking_number FROM shipments WHERE application_id = $1", applicationId);
        var shipmentId = await app.Database.ScalarAsync<Guid>("SELECT id FROM shipments WHERE application_id = $1", applicationId);
        var onTheWay = await TrackAsync(trackingNumber!);
        var stateWhileShipped = await ApprovedApplicationSupport.StateAsync(app, applicationId);
        var delivered = await MuhurAppFactory.PostFormAsync(officer, Page + "?handler=Deliver", new Dictionary<string, string> { ["shipmentId"] = shipmentId.ToString() }, Page);
        var deliveredAgain = await MuhurAppFactory.PostFormAsync(officer, Page + "?handler=Deliver", new Dictionary<string, string> { ["shipmentId"] = shipmentId.ToString() }, Page);
        var afterDelivery = await TrackAsync(trackingNumber!.ToLowerInvariant());

        // Assert
        Assert.Contains("Nilüfer Karaağaç", waiting, StringComparison.Ordinal);
        Assert.Contains($"for=\"postalCode-{applicationId}\"", waiting, StringComparison.Ordinal);
        Assert.Contains($"Kart kargoya verildi; takip numarası {trackingNumber}.", shipped, StringComparison.Ordinal);
        Assert.Matches("^GK[0-9]{12}$", trackingNumber);
        Assert.Equal("Shipped", stateWhileShipped);
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM shipments WHERE id = $1 AND province_code = 6 AND district = 'Çankaya' AND postal_code = '06100' AND mobile_phone = '+905321234567' AND provider = 'Geliştirme Kargo'",
            shipmentId));
        Assert.Contains("Yolda", onTheWay, StringComparison.Ordinal);
        Assert.Contains("Ankara", onTheWay, StringComparison.Ordinal);
        Assert.DoesNotContain("Karaağaç", onTheWay, StringComparison.Ordinal);
        Assert.DoesNotContain("Atatürk Bulvarı", onTheWay, StringComparison.Ordinal);
        Assert.Contains("Teslim edildi olarak kaydedildi; başvuru kapandı.", await delivered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Bu gönderi zaten teslim edildi ya da iade döndü.", await deliveredAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Delivered", await ApprovedApplicationSupport.StateAsync(app, applicationId));
        Assert.Contains("Teslim tarihi", afterDelivery, StringComparison.Ordinal);
        Assert.Equal(["ProduceCard", "Ship", "Deliver"], await HistoryAsync(applicationId));
    }

    [Fact]
    public async Task Return_ThenShipAgain_CardBackAtTheCentreAndSentAsANewShipment()
    {
        // Arrange
        var applicationId = await ProducedAsync("İade Üniversitesi", "Oğuz", "Işık");
        var officer = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");
        await ShipAsync(officer, applicationId);
        var first = await app.Database.ScalarAsync<Guid>("SELECT id FROM shipments WHERE application_id = $1", applicationId);

        // Act
        var returned = await MuhurAppFactory.PostFormAsync(officer, Page + "?handler=Return", new Dictionary<string, string> { ["shipmentId"] = first.ToString() }, Page);
        var stateAfterReturn = await ApprovedApplicationSupport.StateAsync(app, applicationId);
        var again = await ShipAsync(officer, applicationId);

        // Assert
        Assert.Contains("İade döndü olarak kaydedildi; kart yeniden gönderilebilir.", await returned.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("CardProduced", stateAfterReturn);
        Assert.Contains("Kart kargoya verildi", again, StringComparison.Ordinal);
        Assert.Equal("Shipped", await ApprovedApplicationSupport.StateAsync(app, applicationId));
        Assert.Equal(2, await app.Database.ScalarAsync<long>("SELECT count(*) FROM shipments WHERE application_id = $1", applicationId));
        Assert.Equal("Returned", await app.Database.ScalarAsync<string>("SELECT state FROM shipments WHERE id = $1", first));
    }

    [Theory]
    [InlineData("postalCode", "34100", "Posta kodunun ilk iki rakamı seçilen ilin plaka kodu olmalı.")]
    [InlineData("postalCode", "061", "Posta kodu 5 rakam olmalı.")]
    [InlineData("mobilePhone", "12345", "Cep telefonu 05XX XXX XX XX biçiminde bir Türkiye numarası olmalı.")]
    [InlineData("district", " ", "Bu alan zorunludur.")]
    public async Task Ship_BadField_ClearMessageLinkedToTheFieldAndNothingShipped(string field, string value, string message)
    {
        // Arrange
        var applicationId = await ProducedAsync("Hatalı Adres Üniversitesi");
        var officer = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");

        // Act
        var html = await ShipAsync(officer, applicationId, new Dictionary<string, string> { [field] = value });

        // Assert
        Assert.Contains($"<span class=\"field-error\" id=\"{field}-{applicationId}-error\">{message}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"aria-describedby=\"{field}-{applicationId}-error\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM shipments WHERE application_id = $1", applicationId));
        Assert.Equal("CardProduced", await ApprovedApplicationSupport.StateAsync(app, applicationId));
    }

    [Fact]
    public async Task TrackingPage_UnknownOrEmptyNumber_ClearMessage()
    {
        var client = app.CreateBrowserLikeClient();

        var unknown = await TrackAsync("GK000000000000", client);
        var empty = await TrackAsync(" ", client);

        Assert.Contains("Bu takip numarasıyla bir gönderi bulunamadı.", unknown, StringComparison.Ordinal);
        Assert.Contains("Takip numarasını yazın.", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShipmentPage_CallCentreAgent_IsRefused()
    {
        var agent = await app.LoginAsync("cagri.merkezi", "Cagri.Merkezi-2026");

        var response = await agent.GetAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/hata/403", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpCourier_RealServer_CreatesAsksAndReportsUnknownAndUnreachable()
    {
        // Arrange: a courier's API on a loopback port, as the provider's JSON shape describes it.
        var parcels = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        await using var courier = builder.Build();
        courier.MapPost("/api/shipments", async (HttpContext context) =>
        {
            var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
            var number = "KRG" + body.RootElement.GetProperty("postalCode").GetString() + parcels.Count;
            parcels[number] = body.RootElement.GetProperty("recipient").GetString() == "Teslim Alan" ? "delivered" : "sent";
            return Results.Json(new { trackingNumber = number });
        });
        courier.MapGet("/api/shipments/{number}", (string number) =>
            parcels.TryGetValue(number, out var state) ? Results.Json(new { state }) : Results.NotFound());
        await courier.StartAsync();
        var baseUrl = new Uri(courier.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/api");
        using var http = new HttpClient();
        var provider = new HttpCourierProvider(http, Options.Create(new CourierOptions { BaseUrl = baseUrl, Name = "Deneme Kargo" }));
        var address = new ShipmentAddress("Teslim Alan", 6, "Çankaya", "Atatürk Bulvarı No: 1", "06100", null);

        // Act
        var number = await provider.CreateAsync(address, CancellationToken.None);
        var state = await provider.GetStateAsync(number, CancellationToken.None);
        var unknown = await provider.GetStateAsync("YOK-1", CancellationToken.None);
        await courier.StopAsync();
        var unreachable = await Record.ExceptionAsync(() => provider.CreateAsync(address, CancellationToken.None));

        // Assert
        Assert.Equal("KRG061000", number);
        Assert.Equal(CourierState.Delivered, state);
        Assert.Null(unknown);
        Assert.IsType<CourierException>(unreachable);
    }

    /// <summary>An approved application whose card was produced on a key made beforehand (the production path without the token).</summary>
    private async Task<Guid> ProducedAsync(string institution, string givenName = "Derya", string surname = "Çınar")
    {
        var (applicationId, _, _) = await ApprovedApplicationSupport.OpenAsync(app, institution, givenName: givenName, surname: surname);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var medium = new PremadeKeyMedium(new PublicKey(key));
        await using var scope = app.Services.CreateAsyncScope();
        var result = Assert.Single(await scope.ServiceProvider.GetRequiredService<ProduceApprovedCard>().RunManyAsync([(applicationId, medium)], "test", CancellationToken.None));
        Assert.True(result.Produced, result.OutcomeKey);
        return applicationId;
    }

    private static async Task<string> ShipAsync(HttpClient officer, Guid applicationId, IDictionary<string, string>? overrides = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["applicationId"] = applicationId.ToString(),
            ["recipientName"] = "Nilüfer Karaağaç",
            ["provinceCode"] = "6",
            ["district"] = "Çankaya",
            ["addressLine"] = "Atatürk Bulvarı No: 1",
            ["postalCode"] = "06100",
            ["mobilePhone"] = "0532 123 45 67",
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            fields[name] = value;
        }

        var response = await MuhurAppFactory.PostFormAsync(officer, Page + "?handler=Ship", fields, Page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> TrackAsync(string number, HttpClient? client = null)
    {
        var response = await MuhurAppFactory.PostFormAsync(client ?? app.CreateBrowserLikeClient(), "/kargo-takip", new Dictionary<string, string> { ["takipNo"] = number });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string[]> HistoryAsync(Guid applicationId) =>
        (await app.Database.ScalarAsync<string>(
            "SELECT string_agg(event, ',' ORDER BY id) FROM application_state_changes WHERE application_id = $1 AND event IN ('ProduceCard', 'Ship', 'Deliver', 'ReturnShipment')",
            applicationId))!.Split(',');
}
