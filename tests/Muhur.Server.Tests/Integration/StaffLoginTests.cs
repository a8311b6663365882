using System.Net;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// Staff login: hashed passwords, lockout after repeated failures, anti-forgery on the form, secure cookie.
// R-X-4: staff reach their portal only through a login that resists guessing (R-X-3: passwords stored only as hashes).
public class StaffLoginTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Login_CorrectPassword_RedirectsInstitutionAuthorityToItsPortal()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await MuhurAppFactory.PostFormAsync(client, "/giris", Form("kurum.yetkili", "Kurum.Yetkili-2026"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/kurum", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("Muhur.Staff=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var dashboard = await client.GetStringAsync("/kurum");
        Assert.Contains("Örnek Üniversitesi", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsGenericTurkishMessage()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await MuhurAppFactory.PostFormAsync(client, "/giris", Form("merkez.operator", "yanlis-parola"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Kullanıcı adı veya parola hatalı.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UnknownUser_ShowsTheSameMessageAsWrongPassword()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await MuhurAppFactory.PostFormAsync(client, "/giris", Form("olmayan.kullanici", "bir-parola"));

        Assert.Contains("Kullanıcı adı veya parola hatalı.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_EmptyFields_AsksForThem()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await MuhurAppFactory.PostFormAsync(client, "/giris", Form(string.Empty, string.Empty));

        Assert.Contains("Bu alan zorunludur.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccountEvenForTheRightPassword()
    {
        var client = app.CreateBrowserLikeClient();
        await app.Database.ExecuteAsync("""
            INSERT INTO staff_accounts (id, user_name, display_name, role, institution_id, password_hash)
            SELECT gen_random_uuid(), 'kilit.deneme', 'Kilit Deneme', role, institution_id, password_hash
            FROM staff_accounts WHERE user_name = 'kurum.yetkili'
            """);

        for (var i = 0; i < 4; i++)
        {
            var wrong = await MuhurAppFactory.PostFormAsync(client, "/giris", Form("kilit.deneme", $"yanlis-{i}"));
            Assert.Contains("Kullanıcı adı veya parola hatalı.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var fifth = await MuhurAppFactory.PostFormAsync(client, "/giris", Form("kilit.deneme", "yanlis-5"));
        var right = await MuhurAppFactory.PostFormAsync(client, "/giris", Form("kilit.deneme", "Kurum.Yetkili-2026"));

        Assert.Contains("kilitlendi", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("kilitlendi", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lockedUntil = await app.Database.ScalarAsync<DateTime?>("SELECT lockout_end FROM staff_accounts WHERE user_name = 'kilit.deneme'");
        Assert.True(lockedUntil > DateTime.UtcNow.AddMinutes(10));
        var audited = await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'staff.locked-out' AND subject = 'staff:kilit.deneme'");
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_IsRejected()
    {
        var client = app.CreateBrowserLikeClient();
        using var content = new FormUrlEncodedContent(Form("kurum.yetkili", "Kurum.Yetkili-2026"));

        var response = await client.PostAsync("/giris", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Login_PasswordIsStoredOnlyAsHash()
    {
        var hash = await app.Database.ScalarAsync<string>("SELECT password_hash FROM staff_accounts WHERE user_name = 'kurum.yetkili'");

        Assert.NotNull(hash);
        Assert.DoesNotContain("Kurum.Yetkili-2026", hash, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", hash, StringComparison.Ordinal); // ASP.NET Core Identity v3 format: PBKDF2
    }

    [Fact]
    public async Task Logout_Post_EndsTheSession()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var logout = await MuhurAppFactory.PostFormAsync(client, "/cikis", new Dictionary<string, string>(), formPath: "/kurum");
        var after = await client.GetAsync("/kurum");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.StartsWith("/giris", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Form(string userName, string password) => new()
    {
        ["Input.UserName"] = userName,
        ["Input.Password"] = password,
    };
}
