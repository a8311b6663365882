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
            // One statement reads the newest number and, only when it is not the one held, its body: a
            // publication (and its pruning) between two reads can never leave this node with nothing to serve.
            await using var latest = dataSource.CreateCommand(
                """
                SELECT c.number, c.this_update, c.next_update, CASE WHEN c.number = $3 THEN NULL ELSE c.der END
                FROM crls c JOIN ca_certificates a ON a.id = c.issuer_id
                WHERE a.role = $1 AND a.is_active AND (c.base_number IS NOT NULL) = $2
                ORDER BY c.number DESC LIMIT 1
                """);
            latest.Parameters.Add(new NpgsqlParameter { Value = role });
            latest.Parameters.Add(new NpgsqlParameter { Value = delta });
            latest.Parameters.Add(new NpgsqlParameter { Value = current?.Number ?? 0L });
            await using (var reader = await latest.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    current = null;
                }
                else if (!await reader.IsDBNullAsync(3, cancellationToken))
                {
                    current = new PublishedCrl(
                        reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<byte[]>(3));
                }
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
