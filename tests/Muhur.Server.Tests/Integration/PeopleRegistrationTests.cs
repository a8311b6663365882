using System.Net;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-APP-1: the institution authority registers people with a validated national ID; R-X-4: only
// their own institution's people; R-X-3: IDs masked on screen; R-CA-4: every registration audited.
public class PeopleRegistrationTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task RegisterForm_OnlyRegisters_PointsToTheApplicationForm()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var html = await client.GetStringAsync("/kurum/kisiler/yeni");
        var english = await client.GetStringAsync("/kurum/kisiler/yeni?culture=en");

        Assert.Contains("Bu sayfa kişiyi yalnızca kaydeder; e-posta gönderilmez.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/kurum/basvurular/yeni\"", html, StringComparison.Ordinal);
        Assert.Contains("This page only registers the person; no e-mail is sent.", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_InvalidChecksum_ShowsClearTurkishErrorAndStoresNothing()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM people");

        var response = await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", Form("10000000147", "Deniz", "Ak"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bu T.C. Kimlik No geçerli değil; rakamları kontrol edin.", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM people"));
    }

    [Theory]
    [InlineData("1000000014", "11 haneli")]
    [InlineData("1000000014a", "yalnızca rakamlardan")]
    [InlineData("", "Kimlik numarasını girin.")]
    public async Task Register_MalformedNumber_NamesTheProblem(string number, string expected)
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var response = await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", Form(number, "Deniz", "Ak"));

        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_ValidPerson_IsStoredAuditedAndListedMasked()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var response = await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", Form("99000000042", "Günay", "Işıkçı", kind: "ForeignerIdentityNumber"));
        var list = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Günay Işıkçı kaydedildi.", list, StringComparison.Ordinal);
        Assert.Contains("*********42", list, StringComparison.Ordinal);
        Assert.DoesNotContain("99000000042", list, StringComparison.Ordinal);
        Assert.Equal("Işıkçı", await app.Database.ScalarAsync<string>("SELECT surname FROM people WHERE identifier_number = '99000000042'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'person.registered' AND actor = 'staff:kurum.yetkili'"));
    }

    [Fact]
    public async Task Register_ForeignerNumberAsTurkish_AsksForTheRightKind()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var response = await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", Form("99000000042", "Ali", "Veli"));

        Assert.Contains("yabancı kimlik numarasıdır", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_Passport_NeedsCountryCode()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var form = Form("C01X00T47", "Anna", "Schmidt", kind: "Passport");

        var missingCountry = await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", form);
        form["Input.PassportCountry"] = "de";
        var withCountry = await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", form);

        Assert.Contains("iki harfli kodla", await missingCountry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, withCountry.StatusCode);
        Assert.Equal("DE", await app.Database.ScalarAsync<string>("SELECT identifier_country FROM people WHERE identifier_number = 'C01X00T47'"));
    }

    [Fact]
    public async Task Register_SameNumberTwice_SaysAlreadyRegistered()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var response = await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", Form("10000000146", "Ayşe", "Yılmaz"));

        Assert.Contains("zaten bir kişi kayıtlı", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_BadEmailAndName_ReportsBothFields()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var form = Form("11111111110", "Ali2", "Veli");
        form["Input.CorporateEmail"] = "ali-at-ornek";

        var html = await (await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", form)).Content.ReadAsStringAsync();

        Assert.Contains("Geçerli bir e-posta adresi girin", html, StringComparison.Ordinal);
        Assert.Contains("Yalnızca harf", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sukru.ozturk@gmail.com", "Kişisel bir e-posta adresi (gmail.com) kurumsal adres olarak kabul edilmez")]
    [InlineData("sukru.ozturk@baska.edu.tr", "Kurumsal e-posta, kurumun kayıtlı alan adlarından birinde olmalı: ornek.edu.tr.")]
    public async Task Register_AddressOutsideTheInstitutionsMail_IsRefusedWithItsReason(string email, string message)
    {
        // R-APP-1: the access password goes to the corporate address.
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var form = Form("52987148206", "Şükrü", "Öztürk");
        form["Input.CorporateEmail"] = email;

        var response = await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM people WHERE identifier_number = '52987148206'"));
    }

    [Fact]
    public async Task People_OtherInstitutionsAuthority_SeesOnlyItsOwnPeople()
    {
        await app.Database.ExecuteAsync("""
            INSERT INTO institutions (id, code, name) VALUES ('00000000-0000-7000-8000-000000000001', 'DIGER-UNI', 'Diğer Üniversite');
            INSERT INTO staff_accounts (id, user_name, display_name, role, institution_id, password_hash)
            SELECT gen_random_uuid(), 'diger.yetkili', 'Diğer Yetkili', 'InstitutionAuthority', '00000000-0000-7000-8000-000000000001', password_hash
            FROM staff_accounts WHERE user_name = 'kurum.yetkili';
            """);
        var client = await app.LoginAsync("diger.yetkili", "Kurum.Yetkili-2026");

        var list = await client.GetStringAsync("/kurum/kisiler");
        var dashboard = await client.GetStringAsync("/kurum");

        Assert.DoesNotContain("Yılmaz", list, StringComparison.Ordinal);
        Assert.Contains("Henüz kayıtlı kişi yok.", list, StringComparison.Ordinal);
        Assert.Contains("Diğer Üniversite", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_UnitOfAnotherInstitution_IsRefused()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        await app.Database.ExecuteAsync("""
            INSERT INTO institutions (id, code, name) VALUES ('00000000-0000-7000-8000-0000000000aa', 'UCUNCU-UNI', 'Üçüncü Üniversite') ON CONFLICT DO NOTHING;
            INSERT INTO units (id, institution_id, name) VALUES ('00000000-0000-7000-8000-0000000000ab', '00000000-0000-7000-8000-0000000000aa', 'Yabancı Birim') ON CONFLICT DO NOTHING;
            """);
        var form = Form("12345678950", "Ece", "Tan");
        form["Input.UnitId"] = "00000000-0000-7000-8000-0000000000ab";

        var html = await (await MuhurAppFactory.PostFormAsync(client, "/kurum/kisiler/yeni", form)).Content.ReadAsStringAsync();

        Assert.Contains("Listeden geçerli bir seçim yapın.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PositionsTable_IsSeededWithTableOneAndEditable()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var page = await client.GetStringAsync("/kurum/gorevler");
        var added = await MuhurAppFactory.PostFormAsync(
            client, "/kurum/gorevler?handler=Add", new Dictionary<string, string> { ["name"] = "Enstitü Müdürü", ["category"] = "Academic" }, formPath: "/kurum/gorevler");

        // R-ELIG-1: the seed's Table 1, 11 academic and 11 administrative positions.
        Assert.Contains("KEP Genel Evrak Sorumlusu", page, StringComparison.Ordinal);
        Assert.Contains("Anabilim Dalı Başkanı", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM positions WHERE name = 'Enstitü Müdürü'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'position.added'"));
    }

    private static Dictionary<string, string> Form(string number, string givenName, string surname, string kind = "TurkishIdentityNumber") => new()
    {
        ["Input.IdentifierKind"] = kind,
        ["Input.IdentifierNumber"] = number,
        ["Input.GivenName"] = givenName,
        ["Input.Surname"] = surname,
        ["Input.CorporateEmail"] = "kisi@ornek.edu.tr",
    };
}
