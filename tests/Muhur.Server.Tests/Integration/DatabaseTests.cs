using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Muhur.Server.Data;
using Muhur.Server.Tests.Infrastructure;
using Npgsql;

namespace Muhur.Server.Tests.Integration;

// The schema comes from versioned SQL migrations, applied under an advisory lock so that several
// nodes starting together do not race; a missing database gets a clear message, not a stack trace.
// R-CA-4, R-X-3: the data behind the audit log and personal data comes from versioned migrations that several nodes apply safely.
public class DatabaseTests
{
    [Fact]
    public async Task Migrate_FourNodesAtOnce_AppliesEachMigrationExactlyOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(database.ConnectionString)).ToList();

        try
        {
            var applied = await Task.WhenAll(sources.Select(s =>
                new DatabaseMigrator(s, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None)));

            Assert.Equal(DatabaseMigrator.EmbeddedMigrations.Count, applied.Sum());
            Assert.Equal(DatabaseMigrator.EmbeddedMigrations.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
            Assert.Equal(0, await new DatabaseMigrator(sources[0], NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None));
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Migrate_AppliedMigrationChangedLater_RefusesToStart()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        var migrator = new DatabaseMigrator(source, NullLogger<DatabaseMigrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);
        await database.ExecuteAsync("UPDATE schema_migrations SET checksum = 'changed' WHERE version = 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_InvalidNationalIdInserted_IsRejectedByConstraint()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await new DatabaseMigrator(source, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("""
            INSERT INTO institutions (id, code, name) VALUES ('00000000-0000-7000-8000-000000000001', 'X-UNI', 'X Üniversitesi');
            INSERT INTO people (id, institution_id, identifier_kind, identifier_number, identifier_country, given_name, surname, corporate_email, created_by)
            VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000001', 'TurkishIdentityNumber', '0123', 'TR', 'A', 'B', 'a@b.tr', 'test');
            """));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task ServerProcess_DatabaseUnreachable_ExitsWithClearMessageAndNoStackTrace()
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Muhur.Server.dll");
        var start = new ProcessStartInfo("dotnet", [serverDll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ConnectionStrings__Muhur"] = "Host=127.0.0.1;Port=1;Username=muhur;Password=x;Database=muhur;Timeout=3";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("Veritabanına bağlanılamadı", output, StringComparison.Ordinal);
        Assert.Contains("Cannot reach the database", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
