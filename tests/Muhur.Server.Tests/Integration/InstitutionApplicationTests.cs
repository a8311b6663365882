using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Tests.Infrastructure;
using static Muhur.Server.Tests.Infrastructure.InstitutionApplicationSupport;

namespace Muhur.Server.Tests.Integration;

// R-APP-1: the institution registers a person and opens the application in one step; the access password goes to the
// corporate address by the outbox (R-X-2), only its hash is kept, a resent one voids the old; R-ELIG-1, R-ELIG-4,
// R-ELIG-5: eligibility by the positions table with its reason, the receipt of an individual payment checked by content;
// bad input gets its Turkish message and saves nothing; the CSV import is all or nothing; R-X-4: isolation is in
// InstitutionApplicationIsolationTests.
public class InstitutionApplicationTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string CountsSql = """
        SELECT (SELECT count(*) FROM people) || '/' || (SELECT count(*) FROM applications) || '/' || (SELECT count(*) FROM outbox_messages)
            || '/' || (SELECT count(*) FROM application_receipts) || '/' || (SELECT count(*) FROM audit_log)
        """;

    [Fact]
    public async Task Register_InstitutionPaidPosition_OpensApplicationAndMailsLinkAndPassword()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var number = TurkishId(101);

        var response = await PostMultipartAsync(client, NewPath, Form(number, "Deniz", "Karaca", "deniz.karaca@ornek.edu.tr", await PositionAsync("Dekan")), "Receipt", null, null);
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Deniz Karaca kaydedildi ve başvurusu açıldı", page, StringComparison.Ordinal);
        Assert.Contains("Kurum öder: görev tabloda (Dekan)", page, StringComparison.Ordinal);
        Assert.Contains("Erişim parolası gönderildi", page, StringComparison.Ordinal);
        Assert.Equal("+905321112233", await app.Database.ScalarAsync<string>("SELECT mobile_phone FROM people WHERE identifier_number = $1", number));
        Assert.Equal("PasswordSent|Institution|Position|Dekan", await app.Database.ScalarAsync<string>(
            "SELECT a.state || '|' || a.payment || '|' || a.eligibility_reason || '|' || a.eligibility_position FROM applications a JOIN people p ON p.id = a.person_id WHERE p.identifier_number = $1", number));

        var body = await MailBodyAsync("deniz.karaca@ornek.edu.tr");
        var link = new Uri(app.Services.GetRequiredService<IOptions<CaOptions>>().Value.PublicBaseUrl, "basvuru/giris").AbsoluteUri;
        var password = PasswordIn(body);
        Assert.Contains(link, body, StringComparison.Ordinal);
        Assert.Contains("Sayın Deniz Karaca", body, StringComparison.Ordinal);
        Assert.Matches(@"Parolanın son geçerlilik tarihi: \d{2}\.\d{2}\.\d{4}", body);
        Assert.True(await AcceptsAsync(number, password));
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE details LIKE '%' || $1 || '%'", password));
        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'application.access-password-sent' AND actor = 'staff:kurum.yetkili' AND subject = (SELECT 'application:' || a.id FROM applications a JOIN people p ON p.id = a.person_id WHERE p.identifier_number = $1)", number));
    }

    [Fact]
    public async Task Register_PositionNotInTableWithPdfReceipt_StoresReceiptAndShowsIndividualPayment()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var number = TurkishId(102);

        var response = await PostMultipartAsync(client, NewPath, Form(number, "Ece", "Şahin", "ece.sahin@ornek.edu.tr", null), "Receipt", "dekont.pdf", ReceiptPdf);
        var detailsPath = response.Headers.Location!.OriginalString;
        var page = await client.GetStringAsync(detailsPath);
        var download = await client.GetAsync(detailsPath + "/dekont");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Bireysel ödeme: görev tabloda değil", page, StringComparison.Ordinal);
        Assert.Contains("dekont.pdf", page, StringComparison.Ordinal);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ReceiptPdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("Individual|Individual|application/pdf", await app.Database.ScalarAsync<string>(
            "SELECT a.payment || '|' || a.eligibility_reason || '|' || r.content_type FROM applications a JOIN people p ON p.id = a.person_id JOIN application_receipts r ON r.application_id = a.id WHERE p.identifier_number = $1", number));
        Assert.Contains("ece.sahin@ornek.edu.tr", await MailBodyRecipientsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_AlreadyRegisteredPerson_OpensApplicationWithoutSecondPerson()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var response = await PostMultipartAsync(client, NewPath, Form("11111111110", "Şükrü", "Öztürk", "sukru.ozturk@ornek.edu.tr", await PositionAsync("Bölüm Başkanı")), "Receipt", null, null);
        var again = await PostMultipartAsync(client, NewPath, Form("11111111110", "Şükrü", "Öztürk", "sukru.ozturk@ornek.edu.tr", await PositionAsync("Bölüm Başkanı")), "Receipt", null, null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM people WHERE identifier_number = '11111111110'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM applications a JOIN people p ON p.id = a.person_id WHERE p.identifier_number = '11111111110'"));
        Assert.Contains("Bu kişinin sürmekte olan bir başvurusu var", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("checksum", "Bu T.C. Kimlik No geçerli değil; rakamları kontrol edin.")]
    [InlineData("foreigner-checksum", "Bu yabancı kimlik numarası geçerli değil; rakamları kontrol edin.")]
    [InlineData("passport-empty", "Pasaport numarasını girin.")]
    [InlineData("passport-format", "Pasaport numarası 5–20 harf ve rakamdan oluşmalıdır.")]
    [InlineData("gmail", "Kişisel bir e-posta adresi (gmail.com) kurumsal adres olarak kabul edilmez")]
    [InlineData("other-domain", "Kurumsal e-posta, kurumun kayıtlı alan adlarından birinde olmalı: ornek.edu.tr.")]
    [InlineData("mobile", "Cep telefonunu 05XX XXX XX XX biçiminde girin")]
    [InlineData("receipt-missing", "ödeme bireysel: ödeme dekontunu (PDF, JPEG veya PNG) yükleyin.")]
    [InlineData("receipt-oversized", "Dekont en çok 5 MB olabilir")]
    [InlineData("receipt-png-named-pdf", "Dosyanın adı ile içeriği uyuşmuyor")]
    [InlineData("receipt-text-named-pdf", "Dekont PDF, JPEG veya PNG olmalı")]
    public async Task Register_BadInput_ShowsItsTurkishMessageAndSavesNothing(string problem, string message)
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var form = Form(TurkishId(200), "Can", "Ilgaz", "can.ilgaz@ornek.edu.tr", null);
        var (fileName, file) = ("dekont.pdf", ReceiptPdf);
        switch (problem)
        {
            case "checksum": form["Input.IdentifierNumber"] = "10000000147"; break;
            case "foreigner-checksum": form["Input.IdentifierKind"] = "ForeignerIdentityNumber"; form["Input.IdentifierNumber"] = "99000000043"; break;
            case "passport-empty": form["Input.IdentifierKind"] = "Passport"; form["Input.IdentifierNumber"] = string.Empty; form["Input.PassportCountry"] = "DE"; break;
            case "passport-format": form["Input.IdentifierKind"] = "Passport"; form["Input.IdentifierNumber"] = "AB"; form["Input.PassportCountry"] = "DE"; break;
            case "gmail": form["Input.CorporateEmail"] = "can.ilgaz@gmail.com"; break;
            case "other-domain": form["Input.CorporateEmail"] = "can.ilgaz@baska.edu.tr"; break;
            case "mobile": form["Input.MobilePhone"] = "0212 111 22 33"; break;
            case "receipt-missing": file = null; break;
            case "receipt-oversized": file = [.. ReceiptPdf, .. new byte[(5 * 1024 * 1024) + 1 - ReceiptPdf.Length]]; break;
            case "receipt-png-named-pdf": file = ReceiptPng; break;
            case "receipt-text-named-pdf": file = Encoding.UTF8.GetBytes("Dekont: 500 TL ödendi."); break;
            default: throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
        }

        var before = await app.Database.ScalarAsync<string>(CountsSql);

        var response = await PostMultipartAsync(client, NewPath, form, "Receipt", fileName, file);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Equal(before, await app.Database.ScalarAsync<string>(CountsSql));
        if (problem.StartsWith("passport", StringComparison.Ordinal) || problem.StartsWith("foreigner", StringComparison.Ordinal))
        {
            Assert.DoesNotContain("T.C. Kimlik No geçerli", html, StringComparison.Ordinal);
            Assert.DoesNotContain("T.C. Kimlik No 11 haneli", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Resend_NewPassword_VoidsTheOldOne()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var number = TurkishId(103);
        var created = await PostMultipartAsync(client, NewPath, Form(number, "Nur", "Aydın", "nur.aydin@ornek.edu.tr", await PositionAsync("Dekan")), "Receipt", null, null);
        var detailsPath = created.Headers.Location!.OriginalString;
        var first = PasswordIn(await MailBodyAsync("nur.aydin@ornek.edu.tr"));

        var resent = await MuhurAppFactory.PostFormAsync(client, detailsPath + "?handler=Resend", new Dictionary<string, string>(), detailsPath);
        var page = await client.GetStringAsync(detailsPath);
        var second = PasswordIn(await MailBodyAsync("nur.aydin@ornek.edu.tr"));

        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Contains("Yeni erişim parolası nur.aydin@ornek.edu.tr adresine gönderildi", page, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.False(await AcceptsAsync(number, first));
        Assert.True(await AcceptsAsync(number, second));
        Assert.Equal(2, await app.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE recipient = 'nur.aydin@ornek.edu.tr'"));
    }

    [Fact]
    public async Task Resend_ApplicationNoLongerTakingLogins_IsRefusedPolitelyAndSendsNothing()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var number = TurkishId(104);
        var created = await PostMultipartAsync(client, NewPath, Form(number, "Oya", "Tekin", "oya.tekin@ornek.edu.tr", await PositionAsync("Dekan")), "Receipt", null, null);
        var detailsPath = created.Headers.Location!.OriginalString;
        var form = MuhurAppFactory.AntiforgeryToken(await client.GetStringAsync(detailsPath));
        await app.Database.ExecuteAsync("UPDATE applications SET state = 'Cancelled' WHERE person_id = (SELECT id FROM people WHERE identifier_number = $1)", number);

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = form });
        var response = await client.PostAsync(detailsPath + "?handler=Resend", content);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Yeni erişim parolası gönderilemedi", html, StringComparison.Ordinal);
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE recipient = 'oya.tekin@ornek.edu.tr'"));
    }

    [Fact]
    public async Task Import_OneBadRow_ImportsNothingAndNamesTheRow()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var csv = "kimlik_turu;kimlik_no;ulke;ad;soyad;unvan;gorev;birim;eposta;cep_telefonu;basvuru_turu\n"
            + $"TC;{TurkishId(301)};;Ali;Kaya;Prof. Dr.;Dekan;Tıp Fakültesi;ali.kaya@ornek.edu.tr;05321112233;ilk\n"
            + $"TC;{TurkishId(302)};;Veli;Acar;;Daire Başkanı;Rektörlük;veli.acar@gmail.com;;yenileme\n"
            + $"TC;{TurkishId(303)};;Zeynep;Ölmez;;Rektör;;zeynep.olmez@ornek.edu.tr;;arızalı\n";
        var before = await app.Database.ScalarAsync<string>(CountsSql);

        var response = await PostMultipartAsync(client, "/kurum/basvurular/toplu", new Dictionary<string, string>(), "Upload", "kisiler.csv", Encoding.UTF8.GetBytes(csv), "text/csv");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Dosyada 1 hatalı satır var; hiçbir satır kaydedilmedi.", html, StringComparison.Ordinal);
        Assert.Matches(@"<td data-label=""Satır"">3</td>\s*<td data-label=""Ad Soyad"">Veli Acar</td>", html);
        Assert.Contains("Kişisel bir e-posta adresi (gmail.com)", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.Database.ScalarAsync<string>(CountsSql));
    }

    [Fact]
    public async Task Import_IndividualPaymentRow_IsRefusedWithTheAdviceToUseTheForm()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var csv = $"kimlik_turu,kimlik_no,ad,soyad,eposta,basvuru_turu\nTC,{TurkishId(304)},Selin,Er,selin.er@ornek.edu.tr,ilk\n";

        var response = await PostMultipartAsync(client, "/kurum/basvurular/toplu", new Dictionary<string, string>(), "Upload", "kisiler.csv", Encoding.UTF8.GetBytes(csv), "text/csv");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("tek kişilik formdan kaydedin", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM people WHERE corporate_email = 'selin.er@ornek.edu.tr'"));
    }

    [Fact]
    public async Task Import_AllRowsGood_OpensEveryApplicationAndMailsEveryPerson()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var csv = "\uFEFFkimlik_turu,kimlik_no,ulke,ad,soyad,unvan,gorev,birim,eposta,cep_telefonu,basvuru_turu\r\n"
            + $"TC,{TurkishId(305)},,Gül,Işık,\"Doç. Dr.\",dekan,mühendislik fakültesi,gul.isik@ornek.edu.tr,\"0532 111 22 44\",ilk\r\n"
            + "PASAPORT,X1234567,de,Hans,Müller,Dr.,Bölüm Başkanı,Hukuk Fakültesi,hans.mueller@ornek.edu.tr,,kayıp-çalıntı\r\n";

        var response = await PostMultipartAsync(client, "/kurum/basvurular/toplu", new Dictionary<string, string>(), "Upload", "kisiler.csv", Encoding.UTF8.GetBytes(csv), "text/csv");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("2 kişinin başvurusu açıldı ve erişim parolaları gönderildi.", html, StringComparison.Ordinal);
        Assert.Equal("LostOrStolen|PasswordSent|DE", await app.Database.ScalarAsync<string>(
            "SELECT a.kind || '|' || a.state || '|' || p.identifier_country FROM applications a JOIN people p ON p.id = a.person_id WHERE p.identifier_number = 'X1234567'"));
        Assert.Equal("Işık|+905321112244", await app.Database.ScalarAsync<string>($"SELECT surname || '|' || mobile_phone FROM people WHERE identifier_number = '{TurkishId(305)}'"));
        Assert.Matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", await MailBodyAsync("hans.mueller@ornek.edu.tr"));
        Assert.Matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", await MailBodyAsync("gul.isik@ornek.edu.tr"));
    }

    [Fact]
    public async Task ImportSample_Download_IsUtf8CsvWithTheHeader()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var response = await client.GetAsync("/kurum/basvurular/toplu?handler=Sample");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("\uFEFFkimlik_turu;kimlik_no;ulke;ad;soyad", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FiltersAndTurkishSearch_FindTheRightApplications()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        await PostMultipartAsync(client, NewPath, Form(TurkishId(106), "İpek", "Işıklı", "ipek.isikli@ornek.edu.tr", await PositionAsync("Dekan")), "Receipt", null, null);
        var renewal = Form(TurkishId(107), "Irmak", "Ural", "irmak.ural@ornek.edu.tr", await PositionAsync("Dekan"));
        renewal["Input.Kind"] = "Renewal";
        await PostMultipartAsync(client, NewPath, renewal, "Receipt", null, null);

        var all = await client.GetStringAsync("/kurum/basvurular");
        var search = await client.GetStringAsync("/kurum/basvurular?ara=ışıklı");
        var dotless = await client.GetStringAsync("/kurum/basvurular?ara=ırmak");
        var byNumber = await client.GetStringAsync($"/kurum/basvurular?ara={TurkishId(106)}");
        var renewals = await client.GetStringAsync("/kurum/basvurular?tur=Renewal");
        var cancelled = await client.GetStringAsync("/kurum/basvurular?durum=Cancelled&ara=ipek");

        Assert.Contains("İpek Işıklı", all, StringComparison.Ordinal);
        Assert.Contains("Irmak Ural", all, StringComparison.Ordinal);
        Assert.Contains("Erişim parolası gönderildi", all, StringComparison.Ordinal);
        Assert.Contains("İpek Işıklı", search, StringComparison.Ordinal);
        Assert.DoesNotContain("Irmak Ural", search, StringComparison.Ordinal);

        // Turkish rules: "ırmak" is IRMAK; "irmak" would be İRMAK.
        Assert.Contains("Irmak Ural", dotless, StringComparison.Ordinal);
        Assert.Contains("İpek Işıklı", byNumber, StringComparison.Ordinal);
        Assert.Contains("Irmak Ural", renewals, StringComparison.Ordinal);
        Assert.DoesNotContain("İpek Işıklı", renewals, StringComparison.Ordinal);
        Assert.Contains("Süzgece uyan başvuru yok.", cancelled, StringComparison.Ordinal);
        Assert.True(all.IndexOf("İpek Işıklı", StringComparison.Ordinal) < all.IndexOf("Irmak Ural", StringComparison.Ordinal));
    }

    private async Task<Guid?> PositionAsync(string name) =>
        await app.Database.ScalarAsync<Guid>(
            "SELECT p.id FROM positions p JOIN institutions i ON i.id = p.institution_id WHERE p.name = $1 AND i.name = 'Örnek Üniversitesi'", name);

    private async Task<string> MailBodyAsync(string recipient) =>
        await app.Database.ScalarAsync<string>(
            "SELECT body FROM outbox_messages WHERE recipient = $1 AND channel = 'Email' ORDER BY created_at DESC, id DESC LIMIT 1", recipient)
        ?? throw new InvalidOperationException($"No mail to {recipient}.");

    private async Task<string> MailBodyRecipientsAsync() =>
        await app.Database.ScalarAsync<string>("SELECT string_agg(recipient, ',') FROM outbox_messages") ?? string.Empty;

    private async Task<bool> AcceptsAsync(string identifierNumber, string password)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var personId = await db.People.Where(p => p.IdentifierNumber == identifierNumber).Select(p => p.Id).SingleAsync();
        var application = await db.Set<Application>().SingleAsync(a => a.PersonId == personId);
        return application.AcceptsAccessPassword(password, DateTimeOffset.UtcNow);
    }
}
