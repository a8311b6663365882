using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Muhur.Pki.Audit;

/// <summary>
/// The hash chain behind the tamper-evident audit log (R-CA-4): every entry's hash covers its own
/// fields and the previous entry's hash, so editing, deleting or reordering an entry breaks the chain
/// from that point on.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous-hash of the first entry: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[32];

    /// <summary>
    /// SHA-256 over a length-prefixed encoding of the fields, so that no two different entries share an
    /// encoding (moving a character from Action to Subject changes the hash). Times are hashed as UTC
    /// ticks at microsecond precision, which PostgreSQL's timestamptz stores exactly.
    /// </summary>
    public static byte[] ComputeHash(
        ReadOnlySpan<byte> previousHash,
        long sequence,
        DateTimeOffset occurredAt,
        string actor,
        string action,
        string? subject,
        string? details)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(action);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        hash.AppendData(previousHash);
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, TruncateToMicroseconds(occurredAt).UtcTicks);
        hash.AppendData(number);
        AppendField(hash, actor);
        AppendField(hash, action);
        AppendField(hash, subject);
        AppendField(hash, details);
        return hash.GetHashAndReset();
    }

    /// <summary>PostgreSQL keeps microseconds; a .NET tick is 100 ns. Hash what the database can hold.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % 10), TimeSpan.Zero);
    }

    /// <summary>Creates the entry that follows <paramref name="previous"/> (or the first one when null).</summary>
    public static AuditRecord Next(
        AuditRecord? previous,
        DateTimeOffset occurredAt,
        string actor,
        string action,
        string? subject,
        string? details)
    {
        var sequence = (previous?.Sequence ?? 0) + 1;
        var previousHash = previous?.Hash ?? Genesis.ToArray();
        var time = TruncateToMicroseconds(occurredAt);
        var hash = ComputeHash(previousHash, sequence, time, actor, action, subject, details);
        return new AuditRecord(sequence, time, actor, action, subject, details, previousHash, hash);
    }

    private static void AppendField(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            // -1 marks null, distinct from the empty string (length 0).
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
