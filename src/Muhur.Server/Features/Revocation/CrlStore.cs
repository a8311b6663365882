using Npgsql;

namespace Muhur.Server.Features.Revocation;

internal enum CrlKind
{
    IssuingFull,
    IssuingDelta,
    Root,
}

internal sealed record PublishedCrl(long Number, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate, byte[] Der);

/// <summary>
/// The latest CRLs, held in memory on each node: a full CRL of a million entries is tens of megabytes
/// and is downloaded far more often than it changes. Each node asks the database for the latest number
/// at most every few seconds and reloads the body only when it changed.
/// </summary>
internal sealed class CrlStore(NpgsqlDataSource dataSource, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);
    private readonly Dictionary<CrlKind, (PublishedCrl? Crl, DateTimeOffset CheckedAt)> _latest = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public void Invalidate()
    {
        lock (_latest)
        {
            _latest.Clear();
        }
    }

    public async Task<PublishedCrl?> GetAsync(CrlKind kind, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_latest)
        {
            if (_latest.TryGetValue(kind, out var cached) && now - cached.CheckedAt < RecheckInterval)
            {
                return cached.Crl;
            }
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            PublishedCrl? current;
            lock (_latest)
            {
                current = _latest.TryGetValue(kind, out var cached) ? cached.Crl : null;
            }

            var (role, delta) = kind switch
            {
                CrlKind.IssuingFull => ("Issuing", false),
                CrlKind.IssuingDelta => ("Issuing", true),
                _ => ("Root", false),
            };
            await using var latest = dataSource.CreateCommand(
                """
                SELECT c.number FROM crls c JOIN ca_certificates a ON a.id = c.issuer_id
                WHERE a.role = $1 AND a.is_active AND (c.base_number IS NOT NULL) = $2
                ORDER BY c.number DESC LIMIT 1
                """);
            latest.Parameters.Add(new NpgsqlParameter { Value = role });
            latest.Parameters.Add(new NpgsqlParameter { Value = delta });
            var number = await latest.ExecuteScalarAsync(cancellationToken) as long?;
            if (number is null)
            {
                current = null;
            }
            else if (current?.Number != number)
            {
                await using var body = dataSource.CreateCommand(
                    """
                    SELECT c.this_update, c.next_update, c.der FROM crls c JOIN ca_certificates a ON a.id = c.issuer_id
                    WHERE a.role = $1 AND a.is_active AND c.number = $2
                    """);
                body.Parameters.Add(new NpgsqlParameter { Value = role });
                body.Parameters.Add(new NpgsqlParameter { Value = number.Value });
                await using var reader = await body.ExecuteReaderAsync(cancellationToken);
                current = await reader.ReadAsync(cancellationToken)
                    ? new PublishedCrl(number.Value, reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<byte[]>(2))
                    : null;
            }

            lock (_latest)
            {
                _latest[kind] = (current, time.GetUtcNow());
            }

            return current;
        }
        finally
        {
            _gate.Release();
        }
    }
}
