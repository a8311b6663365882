using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// Issue 11 item 7, R-CA-4: /merkez/denetim reads the audit log in Turkish, searches it by person, certificate,
// application and date, and shows each centre role only its share (the call centre never sees card-secret
// disclosures; the officer does); the dashboard's recent entries read the same way.
public class AuditReaderTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string Officer = "merkez.operator";
    private const string OfficerPassword = "Merkez.Operator-2026";
    private const string Agent = "cagri.merkezi";
    private const string AgentPassword = "Cagri.Merkezi-2026";

    [Fact]
    public async Task Search_ByPersonIdentifier_EntriesAboutThePersonAndTheirApplicationInWords()
    {
        // Arrange
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        // Act
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/merkez/denetim?kisi={identifier}"));

        // Assert
        Assert.Contains("Başvuru açıldı", page, StringComparison.Ordinal);
        Assert.Contains("Başvurunun durumu değişti", page, StringComparison.Ordinal);
        Assert.Contains("Başvuru — Deniz Şahin", page, StringComparison.Ordinal);
        Assert.Contains("Elif Demir (Kurum Yetkilisi)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("staff:kurum.yetkili", page, StringComparison.Ordinal);
        Assert.DoesNotContain("application:", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Ayşe Yılmaz", page, StringComparison.Ordinal);
        Assert.Contains("id=\"audit-integrity\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ByApplicationId_OnlyThatApplication()
    {
        // Arrange
        var first = await ApplicantTestSupport.NewPersonAsync(app);
        var (applicationId, _) = await ApplicantTestSupport.OpenWithPasswordAsync(app, first);
        var other = await ApplicantTestSupport.NewPersonAsync(app);
        var (otherId, _) = await ApplicantTestSupport.OpenWithPasswordAsync(app, other);
        var client = await app.LoginAsync(Agent, AgentPassword);

        // Act
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/merkez/denetim?basvuru={applicationId}"));

        // Assert: the two entries of this application (opened; its state changed when the password was sent), none of the other.
        Assert.Equal(2, Count(page, "class=\"audit-entry\""));
        Assert.Contains("Başvurunun durumu değişti", page, StringComparison.Ordinal);
        Assert.DoesNotContain(otherId.ToString(), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ByCertificateSerialAndByName_FindTheIssuance()
    {
        // Arrange
        var number = ApplicationSigningTestSupport.NewTurkishId();
        var certificate = await CaTestSupport.IssueAsync(app, number, "Örnek Üniversitesi", "Kemal", "Sertifikalıoğlu");
        var typed = string.Join(':', Enumerable.Range(0, certificate.SerialHex.Length / 2).Select(i => certificate.SerialHex.Substring(i * 2, 2))).ToLowerInvariant();
        var client = await app.LoginAsync(Officer, OfficerPassword);

        // Act
        var bySerial = WebUtility.HtmlDecode(await client.GetStringAsync($"/merkez/denetim?sertifika={Uri.EscapeDataString(typed)}"));
        var byName = WebUtility.HtmlDecode(await client.GetStringAsync($"/merkez/denetim?kisi={Uri.EscapeDataString("kemal sertifikalıoğlu")}"));

        // Assert
        var expected = $"Sertifika {certificate.SerialHex} — Kemal Sertifikalıoğlu";
        Assert.Contains("Sertifika üretildi", bySerial, StringComparison.Ordinal);
        Assert.Contains(expected, bySerial, StringComparison.Ordinal);
        Assert.Equal(1, Count(bySerial, "class=\"audit-entry\""));
        Assert.Contains(expected, byName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ByDateRange_BeforeTodayFindsNothingOfToday()
    {
        // Arrange
        var identifier = await ApplicantTestSupport.NewPersonAsync(app);
        await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        var client = await app.LoginAsync(Officer, OfficerPassword);
        var today = Muhur.Server.Features.Shared.TurkeyTime.Of(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = Muhur.Server.Features.Shared.TurkeyTime.Of(DateTimeOffset.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var todays = await client.GetStringAsync($"/merkez/denetim?kisi={identifier}&baslangic={today}&bitis={today}");
        var before = await client.GetStringAsync($"/merkez/denetim?kisi={identifier}&bitis={yesterday}");

        // Assert
        Assert.Equal(2, Count(todays, "class=\"audit-entry\""));
        Assert.Equal(0, Count(before, "class=\"audit-entry\""));
    }

    [Fact]
    public async Task CardSecretsDisclosed_OfficerSeesIt_CallCentreDoesNotOnTheLogOrTheDashboard()
    {
        // Arrange: a disclosure as DiscloseCardSecrets records it, through the one writer.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(
                db, "cli:card pin:operator", AuditActions.CardSecretsDisclosed, "card:AUDIT-TEST-1", new { Channel = "cli" }, CancellationToken.None);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var officer = await app.LoginAsync(Officer, OfficerPassword);
        var agent = await app.LoginAsync(Agent, AgentPassword);

        // Act
        var officerLog = WebUtility.HtmlDecode(await officer.GetStringAsync("/merkez/denetim"));
        var agentLog = WebUtility.HtmlDecode(await agent.GetStringAsync("/merkez/denetim"));
        var officerDashboard = WebUtility.HtmlDecode(await officer.GetStringAsync("/merkez"));
        var agentDashboard = WebUtility.HtmlDecode(await agent.GetStringAsync("/merkez"));

        // Assert
        Assert.Contains("data-action=\"card.secrets_disclosed\"", officerLog, StringComparison.Ordinal);
        Assert.Contains("Kartın PIN/PUK bilgisi açıldı", officerLog, StringComparison.Ordinal);
        Assert.Contains("Kart AUDIT-TEST-1", officerLog, StringComparison.Ordinal);
        Assert.Contains("data-action=\"card.secrets_disclosed\"", officerDashboard, StringComparison.Ordinal);
        foreach (var page in new[] { agentLog, agentDashboard })
        {
            Assert.DoesNotContain("card.secrets_disclosed", page, StringComparison.Ordinal);
            Assert.DoesNotContain("PIN/PUK", page, StringComparison.Ordinal);
            Assert.DoesNotContain("data-action=\"staff.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("data-action=\"ca.", page, StringComparison.Ordinal);
        }

        Assert.Contains("id=\"audit-integrity\"", agentLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_UnknownApplicationId_SaysSoWithoutError()
    {
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var response = await client.GetAsync("/merkez/denetim?basvuru=not-an-id");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Başvuru numarası geçerli değil", page, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"basvuru-error\"", page, StringComparison.Ordinal);
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
