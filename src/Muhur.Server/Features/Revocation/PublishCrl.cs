using System.Data;
using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Options;
using Muhur.Pki.Revocation;
using Muhur.Server.Data;
using Muhur.Server.Features.CertificateAuthority;
using Npgsql;

namespace Muhur.Server.Features.Revocation;

/// <summary>What one run published: each number is null when that CRL was not due.</summary>
internal sealed record CrlPublication(long? FullNumber, long? DeltaNumber, long? RootNumber, long FullEntries, long DeltaEntries, long? DeltaBaseNumber = null)
{
    public bool PublishedAny => FullNumber is not null || DeltaNumber is not null || RootNumber is not null;

    /// <summary>For the log: "full #12, 3 entries; delta #15 on base #12, 1 entries; root #2".</summary>
    public override string ToString() => Describe();

    /// <summary>What was published: "full #12, 3 entries; delta #15 on base #12, 1 entries; root #2".</summary>
    public string Describe()
    {
        var parts = new List<string>(3);
        if (FullNumber is { } full)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"full #{full}, {FullEntries} entries"));
        }

        if (DeltaNumber is { } delta)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"delta #{delta} on base #{DeltaBaseNumber}, {DeltaEntries} entries"));
        }

        if (RootNumber is { } root)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"root #{root}"));
        }

        return parts.Count == 0 ? "nothing due" : string.Join("; ", parts);
    }
}

