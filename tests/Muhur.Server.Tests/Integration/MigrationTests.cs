using Microsoft.Extensions.Logging.Abstractions;
using Muhur.Server.Data;
using Muhur.Server.Tests.Infrastructure;
using Npgsql;

namespace Muhur.Server.Tests.Integration;

// Migration 0005 on a database holding data written under 0001–0004: certificates and cards come to refer to
// their holder (people) and institution by key (R-CA-1; R-REN-1 keys on them), the copied names go, and no row is lost.
public class MigrationTests
{
    private const string Ornek = "00000000-0000-7000-8000-00000000000a";
    private const string Ayse = "00000000-0000-7000-8000-0000000000a1";
    private const string Issuer = "00000000-0000-7000-8000-0000000000c1";

    [Fact]
    public async Task Migration0005_DataFrom0004_LinksEveryRowToPeopleAndInstitutionsAndLosesNothing()
    {
        // Arrange: the schema as of 0004, with the kinds of rows it could hold.
        await using var database = await TestDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var migrator = new DatabaseMigrator(source, NullLogger<DatabaseMigrator>.Instance);
        Assert.Equal(4, await migrator.MigrateAsync(4, CancellationToken.None));
        await database.ExecuteAsync($"""
            INSERT INTO institutions (id, code, name) VALUES ('{Ornek}', 'ORNEK-UNI', 'Örnek Üniversitesi');
            INSERT INTO people (id, institution_id, identifier_kind, identifier_number, identifier_country, given_name, surname, corporate_email, created_by)
            VALUES ('{Ayse}', '{Ornek}', 'TurkishIdentityNumber', '10000000146', 'TR', 'Ayşe', 'Yılmaz', 'ayse@ornek.edu.tr', 'kurum.yetkili');
            INSERT INTO ca_keys (name, encrypted_pkcs8) VALUES ('issuing-1', '\x01');
            INSERT INTO ca_certificates (id, role, key_name, serial, subject, not_before, not_after, der, is_active)
            VALUES ('{Issuer}', 'Issuing', 'issuing-1', '\x01', 'CN=Test', now(), now() + interval '10 years', '\x30', true);
            INSERT INTO certificates (serial, issuer_id, person_id, national_id, given_name, surname, institution, not_before, not_after, der,
                                      status, revocation_reason, revoked_at, status_version, issued_at) VALUES
                -- a registered person at a registered institution, not linked yet
                ('\x0101010101010101', '{Issuer}', NULL, '10000000146', 'Ayşe', 'Yılmaz', 'Örnek Üniversitesi', now(), now() + interval '3 years', '\xa1', 'Good', NULL, NULL, 1, now() - interval '5 days'),
                -- the same holder again, revoked
                ('\x0202020202020202', '{Issuer}', NULL, '10000000146', 'Ayşe', 'Yılmaz', 'Örnek Üniversitesi', now(), now() + interval '3 years', '\xa2', 'Revoked', 1, now(), 2, now() - interval '6 days'),
                -- already linked to its registration
                ('\x0303030303030303', '{Issuer}', '{Ayse}', '10000000146', 'Ayşe', 'Yılmaz', 'Örnek Üniversitesi', now(), now() + interval '3 years', '\xa3', 'Suspended', 6, now(), 3, now() - interval '4 days'),
                -- nobody registered, at an institution nobody registered; twice, renamed in between
                ('\x0404040404040404', '{Issuer}', NULL, '12345678950', 'İsmail', 'Çağlar', 'Yeni Kurum', now(), now() + interval '3 years', '\xa4', 'Good', NULL, NULL, 4, now() - interval '3 days'),
                ('\x0505050505050505', '{Issuer}', NULL, '12345678950', 'İsmail', 'Eski Soyad', 'Yeni Kurum', now(), now() + interval '3 years', '\xa5', 'Good', NULL, NULL, 5, now() - interval '9 days'),
                -- a foreigner's number and no institution at all
                ('\x0606060606060606', '{Issuer}', NULL, '99000000042', 'Günay', 'Işıkçı', NULL, now(), now() + interval '3 years', '\xa6', 'Good', NULL, NULL, 6, now() - interval '2 days'),
                -- the registered person's number at another institution: another registration
                ('\x0707070707070707', '{Issuer}', NULL, '10000000146', 'Ayşe', 'Yılmaz', 'Yeni Kurum', now(), now() + interval '3 years', '\xa7', 'Good', NULL, NULL, 7, now() - interval '1 day');
            INSERT INTO certificate_status_changes (version, serial, issuer_id, status, reason, changed_at) VALUES
                (2, '\x0202020202020202', '{Issuer}', 'Revoked', 1, now()),
                (3, '\x0303030303030303', '{Issuer}', 'Suspended', 6, now());
            INSERT INTO cards (serial, token_manufacturer, token_model, certificate_serial, person_id, national_id, holder_name,
                               master_key_id, wrapped_data_key, pin_envelope, puk_envelope, produced_at, produced_by) VALUES
                ('KART-0001', 'SoftHSM project', 'SoftHSM v2', '\x0101010101010101', NULL, '10000000146', 'Ayşe Yılmaz', 'k1', '\x01', '\x02', '\x03', now(), 'cli:card'),
                ('KART-0002', 'SoftHSM project', 'SoftHSM v2', '\x0404040404040404', NULL, '12345678950', 'İsmail Çağlar', 'k1', '\x01', '\x02', '\x03', now(), 'cli:card');
            INSERT INTO verification_codes (code, purpose, reference, national_id, issued_at, expires_at, used_at, signer_certificate) VALUES
                ('AAAA-BBBB-CCCC', 'Application', 'basvuru-1', '10000000146', now(), now() + interval '10 minutes', now(), '\x0101010101010101'),
                ('DDDD-EEEE-FFFF', 'EOnayConsent', 'onay-1', '12345678950', now(), now() + interval '10 minutes', NULL, NULL);
            """);
        var before = await CountsAsync(database);

        // Act
        Assert.Equal(DatabaseMigrator.EmbeddedMigrations.Count - 4, await migrator.MigrateAsync(CancellationToken.None));

        // Assert: nothing lost, nothing added but the rows the data implied.
        Assert.Equal(before, await CountsAsync(database));
        Assert.Equal(2, await database.ScalarAsync<long>("SELECT count(*) FROM institutions WHERE id <> $1", Guid.Parse(Ornek)));
        Assert.Equal(3, await database.ScalarAsync<long>("SELECT count(*) FROM people WHERE created_by = 'migration:0005'"));

        // Registered person, registered institution: linked, whichever way the row came.
        foreach (var serial in new[] { "0101010101010101", "0202020202020202", "0303030303030303" })
        {
            Assert.Equal(Ayse, (await HolderOfAsync(database, serial)).Person);
            Assert.Equal(Ornek, (await HolderOfAsync(database, serial)).Institution);
        }

        // Unregistered: one institution and one person made from what the certificates said (the latest names).
        var ismail = await HolderOfAsync(database, "0404040404040404");
        Assert.Equal(ismail, await HolderOfAsync(database, "0505050505050505"));
        Assert.Equal("Yeni Kurum", await database.ScalarAsync<string>($"SELECT name FROM institutions WHERE id = '{ismail.Institution}'"));
        Assert.Equal("TurkishIdentityNumber|12345678950|TR|İsmail|Çağlar", await PersonAsync(database, ismail.Person));
        Assert.Matches("^GOC-[0-9A-F]{12}$", await database.ScalarAsync<string>($"SELECT code FROM institutions WHERE id = '{ismail.Institution}'"));

        var gunay = await HolderOfAsync(database, "0606060606060606");
        Assert.Equal("Kurum belirtilmemiş", await database.ScalarAsync<string>($"SELECT name FROM institutions WHERE id = '{gunay.Institution}'"));
        Assert.Equal("ForeignerIdentityNumber|99000000042|TR|Günay|Işıkçı", await PersonAsync(database, gunay.Person));

        var ayseElsewhere = await HolderOfAsync(database, "0707070707070707");
        Assert.NotEqual(Ayse, ayseElsewhere.Person);
        Assert.Equal(ismail.Institution, ayseElsewhere.Institution);

        // A card belongs to its certificate's holder.
        Assert.Equal(
            await HolderOfAsync(database, "0101010101010101"),
            await HolderAsync(database, "SELECT person_id::text, institution_id::text FROM cards WHERE serial = 'KART-0001'"));
        Assert.Equal(ismail, await HolderAsync(database, "SELECT person_id::text, institution_id::text FROM cards WHERE serial = 'KART-0002'"));

        // What was recorded stays: DER, status history, used codes with their signer.
        Assert.Equal(new byte[] { 0xa2 }, await database.ScalarAsync<byte[]>("SELECT der FROM certificates WHERE serial = '\\x0202020202020202'"));
        Assert.Equal("Revoked|1", await database.ScalarAsync<string>("SELECT status || '|' || revocation_reason FROM certificates WHERE serial = '\\x0202020202020202'"));
        Assert.Equal(new byte[] { 1, 1, 1, 1, 1, 1, 1, 1 }, await database.ScalarAsync<byte[]>("SELECT signer_certificate FROM verification_codes WHERE code = 'AAAA-BBBB-CCCC'"));

        // The copies are gone and the references are required.
        Assert.Equal(0, await database.ScalarAsync<long>("""
            SELECT count(*) FROM information_schema.columns
            WHERE (table_name = 'certificates' AND column_name IN ('national_id', 'given_name', 'surname', 'institution'))
               OR (table_name = 'cards' AND column_name IN ('national_id', 'holder_name'))
            """));
        Assert.Equal(4, await database.ScalarAsync<long>("""
            SELECT count(*) FROM information_schema.columns
            WHERE table_name IN ('certificates', 'cards') AND column_name IN ('person_id', 'institution_id') AND is_nullable = 'NO'
            """));
    }

    private static async Task<string> CountsAsync(TestDatabase database) =>
        (await database.ScalarAsync<string>("""
            SELECT concat_ws('|', (SELECT count(*) FROM certificates), (SELECT count(*) FROM cards),
                             (SELECT count(*) FROM certificate_status_changes), (SELECT count(*) FROM verification_codes))
            """))!;

    private static Task<(string Person, string Institution)> HolderOfAsync(TestDatabase database, string serialHex) =>
        HolderAsync(database, $"SELECT person_id::text, institution_id::text FROM certificates WHERE serial = '\\x{serialHex}'");

    private static async Task<(string Person, string Institution)> HolderAsync(TestDatabase database, string sql)
    {
        await using var connection = database.OpenConnection();
#pragma warning disable CA2100 // Test SQL built from constants.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1));
    }

    private static async Task<string> PersonAsync(TestDatabase database, string id) =>
        (await database.ScalarAsync<string>(
            "SELECT concat_ws('|', identifier_kind, identifier_number, identifier_country, given_name, surname) FROM people WHERE id = $1",
            Guid.Parse(id)))!;
}
