using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-X-4: an institution authority sees only their own institution's people, units, positions, certificates and
// cards, through every /kurum page and by direct URL with another institution's ids; the filter is the database
// context's, in one place. The centre and everything outside a request (commands, jobs) see every institution.
public class InstitutionIsolationTests(InstitutionIsolationTests.TwoInstitutions two) : IClassFixture<InstitutionIsolationTests.TwoInstitutions>
{
    private const string AuthorityA = "kurum.yetkili";
    private const string AuthorityB = "baska.yetkili";
    private const string Password = "Kurum.Yetkili-2026";

    [Fact]
    public async Task PeopleList_AuthorityOfA_ListsOnlyAsPeople()
    {
        var client = await two.LoginAsync(AuthorityA, Password);

        var list = await client.GetStringAsync("/kurum/kisiler");
        var search = await client.GetStringAsync("/kurum/kisiler?ara=Karahan");

        Assert.Contains("Yılmaz", list, StringComparison.Ordinal);
        Assert.Contains($"/kurum/kisiler/{two.PersonA}", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Karahan", list, StringComparison.Ordinal);
        Assert.DoesNotContain(two.PersonB.ToString(), list, StringComparison.Ordinal);
        Assert.Contains("Aramaya uyan kişi yok.", search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonPage_AuthorityOfAWithBsId_IsNotFoundAndShowsNothingOfB()
    {
        var client = await two.LoginAsync(AuthorityA, Password);

        var response = await client.GetAsync($"/kurum/kisiler/{two.PersonB}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Karahan", html, StringComparison.Ordinal);
        Assert.DoesNotContain(two.CertificateB, html, StringComparison.Ordinal);
        Assert.DoesNotContain(two.CardB, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonPage_AuthorityOfAWithOwnId_ShowsOwnCertificateAndCardOnly()
    {
        var client = await two.LoginAsync(AuthorityA, Password);

        var response = await client.GetAsync($"/kurum/kisiler/{two.PersonA}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Yılmaz", html, StringComparison.Ordinal);
        Assert.Contains(two.CertificateA, html, StringComparison.Ordinal);
        Assert.Contains(two.CardA, html, StringComparison.Ordinal);
        Assert.DoesNotContain(two.CertificateB, html, StringComparison.Ordinal);
        Assert.DoesNotContain(two.CardB, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonPage_AuthorityOfBWithAsId_IsNotFoundButOwnIsShown()
    {
        var client = await two.LoginAsync(AuthorityB, Password);

        var other = await client.GetAsync($"/kurum/kisiler/{two.PersonA}");
        var own = await client.GetStringAsync($"/kurum/kisiler/{two.PersonB}");
        var list = await client.GetStringAsync("/kurum/kisiler");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("Karahan", own, StringComparison.Ordinal);
        Assert.Contains(two.CertificateB, own, StringComparison.Ordinal);
        Assert.Contains(two.CardB, own, StringComparison.Ordinal);
        Assert.Contains("Karahan", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Yılmaz", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_AuthorityOfA_CountsAndNamesOnlyA()
    {
        var client = await two.LoginAsync(AuthorityA, Password);
        var peopleOfA = await two.Database.ScalarAsync<long>("SELECT count(*) FROM people WHERE institution_id = $1", two.InstitutionA);

        var html = await client.GetStringAsync("/kurum");

        Assert.Contains("Örnek Üniversitesi", html, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"figure\">{peopleOfA}</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(TwoInstitutions.NameB, html, StringComparison.Ordinal);
        Assert.DoesNotContain(TwoInstitutions.UnitB, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterForm_AuthorityOfA_OffersOnlyAsUnitsAndPositions()
    {
        var client = await two.LoginAsync(AuthorityA, Password);

        var html = await client.GetStringAsync("/kurum/kisiler/yeni");

        Assert.Contains("Tıp Fakültesi", html, StringComparison.Ordinal);
        Assert.DoesNotContain(TwoInstitutions.UnitB, html, StringComparison.Ordinal);
        Assert.DoesNotContain(TwoInstitutions.PositionB, html, StringComparison.Ordinal);
        Assert.DoesNotContain(two.UnitBId.ToString(), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PositionsTable_AuthorityOfATogglesBsPosition_IsNotFoundAndUnchanged()
    {
        var client = await two.LoginAsync(AuthorityA, Password);

        var page = await client.GetStringAsync("/kurum/gorevler");
        var response = await MuhurAppFactory.PostFormAsync(
            client, $"/kurum/gorevler?handler=Toggle&id={two.PositionBId}", new Dictionary<string, string>(), formPath: "/kurum/gorevler");

        Assert.DoesNotContain(TwoInstitutions.PositionB, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(await two.Database.ScalarAsync<bool>("SELECT is_eligible FROM positions WHERE id = $1", two.PositionBId));
    }

    [Fact]
    public async Task CentreDashboard_CentreOfficer_SeesBothInstitutionsAndAllCertificates()
    {
        var client = await two.LoginAsync("merkez.operator", "Merkez.Operator-2026");

        var html = await client.GetStringAsync("/merkez");

        Assert.Contains("Örnek Üniversitesi", html, StringComparison.Ordinal);
        Assert.Contains(TwoInstitutions.NameB, html, StringComparison.Ordinal);
        Assert.Contains("2 geçerli", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_OutsideARequest_SeesEveryInstitution()
    {
        // As the commands, start-up and the background jobs use it: no request, so no institution in scope.
        await using var scope = two.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();

        var institutions = await db.Institutions.Select(i => i.Id).ToListAsync();
        var people = await db.People.Select(p => p.Id).ToListAsync();
        var certificates = await db.Certificates.Select(c => c.Serial).ToListAsync();
        var cards = await db.Cards.Select(c => c.Serial).ToListAsync();
        var units = await db.Units.Select(u => u.Id).ToListAsync();

        Assert.Contains(two.InstitutionA, institutions);
        Assert.Contains(two.InstitutionB, institutions);
        Assert.Contains(two.PersonA, people);
        Assert.Contains(two.PersonB, people);
        Assert.Contains(certificates, s => Convert.ToHexString(s) == two.CertificateA);
        Assert.Contains(certificates, s => Convert.ToHexString(s) == two.CertificateB);
        Assert.Contains(two.CardA, cards);
        Assert.Contains(two.CardB, cards);
        Assert.Contains(two.UnitBId, units);
    }

    /// <summary>
    /// The demo institution (A) with its authority, and a second institution (B) with its own authority, unit,
    /// position and person; one certificate and one card for a person of each.
    /// </summary>
    public sealed class TwoInstitutions : MuhurAppFactory, IAsyncLifetime
    {
        public const string NameB = "Başka Teknik Üniversitesi";
        public const string UnitB = "Gizli Araştırma Birimi";
        public const string PositionB = "Başka Görev Unvanı";

        public Guid InstitutionA { get; private set; }

        public Guid InstitutionB { get; private set; }

        public Guid PersonA { get; private set; }

        public Guid PersonB { get; private set; }

        public Guid UnitBId { get; } = Guid.CreateVersion7();

        public Guid PositionBId { get; } = Guid.CreateVersion7();

        public string CertificateA { get; private set; } = string.Empty;

        public string CertificateB { get; private set; } = string.Empty;

        public string CardA { get; } = "KART-A-0001";

        public string CardB { get; } = "KART-B-0001";

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            var a = await CaTestSupport.RegisterAsync(this, "10000000146", "Örnek Üniversitesi");
            var b = await CaTestSupport.RegisterAsync(this, "12345678950", NameB, "Deniz", "Karahan");
            (InstitutionA, PersonA, InstitutionB, PersonB) = (a.InstitutionId, a.PersonId, b.InstitutionId, b.PersonId);
            CertificateA = (await CaTestSupport.IssueAsync(this, "10000000146", "Örnek Üniversitesi")).SerialHex;
            CertificateB = (await CaTestSupport.IssueAsync(this, "12345678950", NameB, "Deniz", "Karahan")).SerialHex;
            await Database.ExecuteAsync("INSERT INTO units (id, institution_id, name) VALUES ($1, $2, $3)", UnitBId, InstitutionB, UnitB);
            await Database.ExecuteAsync(
                "INSERT INTO positions (id, institution_id, name, category, is_eligible) VALUES ($1, $2, $3, 'Academic', true)", PositionBId, InstitutionB, PositionB);
            await Database.ExecuteAsync(
                """
                INSERT INTO staff_accounts (id, user_name, display_name, role, institution_id, password_hash)
                SELECT gen_random_uuid(), 'baska.yetkili', 'Başka Yetkili', 'InstitutionAuthority', $1, password_hash
                FROM staff_accounts WHERE user_name = 'kurum.yetkili'
                """,
                InstitutionB);
            await InsertCardAsync(CardA, CertificateA, PersonA, InstitutionA);
            await InsertCardAsync(CardB, CertificateB, PersonB, InstitutionB);
        }

        // Rows as card production writes them; the envelopes are never opened here.
        private Task InsertCardAsync(string serial, string certificateSerial, Guid person, Guid institution) =>
            Database.ExecuteAsync(
                """
                INSERT INTO cards (serial, token_manufacturer, token_model, certificate_serial, person_id, institution_id,
                                   master_key_id, wrapped_data_key, pin_envelope, puk_envelope, produced_at, produced_by)
                VALUES ($1, 'Test', 'Kart', $2, $3, $4, 'test', '\x00', '\x00', '\x00', now(), 'test')
                """,
                serial, Convert.FromHexString(certificateSerial), person, institution);

        Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
    }
}
