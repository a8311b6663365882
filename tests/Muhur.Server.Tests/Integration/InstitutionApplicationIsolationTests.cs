using System.Net;
using Muhur.Server.Tests.Infrastructure;
using static Muhur.Server.Tests.Infrastructure.InstitutionApplicationSupport;

namespace Muhur.Server.Tests.Integration;

// R-X-4: an authority of a second institution never sees or changes the demo institution's applications: not in the
// list or its search, and their details, the access password's resending and the receipt are not found by direct URL;
// nor can it use the other institution's positions to open one.
public class InstitutionApplicationIsolationTests(InstitutionApplicationIsolationTests.TwoInstitutions two)
    : IClassFixture<InstitutionApplicationIsolationTests.TwoInstitutions>
{
    private const string Password = "Kurum.Yetkili-2026";

    [Fact]
    public async Task OtherAuthority_ListAndSearch_ShowNothingOfA()
    {
        var other = await two.LoginAsync("baska.yetkili", Password);

        var list = await other.GetStringAsync("/kurum/basvurular");
        var search = await other.GetStringAsync("/kurum/basvurular?ara=Yücel");
        var own = await two.LoginAsync("kurum.yetkili", Password);
        var ownList = await own.GetStringAsync("/kurum/basvurular");

        Assert.DoesNotContain("Yücel", list, StringComparison.Ordinal);
        Assert.DoesNotContain(two.ApplicationA.ToString(), list, StringComparison.Ordinal);
        Assert.Contains("Süzgece uyan başvuru yok.", search, StringComparison.Ordinal);
        Assert.Contains("Yücel", ownList, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherAuthority_DetailsResendAndReceiptOfA_AreNotFoundAndChangeNothing()
    {
        var other = await two.LoginAsync("baska.yetkili", Password);
        var path = $"/kurum/basvurular/{two.ApplicationA}";
        var mailsBefore = await two.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_messages");
        var hashBefore = await two.Database.ScalarAsync<string>("SELECT access_password_hash FROM applications WHERE id = $1", two.ApplicationA);

        var details = await other.GetAsync(path);
        var receipt = await other.GetAsync(path + "/dekont");
        var resend = await MuhurAppFactory.PostFormAsync(other, path + "?handler=Resend", new Dictionary<string, string>(), "/kurum/basvurular/yeni");

        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.DoesNotContain("Yücel", await details.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, receipt.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, resend.StatusCode);
        Assert.Equal(mailsBefore, await two.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(hashBefore, await two.Database.ScalarAsync<string>("SELECT access_password_hash FROM applications WHERE id = $1", two.ApplicationA));
    }

    [Fact]
    public async Task OtherAuthority_WithAsPosition_CannotOpenAnApplication()
    {
        var other = await two.LoginAsync("baska.yetkili", Password);
        var form = Form(TurkishId(901), "Mert", "Sarı", "mert.sari@baska.edu.tr", two.PositionA);

        var response = await PostMultipartAsync(other, NewPath, form, "Receipt", null, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Listeden geçerli bir seçim yapın.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await two.Database.ScalarAsync<long>("SELECT count(*) FROM people WHERE corporate_email = 'mert.sari@baska.edu.tr'"));
    }

    [Fact]
    public async Task OwnAuthority_DetailsAndReceipt_AreShown()
    {
        var own = await two.LoginAsync("kurum.yetkili", Password);

        var details = await own.GetStringAsync($"/kurum/basvurular/{two.ApplicationA}");
        var receipt = await own.GetAsync($"/kurum/basvurular/{two.ApplicationA}/dekont");

        Assert.Contains("Yücel", details, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        Assert.Equal(ReceiptPng, await receipt.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The demo institution (A) with an individually paid application and its PNG receipt; a second institution with its authority.</summary>
    public sealed class TwoInstitutions : MuhurAppFactory, IAsyncLifetime
    {
        public Guid ApplicationA { get; private set; }

        public Guid? PositionA { get; private set; }

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await Database.ExecuteAsync("""
                INSERT INTO institutions (id, code, name) VALUES ('00000000-0000-7000-8000-0000000000b1', 'BASKA-TEK', 'Başka Teknik Üniversitesi');
                INSERT INTO institution_mail_domains (institution_id, domain) VALUES ('00000000-0000-7000-8000-0000000000b1', 'baska.edu.tr');
                INSERT INTO staff_accounts (id, user_name, display_name, role, institution_id, password_hash)
                SELECT gen_random_uuid(), 'baska.yetkili', 'Başka Yetkili', 'InstitutionAuthority', '00000000-0000-7000-8000-0000000000b1', password_hash
                FROM staff_accounts WHERE user_name = 'kurum.yetkili';
                """);
            PositionA = await Database.ScalarAsync<Guid>(
                "SELECT p.id FROM positions p JOIN institutions i ON i.id = p.institution_id WHERE p.name = 'Dekan' AND i.code <> 'BASKA-TEK'");
            var client = await LoginAsync("kurum.yetkili", Password);
            var response = await PostMultipartAsync(
                client, NewPath, Form(TurkishId(900), "Sena", "Yücel", "sena.yucel@ornek.edu.tr", null), "Receipt", "dekont.png", ReceiptPng, "image/png");
            ApplicationA = Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
        }

        Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
    }
}
