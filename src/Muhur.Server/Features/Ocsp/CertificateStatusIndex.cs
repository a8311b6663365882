using System.Buffers.Binary;
using System.Collections.Concurrent;
using Muhur.Pki.Ocsp;
using Muhur.Pki.Revocation;
using Muhur.Server.Features.CertificateAuthority;
using Npgsql;

namespace Muhur.Server.Features.Ocsp;

/// <summary>
/// The statuses of every certificate of the active issuing CA, in memory on each node, so an OCSP
/// answer costs a dictionary lookup and a signature instead of a query. It is brought up to an epoch
/// before it answers for that epoch: rows are stamped with the epoch that wrote them and epochs commit
/// in order (migration 0002), so "stamped after what we have" is exactly what we are missing.
/// </summary>
internal sealed partial class CertificateStatusIndex(
    NpgsqlDataSource dataSource,
    ActiveCertificateAuthority authority,
    ILogger<CertificateStatusIndex> logger) : IDisposable
{
    private readonly ConcurrentDictionary<SerialKey, Entry> _entries = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Guid _issuerId;
    private long _loadedEpoch = -1;

    public int Count => _entries.Count;

    /// <summary>Makes the index reflect every change committed up to <paramref name="epoch"/>.</summary>
    public async ValueTask CatchUpAsync(long epoch, CancellationToken cancellationToken)
    {
        var ca = await authority.GetAsync(cancellationToken);
        if (Volatile.Read(ref _loadedEpoch) >= epoch && _issuerId == ca.IssuingRow.Id)
        {
            return;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_issuerId != ca.IssuingRow.Id)
            {
                _entries.Clear();
                _issuerId = ca.IssuingRow.Id;
                Volatile.Write(ref _loadedEpoch, -1);
            }

            var loaded = Volatile.Read(ref _loadedEpoch);
            if (loaded >= epoch)
            {
                return;
            }

            // The epoch was read before this query starts, so everything stamped up to it is visible.
            await using var command = dataSource.CreateCommand(
                "SELECT serial, status, revoked_at, revocation_reason FROM certificates WHERE issuer_id = $1 AND status_version > $2");
            command.Parameters.Add(new NpgsqlParameter { Value = _issuerId });
            command.Parameters.Add(new NpgsqlParameter { Value = loaded });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var serial = new byte[20];
            var rows = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                var length = (int)reader.GetBytes(0, 0, serial, 0, serial.Length);
                var entry = reader.GetString(1) switch
                {
                    "Good" => new Entry(OcspCertStatus.Good, 0, 0),
                    "Suspended" => new Entry(OcspCertStatus.Revoked, (byte)CrlReason.CertificateHold, reader.GetFieldValue<DateTimeOffset>(2).UtcTicks),
                    _ => new Entry(OcspCertStatus.Revoked, (byte)reader.GetInt16(3), reader.GetFieldValue<DateTimeOffset>(2).UtcTicks),
                };
                _entries[SerialKey.From(serial.AsSpan(0, length))] = entry;
                rows++;
            }

            Volatile.Write(ref _loadedEpoch, epoch);
            if (loaded < 0)
            {
                LogLoaded(rows, epoch);
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>RFC 6960 §2.2: good, revoked (suspended is revoked with certificateHold), or unknown.</summary>
    public CertStatusInfo Lookup(ReadOnlySpan<byte> serial)
    {
        if (serial.Length is 0 or > 20 || !_entries.TryGetValue(SerialKey.From(serial), out var entry))
        {
            return CertStatusInfo.Unknown;
        }

        if (entry.Status == OcspCertStatus.Good)
        {
            return CertStatusInfo.Good;
        }

        var time = new DateTimeOffset(entry.RevokedTicks, TimeSpan.Zero);
        var reason = (CrlReason)entry.Reason;
        return reason switch
        {
            CrlReason.CertificateHold => CertStatusInfo.OnHold(time),
            // RFC 5280 §5.3.1: unspecified is better left out than stated.
            CrlReason.Unspecified => CertStatusInfo.Revoked(time, null),
            _ => CertStatusInfo.Revoked(time, reason),
        };
    }

    public void Dispose() => _refresh.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "OCSP status index loaded: {Rows} certificates at epoch {Epoch}")]
    private partial void LogLoaded(int rows, long epoch);

    private readonly record struct Entry(OcspCertStatus Status, byte Reason, long RevokedTicks);

    /// <summary>A serial number of up to 20 octets (RFC 5280 §4.1.2.2) as a compact, allocation-free key.</summary>
    private readonly record struct SerialKey(UInt128 Head, uint Tail, byte Length)
    {
        public static SerialKey From(ReadOnlySpan<byte> serial)
        {
            Span<byte> padded = stackalloc byte[20];
            padded.Clear();
            serial.CopyTo(padded);
            return new SerialKey(
                BinaryPrimitives.ReadUInt128BigEndian(padded),
                BinaryPrimitives.ReadUInt32BigEndian(padded[16..]),
                (byte)serial.Length);
        }
    }
}
