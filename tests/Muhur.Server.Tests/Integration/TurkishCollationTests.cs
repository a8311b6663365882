using System.Net;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// Lists and searches of names follow Turkish rules (ICU "tr-x-icu"), not the bytes of the database's C.UTF-8 locale,
// which put Ç, İ, Ö, Ş after Z and fold I to i.
/// <summary>R-X-1: names listed in Turkish alphabetical order and searched by Turkish case rules.</summary>
public class TurkishCollationTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    // The Turkish alphabet: C < Ç, I (dotless) < İ, O < Ö, S < Ş; so "Ilgaz" and "Irmak" come before "İnce".
    private static readonly string[] TurkishOrder =
        ["Ceylan", "Çelik", "Ilgaz", "Irmak", "İnce", "Özdemir", "Öztürk", "Sarı", "Şahin", "Zeybek"];

    [Fact]
    public async Task Database_TurkishIcuCollation_IsThere()
    {
        var provider = await app.Database.ScalarAsync<string>("SELECT collprovider::text FROM pg_collation WHERE collname = 'tr-x-icu'");

        Assert.Equal("i", provider);
    }

    [Fact]
    public async Task PeopleList_TurkishSurnames_InTurkishAlphabeticalOrder()
    {
        var institution = await AuthorityInstitutionAsync();
        var shuffled = TurkishOrder.Reverse().ToArray();
        for (var i = 0; i < shuffled.Length; i++)
        {
            await AddPersonAsync(institution, $"3000000{i:D4}", "Sıra", shuffled[i]);
        }

        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var html = await client.GetStringAsync("/kurum/kisiler");

        Assert.Equal(TurkishOrder, OrderOfAppearance(html, TurkishOrder.Select(s => $"Sıra {s}")).Select(n => n["Sıra ".Length..]));
    }

    [Theory]
    [InlineData("ıŞık", "Arama IŞIK", "Arama Isik")]
    [InlineData("IŞIK", "Arama IŞIK", "Arama Isik")]
    [InlineData("istanbul", "Arama İstanbullu", "Arama Istanbullu")]
    [InlineData("İSTANBUL", "Arama İstanbullu", "Arama Istanbullu")]
    [InlineData("ırmak", "Arama Irmakçı", "Arama İrmakçı")]
    [InlineData("irmak", "Arama İrmakçı", "Arama Irmakçı")]
    public async Task PeopleSearch_AnyCase_MatchesByTurkishLetters(string search, string found, string notFound)
    {
        var institution = await AuthorityInstitutionAsync();
        string[] surnames = ["IŞIK", "Isik", "İstanbullu", "Istanbullu", "Irmakçı", "İrmakçı"];
        if (await app.Database.ScalarAsync<long>("SELECT count(*) FROM people WHERE given_name = 'Arama'") == 0)
        {
            for (var i = 0; i < surnames.Length; i++)
            {
                await AddPersonAsync(institution, $"4000000{i:D4}", "Arama", surnames[i]);
            }
        }

        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var response = await client.GetAsync($"/kurum/kisiler?ara={WebUtility.UrlEncode(search)}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"> {found}</a></td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"> {notFound}</a></td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeopleSearch_NoMatch_SaysSo()
    {
        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");

        var html = await client.GetStringAsync("/kurum/kisiler?ara=Q%C4%9Fq");

        Assert.Contains("Aramaya uyan kişi yok.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstitutionUnits_TurkishNames_InTurkishAlphabeticalOrder()
    {
        var institution = await AuthorityInstitutionAsync();
        foreach (var name in TurkishOrder.Reverse())
        {
            await app.Database.ExecuteAsync("INSERT INTO units (id, institution_id, name) VALUES (gen_random_uuid(), $1, $2)", institution, $"Birim {name}");
        }

        var client = await app.LoginAsync("kurum.yetkili", "Kurum.Yetkili-2026");
        var html = await client.GetStringAsync("/kurum");

        Assert.Equal(TurkishOrder.Select(n => $"Birim {n}"), OrderOfAppearance(html, TurkishOrder.Select(n => $"Birim {n}")));
    }

    [Fact]
    public async Task CentreInstitutions_TurkishNames_InTurkishAlphabeticalOrder()
    {
        var names = TurkishOrder.Select(n => $"{n} Sıralama Kurumu").ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            await app.Database.ExecuteAsync("INSERT INTO institutions (id, code, name) VALUES (gen_random_uuid(), $1, $2)", $"SIRA-{i}", names[^(i + 1)]);
        }

        var client = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");
        var html = await client.GetStringAsync("/merkez");

        Assert.Equal(names, OrderOfAppearance(html, names));
    }

    private static IEnumerable<string> OrderOfAppearance(string html, IEnumerable<string> names) =>
        names.Select(name => (Name: name, At: html.IndexOf(name, StringComparison.Ordinal)))
            .Where(n => n.At >= 0)
            .OrderBy(n => n.At)
            .Select(n => n.Name);

    private async Task<Guid> AuthorityInstitutionAsync() =>
        await app.Database.ScalarAsync<Guid>("SELECT institution_id FROM staff_accounts WHERE user_name = 'kurum.yetkili'");

    private Task AddPersonAsync(Guid institution, string identifier, string givenName, string surname) =>
        app.Database.ExecuteAsync("""
            INSERT INTO people (id, institution_id, identifier_kind, identifier_number, identifier_country, given_name, surname, corporate_email, created_by)
            VALUES (gen_random_uuid(), $1, 'TurkishIdentityNumber', $2, 'TR', $3, $4, 'kisi@ornek.edu.tr', 'test')
            """, institution, identifier, givenName, surname);
}
