using Microsoft.Extensions.DependencyInjection;
using Muhur.Pki.Audit;
using Muhur.Server.Features.Audit;
using Muhur.Server.Tests.Infrastructure;
using Npgsql;

namespace Muhur.Server.Tests.Integration;

// R-CA-4: the audit log in PostgreSQL is append-only and hash-chained; the verifier finds any edited
// or deleted entry even when the database's own guard is switched off by a superuser.
public class AuditLogTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Update_ThroughNormalSql_IsRefusedByTheDatabase()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            app.Database.ExecuteAsync("UPDATE audit_log SET actor = 'saldirgan' WHERE sequence = 1"));
        var deleteError = await Assert.ThrowsAsync<PostgresException>(() =>
            app.Database.ExecuteAsync("DELETE FROM audit_log WHERE sequence = 1"));

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", deleteError.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterDemoLoadAndLogins_IsIntact()
    {
        await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");

        var result = await VerifyAsync();

        Assert.True(result.IsIntact);
        Assert.True(result.EntriesChecked >= 5);
    }

    [Fact]
    public async Task Verify_ConcurrentAppendsFromManyRequests_KeepOneUnbrokenChain()
    {
        var logins = Enumerable.Range(0, 8).Select(_ => app.LoginAsync("cagri.merkezi", "Cagri.Merkezi-2026"));

        await Task.WhenAll(logins);
        var result = await VerifyAsync();

        Assert.True(result.IsIntact, $"{result.Fault} at {result.FaultSequence}");
    }

    [Fact]
    public async Task Verify_EntryEditedBySuperuserBypassingTriggers_ReportsEntryEdited()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new FixedDatabaseFactory(database);
        await factory.InitializeAsync();

        await database.ExecuteAsync("""
            SET session_replication_role = replica;
            UPDATE audit_log SET details = '{"tampered":true}' WHERE sequence = 2;
            """);
        var result = await VerifyAsync(factory);

        Assert.False(result.IsIntact);
        Assert.Equal(AuditChainFault.EntryEdited, result.Fault);
        Assert.Equal(2, result.FaultSequence);
    }

    [Fact]
    public async Task Verify_EntryDeletedBySuperuserBypassingTriggers_ReportsEntryMissing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new FixedDatabaseFactory(database);
        await factory.InitializeAsync();

        await database.ExecuteAsync("""
            SET session_replication_role = replica;
            DELETE FROM audit_log WHERE sequence = 2;
            """);
        var result = await VerifyAsync(factory);

        Assert.False(result.IsIntact);
        Assert.Equal(AuditChainFault.EntryMissing, result.Fault);
        Assert.Equal(2, result.FaultSequence);
    }

    [Fact]
    public async Task CentreDashboard_TamperedLog_ShowsWarning()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new FixedDatabaseFactory(database);
        await factory.InitializeAsync();
        await database.ExecuteAsync("SET session_replication_role = replica; UPDATE audit_log SET actor = 'saldirgan' WHERE sequence = 1;");

        var client = await factory.LoginAsync("merkez.operator", "Merkez.Operator-2026");
        var html = await client.GetStringAsync("/merkez");

        Assert.Contains("UYARI: Denetim kaydı #1 numaralı kayıtta bozulmuş (kayıt değiştirilmiş)", html, StringComparison.Ordinal);
    }

    private Task<AuditChainVerification> VerifyAsync() => VerifyAsync(app);

    private static async Task<AuditChainVerification> VerifyAsync(MuhurAppFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VerifyAuditLog>().RunAsync(CancellationToken.None);
    }

    /// <summary>A second server on a database this test owns, so tampering does not disturb the class fixture.</summary>
    private sealed class FixedDatabaseFactory(TestDatabase database) : MuhurAppFactory(database);
}
