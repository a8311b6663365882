using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;
using Muhur.Server.Features.CertificateAuthority;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>One row of <c>login_throttle</c>: the failures counted for one key and until when it must wait (R-APP-2).</summary>
internal sealed class LoginThrottleEntry
{
    private LoginThrottleEntry()
    {
        Key = string.Empty;
    }

    public string Key { get; private set; }

    public int Failures { get; private set; }

    public DateTimeOffset LastFailureAt { get; private set; }

    public DateTimeOffset? BlockedUntil { get; private set; }
}

internal sealed class LoginThrottleEntryConfiguration : IEntityTypeConfiguration<LoginThrottleEntry>
{
    public void Configure(EntityTypeBuilder<LoginThrottleEntry> builder)
    {
        builder.ToTable("login_throttle");
        builder.HasKey(e => e.Key);
    }
}

/// <summary>
/// The increasing delays of R-APP-2 (and R-OPS-1 later): the first <c>free</c> failures cost nothing, then each one
/// makes the key wait, doubling from <see cref="ApplicantLoginOptions.FirstDelay"/> up to the cap. Pure.
/// </summary>
internal static class LoginThrottleRules
{
    public static TimeSpan? DelayAfter(int failures, int free, TimeSpan first, TimeSpan max)
    {
        if (failures < free)
        {
            return null;
        }

        // 2^(failures - free), bounded before it can overflow.
        var doublings = Math.Min(failures - free, 20);
        var delay = TimeSpan.FromTicks(first.Ticks * (1L << doublings));
        return delay > max ? max : delay;
    }

    /// <summary>The time a person is told, in Türkiye time (UTC+3, no daylight saving since 2016) as dd.MM.yyyy HH:mm.</summary>
    public static string Show(DateTimeOffset blockedUntil) =>
        Shared.TurkeyTime.DateTime(ShownUntil(blockedUntil));

    /// <summary>The time a person is told: rounded up to the minute, so that trying at the time shown works.</summary>
    public static DateTimeOffset ShownUntil(DateTimeOffset blockedUntil)
    {
        var minute = TimeSpan.TicksPerMinute;
        var ticks = blockedUntil.UtcTicks % minute == 0 ? blockedUntil.UtcTicks : ((blockedUntil.UtcTicks / minute) + 1) * minute;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}

/// <summary>
/// The throttle's keys. The identifier is never stored in the clear: its key is an HMAC-SHA256 under a secret derived
/// (HKDF, RFC 5869) from the CA key passphrase, a server secret that is not in the database, so the table alone does
/// not let anyone test 11-digit numbers against it.
/// </summary>
internal sealed class LoginThrottleKeys(IOptions<CaOptions> ca)
{
    private readonly Lazy<byte[]> _key = new(() => HKDF.DeriveKey(
        HashAlgorithmName.SHA256,
        Encoding.UTF8.GetBytes(ca.Value.KeyPassphrase ?? throw new InvalidOperationException("The CA key passphrase is not configured.")),
        32,
        salt: Encoding.UTF8.GetBytes("muhur"),
        info: Encoding.UTF8.GetBytes("login_throttle identifier key")));

    public string Identifier(string? typedIdentifier)
    {
        var normalized = SignInApplicant.NormalizeIdentifier(typedIdentifier) ?? (typedIdentifier ?? string.Empty).Trim().ToUpperInvariant();
        return "identifier:" + Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(normalized)));
    }

    public static string Address(string? address) => "address:" + Bound(address);

    public static string LinkAddress(string? address) => "link-address:" + Bound(address);

    private static string Bound(string? address) => string.IsNullOrEmpty(address) ? "unknown" : address.Length > 64 ? address[..64] : address;
}

/// <summary>Reads and counts <c>login_throttle</c> rows inside the caller's transaction (rows locked while it runs).</summary>
internal sealed class LoginThrottle(MuhurDbContext db)
{
    /// <summary>The latest time any of <paramref name="keys"/> must wait until, if it must wait now.</summary>
    public async Task<DateTimeOffset?> BlockedUntilAsync(IReadOnlyCollection<string> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.Set<LoginThrottleEntry>()
            .FromSql($"SELECT * FROM login_throttle WHERE key = ANY({keys.ToArray()}) FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows.Where(e => e.BlockedUntil > now).Max(e => e.BlockedUntil);
    }

    /// <summary>Counts one failure for <paramref name="key"/> and sets its wait by <see cref="LoginThrottleRules"/>.</summary>
    public async Task RecordFailureAsync(string key, int free, ApplicantLoginOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var forgetBefore = now - options.ForgetAfter;
        // Not composed (ToList, then Single): PostgreSQL takes no INSERT inside a sub-select.
        var counted = await db.Database.SqlQuery<int>($"""
            INSERT INTO login_throttle AS t (key, failures, last_failure_at) VALUES ({key}, 1, {now})
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN t.last_failure_at < {forgetBefore} THEN 1 ELSE t.failures + 1 END,
                last_failure_at = {now}
            RETURNING failures AS "Value"
            """).ToListAsync(cancellationToken);
        var failures = counted.Single();
        if (LoginThrottleRules.DelayAfter(failures, free, options.FirstDelay, options.MaxDelay) is { } delay)
        {
            var until = now + delay;
            await db.Database.ExecuteSqlAsync($"UPDATE login_throttle SET blocked_until = {until} WHERE key = {key}", cancellationToken);
        }
    }

    public Task ClearAsync(string key, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"DELETE FROM login_throttle WHERE key = {key}", cancellationToken);
}
