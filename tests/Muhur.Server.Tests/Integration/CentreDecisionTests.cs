using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.CentreDecision;
using Muhur.Server.Tests.Infrastructure;
using static Muhur.Server.Tests.Infrastructure.CentreDecisionTestSupport;

namespace Muhur.Server.Tests.Integration;

// R-APP-10: the centre officer's queue (every institution's applications, by default those awaiting the decision,
// filtered by state, institution and signing method, searched by Turkish name, identifier and barcode) and the
// decision: approval and rejection with a reason recorded with the officer, never twice, never after cancellation,
// concurrency-safe; R-ELIG-5: an individual payment is approved only after its receipt is accepted; issue 11 item 7:
// a call-centre agent cannot see the queue or approve, an institution authority cannot reach /merkez.
public class CentreDecisionTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string Officer = "merkez.operator";
    private const string OfficerPassword = "Merkez.Operator-2026";

    [Fact]
    public async Task Queue_Default_ShowsAwaitingOfEveryInstitutionOldestFirst()
    {
        var older = await AtCentreAsync(app, "Levent", "Kuyrukbir", "Kuyruk Üniversitesi A", ApplicationEvent.EApprove);
        var newer = await AtCentreAsync(app, "Mert", "Kuyrukiki", "Kuyruk Üniversitesi B", ApplicationEvent.ESign);
        var notYet = await AtCentreAsync(app, "Nur", "Kuyrukyok", "Kuyruk Üniversitesi A", signing: null);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var page = await client.GetStringAsync("/merkez/basvurular");

        Assert.Contains(older.Id.ToString(), page, StringComparison.Ordinal);
        Assert.Contains(newer.Id.ToString(), page, StringComparison.Ordinal);
        Assert.DoesNotContain(notYet.Id.ToString(), page, StringComparison.Ordinal);
        Assert.True(page.IndexOf(older.Id.ToString(), StringComparison.Ordinal) < page.IndexOf(newer.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains("Karar bekleyen", page, StringComparison.Ordinal);
        Assert.Contains("Kuyruk Üniversitesi B", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kurum", "Süzgeç Kurumu X", "x")]
    [InlineData("yontem", "ESigned", "y")]
    [InlineData("durum", "PhoneApproved", "z")]
    public async Task Queue_Filter_ShowsOnlyMatching(string parameter, string value, string expected)
    {
        var x = await AtCentreAsync(app, "Xavier", "Süzgeç", "Süzgeç Kurumu X", ApplicationEvent.EApprove);
        var y = await AtCentreAsync(app, "Yavuz", "Süzgeç", "Süzgeç Kurumu Y", ApplicationEvent.ESign);
        var z = await AtCentreAsync(app, "Zeki", "Süzgeç", "Süzgeç Kurumu Y", signing: null);
        var client = await app.LoginAsync(Officer, OfficerPassword);
        var query = parameter == "kurum" ? x.InstitutionId.ToString() : value;

        var page = await client.GetStringAsync($"/merkez/basvurular?{parameter}={Uri.EscapeDataString(query)}&ara=S%C3%BCzge%C3%A7&durum={(parameter == "durum" ? value : "tumu")}");

        var shown = new[] { ("x", x.Id), ("y", y.Id), ("z", z.Id) }.Where(a => page.Contains(a.Id.ToString(), StringComparison.Ordinal)).Select(a => a.Item1);
        Assert.Equal([expected], shown);
    }

    [Theory]
    [InlineData("ismet ışıklı")]
    [InlineData("İSMET IŞIKLI")]
    [InlineData("IŞIK")]
    public async Task Queue_SearchTurkishName_FindsWhateverTheCase(string term)
    {
        var applicant = await AtCentreAsync(app, "İsmet", "Işıklı", "Arama Üniversitesi", ApplicationEvent.EApprove);
        var other = await AtCentreAsync(app, "Ismail", "Isıklar", "Arama Üniversitesi", ApplicationEvent.EApprove);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var page = await client.GetStringAsync("/merkez/basvurular?ara=" + Uri.EscapeDataString(term));

        Assert.Contains(applicant.Id.ToString(), page, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Id.ToString(), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_SearchIdentifierAndBarcode_FindsTheApplication()
    {
        var wet = await AtCentreAsync(app, "Barkod", "Okunan", "Barkod Üniversitesi", ApplicationEvent.Receive);
        var other = await AtCentreAsync(app, "Başka", "Biri", "Barkod Üniversitesi", ApplicationEvent.EApprove);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var byIdentifier = await client.GetStringAsync("/merkez/basvurular?ara=" + wet.Identifier);
        var byBarcode = await client.GetStringAsync("/merkez/basvurular?ara=" + wet.FormNumber);
        var byGroupedBarcode = await client.GetStringAsync("/merkez/basvurular?ara=" + Uri.EscapeDataString($"{wet.FormNumber![..4]} {wet.FormNumber[4..]}"));
        var none = await client.GetStringAsync("/merkez/basvurular?ara=52987148206");

        foreach (var page in new[] { byIdentifier, byBarcode, byGroupedBarcode })
        {
            Assert.Contains(wet.Id.ToString(), page, StringComparison.Ordinal);
            Assert.DoesNotContain(other.Id.ToString(), page, StringComparison.Ordinal);
        }

        Assert.Contains(wet.FormNumber, byBarcode, StringComparison.Ordinal);
        Assert.Contains("Aramanıza uyan başvuru yok.", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_AwaitingApplication_ApprovesWithOfficerInHistoryAndAudit()
    {
        var application = await AtCentreAsync(app, "Onay", "Alan", "Karar Üniversitesi", ApplicationEvent.ESign);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var response = await PostAsync(client, application.Id, "Approve", []);
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Başvuru onaylandı", page, StringComparison.Ordinal);
        Assert.Equal("Approved", await StateAsync(application.Id));
        Assert.Equal("staff:merkez.operator|Approve|ESigned|Approved", await app.Database.ScalarAsync<string>(
            "SELECT actor || '|' || event || '|' || from_state || '|' || to_state FROM application_state_changes WHERE application_id = $1 ORDER BY id DESC LIMIT 1", application.Id));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor = 'staff:merkez.operator' AND action = 'application.state-changed' AND subject = $1", $"application:{application.Id}"));
    }

    [Fact]
    public async Task Reject_WithCommonAndWrittenReason_HistoryHasReasonAndOfficer()
    {
        var application = await AtCentreAsync(app, "Red", "Gören", "Karar Üniversitesi", ApplicationEvent.EApprove);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var response = await PostAsync(client, application.Id, "Reject", new() { ["Reject.Choice"] = "1", ["Reject.Text"] = "Soyadı nüfus kaydında Gören değil, Güren." });
        var page = await client.GetStringAsync($"/merkez/basvurular/{application.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Rejected", await StateAsync(application.Id));
        Assert.Equal(
            "staff:merkez.operator|Başvuru formundaki bilgiler kimlik bilgileriyle uyuşmuyor. Soyadı nüfus kaydında Gören değil, Güren.",
            await app.Database.ScalarAsync<string>(
                "SELECT actor || '|' || reason FROM application_state_changes WHERE application_id = $1 AND event = 'Reject'", application.Id));
        Assert.Contains("Soyadı nüfus kaydında Gören değil, Güren.", page, StringComparison.Ordinal);
        Assert.Contains("Başvuru gerekçesiyle reddedildi", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_WithoutReason_SaysSoAndChangesNothing()
    {
        var application = await AtCentreAsync(app, "Gerekçe", "Yok", "Karar Üniversitesi", ApplicationEvent.EApprove);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var response = await PostAsync(client, application.Id, "Reject", new() { ["Reject.Choice"] = "", ["Reject.Text"] = "   " });
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Reddetmek için bir gerekçe seçin ya da yazın.", page, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"reject-help reject-error\"", page, StringComparison.Ordinal);
        Assert.Equal("EApproved", await StateAsync(application.Id));
    }

    [Fact]
    public async Task Approve_Twice_SecondIsRefusedWithMessage()
    {
        var application = await AtCentreAsync(app, "İki", "Kezonay", "Karar Üniversitesi", ApplicationEvent.Receive);
        var client = await app.LoginAsync(Officer, OfficerPassword);
        var page = await client.GetStringAsync($"/merkez/basvurular/{application.Id}");
        var token = MuhurAppFactory.AntiforgeryToken(page);

        // Two tabs with the same page: both post the approval.
        var first = await PostWithTokenAsync(client, application.Id, "Approve", token);
        var second = await PostWithTokenAsync(client, application.Id, "Approve", token);
        var after = await client.GetStringAsync(second.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Contains("Bu başvuru zaten karara bağlanmış (Onaylandı); ikinci kez karar verilemez.", after, StringComparison.Ordinal);
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM application_state_changes WHERE application_id = $1 AND event = 'Approve'", application.Id));
    }

    [Fact]
    public async Task Approve_ByTwoOfficersAtOnce_OneWinsTheOtherIsRefused()
    {
        var application = await AtCentreAsync(app, "Aynı", "Anda", "Karar Üniversitesi", ApplicationEvent.ESign);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async n =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DecideApplication>().ApproveAsync(application.Id, $"staff:officer{n}", CancellationToken.None);
        }));

        Assert.Single(results, r => r.Outcome == DecisionOutcome.Decided);
        Assert.Single(results, r => r.Outcome == DecisionOutcome.Refused && r.RefusalId == ApplicationStateRules.RefusedAlreadyDecided);
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM application_state_changes WHERE application_id = $1 AND event = 'Approve'", application.Id));
    }

    [Fact]
    public async Task Approve_AfterCancellation_IsRefusedWithMessage()
    {
        var application = await AtCentreAsync(app, "İptal", "Edilmiş", "Karar Üniversitesi", ApplicationEvent.EApprove);
        await ApplyAsync(application.Id, ApplicationEvent.Cancel, "staff:kurum.yetkili");
        var client = await app.LoginAsync(Officer, OfficerPassword);
        var token = MuhurAppFactory.AntiforgeryToken(await client.GetStringAsync($"/merkez/basvurular/{application.Id}"));

        var response = await PostWithTokenAsync(client, application.Id, "Approve", token);
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Contains("Bu başvuru kapanmış (İptal edildi); artık onaylanamaz ya da reddedilemez.", page, StringComparison.Ordinal);
        Assert.Equal("Cancelled", await StateAsync(application.Id));
    }

    [Fact]
    public async Task Approve_IndividualPayment_BlockedUntilReceiptAccepted()
    {
        var application = await AtCentreAsync(app, "Bireysel", "Ödeyen", "Dekont Üniversitesi", ApplicationEvent.ESign, PaymentMode.Individual);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var blocked = await PostAsync(client, application.Id, "Approve", []);
        var blockedPage = await client.GetStringAsync(blocked.Headers.Location!.OriginalString);
        var refused = await PostAsync(client, application.Id, "RefuseReceipt", new() { ["ReceiptRefusal.Reason"] = "Tutar eksik yatırılmış." });
        var stillBlocked = await PostAsync(client, application.Id, "Approve", []);
        var stillBlockedPage = await client.GetStringAsync(stillBlocked.Headers.Location!.OriginalString);
        var refusedReceipt = await app.Database.ScalarAsync<string>(
            "SELECT refused_by || '|' || refused_reason FROM application_receipts WHERE application_id = $1", application.Id);
        var accepted = await PostAsync(client, application.Id, "AcceptReceipt", []);
        var approved = await PostAsync(client, application.Id, "Approve", []);

        Assert.Contains("Bireysel ödemeli başvuru, dekontu kabul edilmeden onaylanamaz.", blockedPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("staff:merkez.operator|Tutar eksik yatırılmış.", refusedReceipt);
        Assert.Contains("Bireysel ödemeli başvuru, dekontu kabul edilmeden onaylanamaz.", stillBlockedPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal("Approved", await StateAsync(application.Id));
        Assert.Equal("staff:merkez.operator|true", await app.Database.ScalarAsync<string>(
            "SELECT accepted_by || '|' || (refused_at IS NULL)::text FROM application_receipts WHERE application_id = $1", application.Id));
        Assert.Equal(2L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE actor = 'staff:merkez.operator' AND action IN ('application.receipt-accepted', 'application.receipt-refused') AND subject = $1",
            $"application:{application.Id}"));
    }

    [Fact]
    public async Task Details_Receipt_ViewableAndDownloadable()
    {
        var application = await AtCentreAsync(app, "Dekont", "Gösterilen", "Dekont Üniversitesi", ApplicationEvent.EApprove, PaymentMode.Individual);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var download = await client.GetAsync($"/merkez/basvurular/{application.Id}/dekont");
        var shown = await client.GetAsync($"/merkez/basvurular/{application.Id}/dekont?goster=1");

        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(InstitutionApplicationSupport.ReceiptPdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("inline", shown.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(InstitutionApplicationSupport.ReceiptPdf, await shown.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Details_WetSigned_ShowsFormNumberAndHistoryInTurkish()
    {
        var application = await AtCentreAsync(app, "Islak", "İmzalı", "Karar Üniversitesi", ApplicationEvent.Receive);
        var client = await app.LoginAsync(Officer, OfficerPassword);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/merkez/basvurular/{application.Id}"));

        Assert.Contains(application.FormNumber!, page, StringComparison.Ordinal);
        Assert.Contains("Islak imzalı", page, StringComparison.Ordinal);
        Assert.Contains("Atatürk Bulvarı No: 1", page, StringComparison.Ordinal);
        Assert.Contains("+905321234567", page, StringComparison.Ordinal);
        Assert.Contains(application.Identifier, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallCentreAgent_QueueAndApproval_AreForbidden()
    {
        var application = await AtCentreAsync(app, "Çağrı", "Denemesi", "Karar Üniversitesi", ApplicationEvent.EApprove);
        var client = await app.LoginAsync("cagri.merkezi", "Cagri.Merkezi-2026");

        var queue = await client.GetAsync("/merkez/basvurular");
        var details = await client.GetAsync($"/merkez/basvurular/{application.Id}");
        // A token from a /merkez page the agent may open, so only the role is what refuses.
        var approve = await MuhurAppFactory.PostFormAsync(client, $"/merkez/basvurular/{application.Id}?handler=Approve", new Dictionary<string, string>(), "/merkez");

        AssertForbidden(queue);
        AssertForbidden(details);
        AssertForbidden(approve);
        Assert.Equal("EApproved", await StateAsync(application.Id));
    }

    [Fact]
    public async Task InstitutionAuthority_CentreQueue_IsForbidden()
    {
        var application = await AtCentreAsync(app, "Kurum", "Yetkilisi", "Karar Üniversitesi", ApplicationEvent.EApprove);
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var queue = await client.GetAsync("/merkez/basvurular");
        var details = await client.GetAsync($"/merkez/basvurular/{application.Id}");

        AssertForbidden(queue);
        AssertForbidden(details);
    }

    /// <summary>The staff cookie's access-denied path: the Turkish 403 page (PortalAuthorizationTests).</summary>
    private static void AssertForbidden(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/hata/403", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task ApplyAsync(Guid id, ApplicationEvent @event, string actor)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ChangeApplicationState>().RunAsync(id, @event, actor, null, CancellationToken.None);
        Assert.True(result!.Changed);
    }

    private Task<string> StateAsync(Guid id) => ApplicationSigningTestSupport.StateAsync(app, id);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string handler, Dictionary<string, string> fields) =>
        MuhurAppFactory.PostFormAsync(client, $"/merkez/basvurular/{id}?handler={handler}", fields, $"/merkez/basvurular/{id}");

    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, Guid id, string handler, string token)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        return await client.PostAsync($"/merkez/basvurular/{id}?handler={handler}", content);
    }
}
