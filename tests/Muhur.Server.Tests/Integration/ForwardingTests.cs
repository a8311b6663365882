using System.Net;
using System.Text.RegularExpressions;
using Muhur.Server.Tests.Infrastructure;
using static Muhur.Server.Tests.Infrastructure.ForwardingTestSupport;
using Support = Muhur.Server.Tests.Infrastructure.ApplicationFormTestSupport;

namespace Muhur.Server.Tests.Integration;

// R-APP-9 (R-X-4, R-CA-4, issue 11 items 1, 2 and 7): the institution marks signed paper forms received by barcode,
// makes a batch with its cover letter (pdftotext: Turkish letters intact, the barcodes listed are the batch's), sends
// it (applications ForwardedToCentre, in one transaction, refused whole when a form was voided meanwhile, cancellable);
// the centre's officer marks each form found (ReceivedByCentre), records what did not belong (NotInBatch, Voided,
// Unknown) and, on finishing, what was missing; both see the report. A second institution sees nothing of it, a
// call-centre agent cannot open the centre's incoming forms and an officer cannot act as an institution.
public partial class ForwardingTests(ForwardingTests.TwoInstitutions app) : IClassFixture<ForwardingTests.TwoInstitutions>
{
    [Fact]
    public async Task Mark_ValidBarcodeWithSpaces_MarksReceivedAudited()
    {
        // Arrange
        var (_, id, number) = await WetFormAsync(app);
        var authority = await app.LoginAsync("kurum.yetkili", AuthorityPassword);

        // Act: a scanner or a person may group the digits.
        var page = await MarkAsync(authority, $"{number[..4]} {number[4..8]} {number[8..]}");
        var again = await MarkAsync(authority, number);

        // Assert
        Assert.Contains($"{number} numaralı form (Gülşen Öztürkoğlu) teslim alındı.", page, StringComparison.Ordinal);
        Assert.Contains($"{number} numaralı form (Gülşen Öztürkoğlu) zaten teslim alınmış.", again, StringComparison.Ordinal);
        Assert.Equal("staff:kurum.yetkili", await Support.ScalarAsync<string>(app,
            $"SELECT received_by_institution_by AS \"Value\" FROM application_forms WHERE form_number = {number} AND received_by_institution_at IS NOT NULL"));
        Assert.Equal(1, await Support.ScalarAsync<int>(app,
            $"SELECT count(*)::int AS \"Value\" FROM audit_log WHERE action = 'forwarding.form-received' AND subject = {"application:" + id}"));
    }

    [Fact]
    public async Task Mark_VoidedMalformedUnknownAndOtherInstitutions_EachItsMessageNothingMarked()
    {
        // Arrange
        var (applicant, id, voided) = await WetFormAsync(app);
        await CorrectFormAsync(app, applicant, id);
        var (_, _, valid) = await WetFormAsync(app);
        var authority = await app.LoginAsync("kurum.yetkili", AuthorityPassword);
        var other = await app.LoginAsync("baska.yetkili", AuthorityPassword);
        var unknown = "202699999993";

        // Act
        var voidedPage = await MarkAsync(authority, voided);
        var malformed = await MarkAsync(authority, valid[..^1] + (char)('0' + ((valid[^1] - '0' + 1) % 10)));
        var unknownPage = await MarkAsync(other, unknown);
        var otherInstitutions = await MarkAsync(other, valid);

        // Assert
        Assert.Contains("bu form geçersiz kılınmış: başvuru sahibi formunu düzeltip yeniden oluşturdu; yeni formu isteyin", voidedPage, StringComparison.Ordinal);
        Assert.Contains("Barkod numarası hatalı", malformed, StringComparison.Ordinal);
        Assert.Contains($"{unknown} numaralı bir form kurumunuzda bulunamadı.", unknownPage, StringComparison.Ordinal);
        Assert.Contains($"{valid} numaralı bir form kurumunuzda bulunamadı.", otherInstitutions, StringComparison.Ordinal);
        Assert.DoesNotContain("Gülşen", otherInstitutions, StringComparison.Ordinal);
        Assert.Equal(0, await Support.ScalarAsync<int>(app,
            $"SELECT count(*)::int AS \"Value\" FROM application_forms WHERE form_number IN ({voided}, {valid}) AND received_by_institution_at IS NOT NULL"));
    }