/// <summary>
/// Publishes CRLs (R-CA-3, RFC 5280 §5): a full CRL of the issuing CA when none is current, a delta CRL
/// (§5.2.4) whenever statuses changed since the latest one, and the root's CRL. Entries stream from
/// PostgreSQL into the writer, so a million revoked certificates never sit in memory as objects. One
/// node publishes at a time (advisory lock); the others skip. Full and delta CRLs share one number
/// sequence (RFC 5280 §5.2.4) but are kept by rules of their own, so deltas never push out the full
/// CRL they are based on.
/// </summary>
internal sealed class PublishCrl(
    NpgsqlDataSource dataSource,
    ActiveCertificateAuthority authority,
    IOptions<CaOptions> options,
    TimeProvider time)
{
    /// <summary>Full CRLs kept per issuer: the one served and the previous ones, for whoever still holds them.</summary>
    internal const int KeptFullCrls = 3;

    /// <summary>Delta CRLs kept per issuer (each is cumulative, so the newest supersedes the rest), while their base is kept.</summary>
    internal const int KeptDeltaCrls = 6;

    public async Task<CrlPublication?> RunAsync(bool forceFull, CancellationToken cancellationToken)
    {
        var ca = await authority.GetAsync(cancellationToken);
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the listing and the version it covers.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        if (!await ScalarAsync<bool>(connection, transaction, $"SELECT pg_try_advisory_xact_lock({AdvisoryLocks.CrlPublication})", cancellationToken))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var issuerId = ca.IssuingRow.Id;
        var currentVersion = await ScalarAsync<long>(
            connection, transaction, "SELECT coalesce(max(version), 0) FROM certificate_status_changes WHERE issuer_id = $1", cancellationToken, issuerId);
        var latestFull = await LatestAsync(connection, transaction, issuerId, delta: false, cancellationToken);
        var latestAny = await LatestAsync(connection, transaction, issuerId, delta: null, cancellationToken);
        var nextNumber = (latestAny?.Number ?? 0) + 1;

        long? fullNumber = null, deltaNumber = null, deltaBase = null, rootNumber = null;
        long fullEntries = 0, deltaEntries = 0;
        var writer = new CrlWriter(ca.IssuingKey, ca.Issuing);

        if (forceFull || latestFull is null || now - latestFull.ThisUpdate >= settings.FullCrlInterval || now >= latestFull.NextUpdate - settings.CrlPublishInterval)
        {
            // freshestCRL (RFC 5280 §5.2.6) sends relying parties to the deltas based on this CRL.
            var parameters = Parameters(nextNumber, now, settings.IssuingCrlUrl, CrlScope.OnlyUserCertificates) with
            {
                FreshestCrlUrl = settings.IssuingDeltaCrlUrl,
            };
            await using var listing = new NpgsqlCommand(
                "SELECT serial, revoked_at, revocation_reason FROM certificates WHERE issuer_id = $1 AND status <> 'Good'", connection, transaction);
            listing.Parameters.Add(new NpgsqlParameter { Value = issuerId });
            var counter = new EntryCounter();
            var der = await Task.Run(
                () =>
                {
                    using var reader = listing.ExecuteReader();
                    return writer.BuildFull(parameters, counter.Count(ReadListed(reader)));
                },
                cancellationToken);
            await StoreAsync(connection, transaction, issuerId, nextNumber, null, parameters, currentVersion, counter.Value, der, cancellationToken);
            (fullNumber, fullEntries) = (nextNumber, counter.Value);
        }
        else if (currentVersion > latestAny!.CoversVersion)
        {
            // Cumulative since the base full CRL (RFC 5280 §5.2.4): the latest change of each
            // certificate changed after it.
            // The same issuingDistributionPoint as the base CRL: RFC 5280 §5.2.4 combines a delta with a
            // complete CRL only when both have the same scope (every IDP field equal), and OpenSSL's
            // -use_deltas compares the two extensions byte for byte.
            var parameters = Parameters(nextNumber, now, settings.IssuingCrlUrl, CrlScope.OnlyUserCertificates);
            await using var changes = new NpgsqlCommand(
                """
                SELECT DISTINCT ON (serial) serial, changed_at, status, reason
                FROM certificate_status_changes
                WHERE issuer_id = $1 AND version > $2
                ORDER BY serial, version DESC
                """,
                connection,
                transaction);
            changes.Parameters.Add(new NpgsqlParameter { Value = issuerId });
            changes.Parameters.Add(new NpgsqlParameter { Value = latestFull.CoversVersion });
            var counter = new EntryCounter();
            var der = await Task.Run(
                () =>
                {
                    using var reader = changes.ExecuteReader();
                    return writer.BuildDelta(parameters, latestFull.Number, counter.Count(ReadChanges(reader)));
                },
                cancellationToken);
            await StoreAsync(connection, transaction, issuerId, nextNumber, latestFull.Number, parameters, currentVersion, counter.Value, der, cancellationToken);
            (deltaNumber, deltaBase, deltaEntries) = (nextNumber, latestFull.Number, counter.Value);
        }

        // The root issues only the issuing CA, which this system never revokes: its CRL is empty but
        // must be current for chain validation with CRL checking (openssl verify -crl_check_all).
        var rootId = ca.RootRow.Id;
        var latestRoot = await LatestAsync(connection, transaction, rootId, delta: false, cancellationToken);
        if (forceFull || latestRoot is null || now - latestRoot.ThisUpdate >= settings.FullCrlInterval)
        {
            var number = (latestRoot?.Number ?? 0) + 1;
            // Covers all the root signs (only CA certificates) without an IDP: see CrlWriter.
            var parameters = Parameters(number, now, null, CrlScope.AllCertificates);
            var der = new CrlWriter(ca.RootKey, ca.Root).BuildFull(parameters, []);
            await StoreAsync(connection, transaction, rootId, number, null, parameters, 0, 0, der, cancellationToken);
            rootNumber = number;
        }

        await PruneAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CrlPublication(fullNumber, deltaNumber, rootNumber, fullEntries, deltaEntries, deltaBase);
    }

    /// <summary>
    /// Superseded CRLs go, each kind by its own count: the newest <see cref="KeptFullCrls"/> full CRLs and the
    /// newest <see cref="KeptDeltaCrls"/> deltas of each issuer stay, so the full CRL being served (the newest) is
    /// never deleted however many deltas follow it; a delta whose base full CRL is gone goes too (RFC 5280 §5.2.4:
    /// it can only be used with that base or a later one, which is then served instead).
    /// </summary>
    private static async Task PruneAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    """
                    DELETE FROM crls c USING (
                        SELECT issuer_id, number, row_number() OVER (PARTITION BY issuer_id ORDER BY number DESC) AS age
                        FROM crls WHERE base_number IS NULL) f
                    WHERE c.issuer_id = f.issuer_id AND c.number = f.number AND f.age > $1
                    """)
                {
                    Parameters = { new NpgsqlParameter { Value = KeptFullCrls } },
                },
                new NpgsqlBatchCommand(
                    """
                    DELETE FROM crls c USING (
                        SELECT issuer_id, number, row_number() OVER (PARTITION BY issuer_id ORDER BY number DESC) AS age
                        FROM crls WHERE base_number IS NOT NULL) d
                    WHERE c.issuer_id = d.issuer_id AND c.number = d.number
                      AND (d.age > $1
                           OR NOT EXISTS (SELECT 1 FROM crls f WHERE f.issuer_id = c.issuer_id AND f.number = c.base_number AND f.base_number IS NULL))
                    """)
                {
                    Parameters = { new NpgsqlParameter { Value = KeptDeltaCrls } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private CrlParameters Parameters(long number, DateTimeOffset now, Uri? url, CrlScope scope) => new()
    {
        CrlNumber = new BigInteger(number),
        ThisUpdate = now,
        NextUpdate = now + options.Value.CrlValidity,
        DistributionPointUrl = url,
        Scope = scope,
    };

    // One serial buffer for all rows: the writer has encoded an entry before it asks for the next one.
    private static IEnumerable<RevokedEntry> ReadListed(NpgsqlDataReader reader)
    {
        var serial = new byte[20];
        while (reader.Read())
        {
            var reason = (CrlReason)reader.GetInt16(2);
            var length = (int)reader.GetBytes(0, 0, serial, 0, serial.Length);
            yield return new RevokedEntry(
                serial.AsMemory(0, length),
                reader.GetFieldValue<DateTimeOffset>(1),
                reason == CrlReason.Unspecified ? null : reason);
        }
    }

    private static IEnumerable<RevokedEntry> ReadChanges(NpgsqlDataReader reader)
    {
        var serial = new byte[20];
        while (reader.Read())
        {
            var status = reader.GetString(2);
            var reason = status == "Good" ? CrlReason.RemoveFromCrl : (CrlReason)reader.GetInt16(3);
            var length = (int)reader.GetBytes(0, 0, serial, 0, serial.Length);
            yield return new RevokedEntry(
                serial.AsMemory(0, length),
                reader.GetFieldValue<DateTimeOffset>(1),
                reason == CrlReason.Unspecified ? null : reason);
        }
    }

    private static async Task<LatestCrl?> LatestAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid issuerId, bool? delta, CancellationToken cancellationToken)
    {
        var filter = delta switch
        {
            true => " AND base_number IS NOT NULL",
            false => " AND base_number IS NULL",
            null => string.Empty,
        };
#pragma warning disable CA2100 // The filter is one of three constants.
        await using var command = new NpgsqlCommand(
            "SELECT number, this_update, next_update, covers_version FROM crls WHERE issuer_id = $1" + filter + " ORDER BY number DESC LIMIT 1",
            connection,
            transaction);
#pragma warning restore CA2100
        command.Parameters.Add(new NpgsqlParameter { Value = issuerId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new LatestCrl(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3))
            : null;
    }

    private static async Task StoreAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid issuerId, long number, long? baseNumber,
        CrlParameters parameters, long coversVersion, long entries, byte[] der, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO crls (issuer_id, number, base_number, this_update, next_update, covers_version, entries, der)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            connection,
            transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = issuerId });
        insert.Parameters.Add(new NpgsqlParameter { Value = number });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)baseNumber ?? DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter { Value = parameters.ThisUpdate });
        insert.Parameters.Add(new NpgsqlParameter { Value = parameters.NextUpdate });
        insert.Parameters.Add(new NpgsqlParameter { Value = coversVersion });
        insert.Parameters.Add(new NpgsqlParameter { Value = entries });
        insert.Parameters.Add(new NpgsqlParameter { Value = der });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
#pragma warning disable CA2100 // Constant SQL with parameters.
        await using var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed record LatestCrl(long Number, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate, long CoversVersion);

    private sealed class EntryCounter
    {
        public long Value { get; private set; }

        public IEnumerable<RevokedEntry> Count(IEnumerable<RevokedEntry> entries)
        {
            foreach (var entry in entries)
            {
                Value++;
                yield return entry;
            }
        }
    }
}