    [Fact]
    public async Task CreateAndSend_TwoReceivedForms_LetterListsThemAndApplicationsAreForwarded()
    {
        // Arrange
        var (_, firstId, first) = await WetFormAsync(app);
        var (_, secondId, second) = await WetFormAsync(app);
        var authority = await app.LoginAsync("kurum.yetkili", AuthorityPassword);
        await MarkAsync(authority, first);
        await MarkAsync(authority, second);
        var evrak = WebUtility.HtmlDecode(await authority.GetStringAsync("/kurum/evrak"));

        // Act
        var batchId = await CreatedBatchAsync(authority, [first, second]);
        var letterNumber = await Support.ScalarAsync<string>(app, $"SELECT letter_number AS \"Value\" FROM forwarding_batches WHERE id = {batchId}");
        var download = await authority.GetAsync($"/kurum/evrak/gonderiler/{batchId}/ust-yazi.pdf");
        var (text, _) = await Support.ReadPdfAsync(await download.Content.ReadAsByteArrayAsync());
        var stateBeforeSending = await StateAsync(firstId);
        var sent = await SendAsync(authority, batchId, "KRG-123 456");
        var batchPage = WebUtility.HtmlDecode(await authority.GetStringAsync($"/kurum/evrak/gonderiler/{batchId}"));

        // Assert: the default letter number and the letterhead from the institution.
        Assert.Matches(@"^ORNEK-UNI-\d{4}-\d{6}$", letterNumber);
        Assert.Contains("value=\"Örnek Üniversitesi\"", evrak, StringComparison.Ordinal);
        Assert.Contains("value=\"bidb@ornek.edu.tr\"", evrak, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("no-store", download.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("ÖRNEK ÜNİVERSİTESİ", text, StringComparison.Ordinal);
        Assert.Contains("Konu: Nitelikli Elektronik Sertifika başvuru formlarının gönderilmesi hk.", text, StringComparison.Ordinal);
        Assert.Contains($"Sayı: {letterNumber}", text, StringComparison.Ordinal);
        Assert.Contains("Gülşen Öztürkoğlu", text, StringComparison.Ordinal);
        Assert.Contains("Hukuk Fakültesi / Doç. Dr.", text, StringComparison.Ordinal);
        Assert.Contains("Genel Sekreter", text, StringComparison.Ordinal);
        Assert.Equal(
            (await BatchFormsAsync(batchId)).Order(StringComparer.Ordinal),
            TwelveDigits().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal));
        Assert.Equal("WetFormPrinted", stateBeforeSending);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("ForwardedToCentre", await StateAsync(firstId));
        Assert.Equal("ForwardedToCentre", await StateAsync(secondId));
        Assert.Equal("KRG-123 456", await Support.ScalarAsync<string>(app, $"SELECT courier_reference AS \"Value\" FROM forwarding_batches WHERE id = {batchId} AND sent_by = 'staff:kurum.yetkili'"));
        Assert.Contains("Parti gönderildi olarak işaretlendi", batchPage, StringComparison.Ordinal);
        Assert.Contains("Gönderildi", batchPage, StringComparison.Ordinal);
        Assert.Equal(1, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM audit_log WHERE action = 'forwarding.batch-sent' AND subject = {"forwarding-batch:" + batchId}"));

        // Forwarded forms leave the institution's list; a form is in at most one batch.
        var again = await CreateBatchAsync(authority, [first]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.DoesNotContain(first, await authority.GetStringAsync("/kurum/evrak"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NotReceivedOrTakenLetterNumber_IsRefusedWithItsMessage()
    {
        // Arrange
        var (_, _, notReceived) = await WetFormAsync(app);
        var (_, _, received) = await WetFormAsync(app);
        var authority = await app.LoginAsync("kurum.yetkili", AuthorityPassword);
        await MarkAsync(authority, received);
        var firstBatch = await CreatedBatchAsync(authority, [received]);
        var taken = await Support.ScalarAsync<string>(app, $"SELECT letter_number AS \"Value\" FROM forwarding_batches WHERE id = {firstBatch}");
        await CancelAsync(authority, firstBatch);

        // Act
        var notReady = await CreateBatchAsync(authority, [notReceived]);
        var duplicate = await CreateBatchAsync(authority, [received], taken);

        // Assert
        Assert.Contains($"Şu formlar artık gönderilmeye hazır değil", WebUtility.HtmlDecode(await notReady.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("Bu sayıyla bir üst yazı zaten var", WebUtility.HtmlDecode(await duplicate.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM forwarding_batch_forms WHERE form_number = {notReceived}"));
    }

    [Fact]
    public async Task Send_FormVoidedMeanwhile_RefusedWithTheListNothingChangesThenCancelFreesTheOthers()
    {
        // Arrange
        var (applicant, correctedId, corrected) = await WetFormAsync(app);
        var (_, keptId, kept) = await WetFormAsync(app);
        var authority = await app.LoginAsync("kurum.yetkili", AuthorityPassword);
        await MarkAsync(authority, corrected);
        await MarkAsync(authority, kept);
        var batchId = await CreatedBatchAsync(authority, [corrected, kept]);
        await CorrectFormAsync(app, applicant, correctedId);

        // Act
        var refused = await SendAsync(authority, batchId, "KRG-1");
        var refusedPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        var cancelled = await CancelAsync(authority, batchId);
        var newBatch = await CreatedBatchAsync(authority, [kept]);
        var sent = await SendAsync(authority, newBatch);

        // Assert
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"Parti gönderilemedi, hiçbir şey değişmedi: şu formlar bu arada geçersiz kılındı ya da başvuruları gönderilemez durumda: {corrected}.", refusedPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("ForwardedToCentre", await StateAsync(keptId));
        Assert.Equal("FormConfirmed", await StateAsync(correctedId));
        Assert.Equal(1, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM forwarding_batches WHERE id = {batchId} AND sent_at IS NULL AND cancelled_at IS NOT NULL"));
        Assert.Equal(1, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_state_changes WHERE application_id = {keptId} AND event = 'Forward'"));
        Assert.Equal(0, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM application_state_changes WHERE application_id = {correctedId} AND event = 'Forward'"));
    }

    [Fact]
    public async Task CentreReceipt_FoundVoidedUnknownForeignAndMissing_RecordedAndReportedToBoth()
    {
        // Arrange: a batch of three forms sent; a fourth form in another batch; a voided form.
        var (_, foundId, found) = await WetFormAsync(app);
        var (_, missingId, missing) = await WetFormAsync(app);
        var (_, _, third) = await WetFormAsync(app);
        var (_, _, foreign) = await WetFormAsync(app);
        var (applicant, voidedId, voided) = await WetFormAsync(app);
        await CorrectFormAsync(app, applicant, voidedId);
        var authority = await app.LoginAsync("kurum.yetkili", AuthorityPassword);
        foreach (var number in new[] { found, missing, third, foreign })
        {
            await MarkAsync(authority, number);
        }

        var batchId = await CreatedBatchAsync(authority, [found, missing, third]);
        await SendAsync(authority, batchId, "RR123456789TR");
        var officer = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");
        var list = WebUtility.HtmlDecode(await officer.GetStringAsync("/merkez/gelen-evrak"));

        // Act
        var afterFound = await ScanAsync(officer, batchId, found);
        await ScanAsync(officer, batchId, third);
        var afterVoided = await ScanAsync(officer, batchId, voided);
        var afterUnknown = await ScanAsync(officer, batchId, "202699999993");
        var afterForeign = await ScanAsync(officer, batchId, foreign);
        var finished = await FinishAsync(officer, batchId);
        var afterFinish = await ScanAsync(officer, batchId, missing);
        var institutionReport = WebUtility.HtmlDecode(await authority.GetStringAsync($"/kurum/evrak/gonderiler/{batchId}"));

        // Assert
        Assert.Contains("RR123456789TR", list, StringComparison.Ordinal);
        Assert.Contains("Örnek Üniversitesi", list, StringComparison.Ordinal);
        Assert.Contains($"{found} numaralı form (Gülşen Öztürkoğlu) teslim alındı; başvuru merkezde.", afterFound, StringComparison.Ordinal);
        Assert.Contains($"{voided} numaralı form geçersiz kılınmış", afterVoided, StringComparison.Ordinal);
        Assert.Contains("202699999993 numaralı bir form yok; bilinmeyen barkod olarak kaydedildi.", afterUnknown, StringComparison.Ordinal);
        Assert.Contains($"{foreign} numaralı form bu partide yok; uyuşmazlık olarak kaydedildi.", afterForeign, StringComparison.Ordinal);
        Assert.Contains("Teslim alma tamamlandı. Eksik form: 1.", finished, StringComparison.Ordinal);
        Assert.Contains("Bu partinin teslim alınması tamamlanmış; yeni işaretleme yapılamaz.", afterFinish, StringComparison.Ordinal);
        Assert.Equal("ReceivedByCentre", await StateAsync(foundId));
        Assert.Equal("ForwardedToCentre", await StateAsync(missingId));
        Assert.Equal(
            ["Missing " + missing, "NotInBatch " + foreign, "Unknown 202699999993", "Voided " + voided],
            (await FindingsAsync(batchId)).Order(StringComparer.Ordinal));
        Assert.Equal(1, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM forwarding_batches WHERE id = {batchId} AND received_by = 'staff:merkez.operator'"));
        Assert.Equal(2, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM audit_log WHERE action = 'forwarding.batch-form-found' AND subject = {"forwarding-batch:" + batchId} AND actor = 'staff:merkez.operator'"));
        Assert.Equal(3, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM audit_log WHERE action = 'forwarding.batch-finding' AND subject = {"forwarding-batch:" + batchId}"));
        foreach (var report in new[] { finished, institutionReport })
        {
            Assert.Contains("Teslim alma tamamlandı: 3 formdan 2 tanesi zarftan çıktı.", report, StringComparison.Ordinal);
            Assert.Contains("Zarftan çıkmayan formlar (1)", report, StringComparison.Ordinal);
            Assert.Contains("Bu partiye ait olmayan barkodlar (3)", report, StringComparison.Ordinal);
            Assert.Contains("geçersiz kılınmış form (başvuru sahibi formu düzeltmiş)", report, StringComparison.Ordinal);
            Assert.Contains("bilinmeyen barkod", report, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OtherInstitution_BatchesLetterAndSend_NotFoundAndNotListed()
    {
        // Arrange
        var (_, id, number) = await WetFormAsync(app);
        var authority = await app.LoginAsync("kurum.yetkili", AuthorityPassword);
        await MarkAsync(authority, number);
        var batchId = await CreatedBatchAsync(authority, [number]);
        var other = await app.LoginAsync("baska.yetkili", AuthorityPassword);

        // Act
        var list = await other.GetStringAsync("/kurum/evrak/gonderiler");
        var evrak = await other.GetStringAsync("/kurum/evrak");
        var details = await other.GetAsync($"/kurum/evrak/gonderiler/{batchId}");
        var letter = await other.GetAsync($"/kurum/evrak/gonderiler/{batchId}/ust-yazi.pdf");
        var send = await MuhurAppFactory.PostFormAsync(other, $"/kurum/evrak/gonderiler/{batchId}?handler=Send",
            new Dictionary<string, string> { ["CourierReference"] = "X" }, "/kurum/evrak");
        var cancel = await MuhurAppFactory.PostFormAsync(other, $"/kurum/evrak/gonderiler/{batchId}?handler=Cancel", new Dictionary<string, string>(), "/kurum/evrak");

        // Assert
        Assert.DoesNotContain(batchId.ToString(), list, StringComparison.Ordinal);
        Assert.DoesNotContain(number, evrak, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, letter.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, send.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal("WetFormPrinted", await StateAsync(id));
        Assert.Equal(1, await Support.ScalarAsync<int>(app, $"SELECT count(*)::int AS \"Value\" FROM forwarding_batches WHERE id = {batchId} AND sent_at IS NULL AND cancelled_at IS NULL"));
    }

    [Theory]
    [InlineData("cagri.merkezi", "Cagri.Merkezi-2026", "/merkez/gelen-evrak")]
    [InlineData("kurum.yetkili", "Kurum.Yetkili-2026", "/merkez/gelen-evrak")]
    [InlineData("merkez.operator", "Merkez.Operator-2026", "/kurum/evrak")]
    [InlineData("merkez.operator", "Merkez.Operator-2026", "/kurum/evrak/gonderiler")]
    public async Task Get_OtherRolesPage_IsForbidden(string userName, string password, string path)
    {
        // Arrange
        var client = await app.LoginAsync(userName, password);

        // Act
        var response = await client.GetAsync(path);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/hata/403", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnsentBatchAtTheCentre_IsNotFound()
    {
        // Arrange
        var (_, _, number) = await WetFormAsync(app);
        var authority = await app.LoginAsync("kurum.yetkili", AuthorityPassword);
        await MarkAsync(authority, number);
        var batchId = await CreatedBatchAsync(authority, [number]);
        var officer = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");

        // Act
        var page = await officer.GetAsync($"/merkez/gelen-evrak/{batchId}");
        var list = await officer.GetStringAsync("/merkez/gelen-evrak");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain(batchId.ToString(), list, StringComparison.Ordinal);
    }

    private Task<string> StateAsync(Guid applicationId) =>
        Support.ScalarAsync<string>(app, $"SELECT state AS \"Value\" FROM applications WHERE id = {applicationId}");

    private async Task<List<string>> BatchFormsAsync(Guid batchId)
    {
        var joined = await Support.ScalarAsync<string>(app, $"SELECT string_agg(form_number, ',') AS \"Value\" FROM forwarding_batch_forms WHERE batch_id = {batchId}");
        return [.. joined.Split(',')];
    }

    private async Task<List<string>> FindingsAsync(Guid batchId)
    {
        var joined = await Support.ScalarAsync<string>(app, $"SELECT string_agg(finding || ' ' || form_number, ',') AS \"Value\" FROM forwarding_batch_findings WHERE batch_id = {batchId}");
        return [.. joined.Split(',')];
    }

    [GeneratedRegex(@"\b\d{12}\b")]
    private static partial Regex TwelveDigits();

    /// <summary>The demo institution and a second one with its own authority (baska.yetkili, the same password).</summary>
    public sealed class TwoInstitutions : MuhurAppFactory, IAsyncLifetime
    {
        // Each test signs in several applicants and staff from the one test address.
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Muhur:LoginAttemptsPerMinute"] = "1000" };

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await Database.ExecuteAsync("""
                INSERT INTO institutions (id, code, name) VALUES ('00000000-0000-7000-8000-0000000000b2', 'BASKA-TEK', 'Başka Teknik Üniversitesi');
                INSERT INTO institution_mail_domains (institution_id, domain) VALUES ('00000000-0000-7000-8000-0000000000b2', 'baska.edu.tr');
                INSERT INTO staff_accounts (id, user_name, display_name, role, institution_id, password_hash)
                SELECT gen_random_uuid(), 'baska.yetkili', 'Başka Yetkili', 'InstitutionAuthority', '00000000-0000-7000-8000-0000000000b2', password_hash
                FROM staff_accounts WHERE user_name = 'kurum.yetkili';
                """);
        }

        Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
    }
}
