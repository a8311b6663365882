using System.Security.Cryptography;

namespace Muhur.Pki.Audit;

/// <summary>What the verifier found wrong at the first broken entry.</summary>
public enum AuditChainFault
{
    /// <summary>The chain is intact.</summary>
    None,

    /// <summary>The entry's stored hash does not match its contents: it was edited.</summary>
    EntryEdited,

    /// <summary>The entry does not point at the previous entry's hash: an entry before it was removed or replaced.</summary>
    LinkBroken,

    /// <summary>Sequence numbers jump: one or more entries were deleted.</summary>
    EntryMissing,

    /// <summary>The last entry is not the expected head: entries at the end were removed.</summary>
    HeadMismatch,
}

/// <summary>The outcome of verifying an audit chain.</summary>
public sealed record AuditChainVerification(
    bool IsIntact,
    long EntriesChecked,
    AuditChainFault Fault,
    long? FaultSequence,
    byte[]? HeadHash);

/// <summary>
/// Walks the audit log in sequence order and recomputes every hash (R-CA-4). It streams, so the whole
/// log never has to fit in memory.
/// </summary>
public static class AuditChainVerifier
{
    /// <summary>
    /// Verifies <paramref name="records"/>, which must be in ascending sequence order. When
    /// <paramref name="expectedHead"/> (sequence and hash of a published checkpoint) is given, a log
    /// cut short before it, or whose entry there differs, is reported: a chain alone cannot show that
    /// its newest entries were removed.
    /// </summary>
    public static AuditChainVerification Verify(
        IEnumerable<AuditRecord> records,
        (long Sequence, byte[] Hash)? expectedHead = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        long expectedSequence = 1;
        var previousHash = AuditChain.Genesis.ToArray();
        long count = 0;
        var headSeen = expectedHead is null;

        foreach (var record in records)
        {
            if (record.Sequence != expectedSequence)
            {
                return Fail(AuditChainFault.EntryMissing, expectedSequence, count);
            }

            if (!CryptographicOperations.FixedTimeEquals(record.PreviousHash, previousHash))
            {
                return Fail(AuditChainFault.LinkBroken, record.Sequence, count);
            }

            var recomputed = AuditChain.ComputeHash(
                record.PreviousHash, record.Sequence, record.OccurredAt, record.Actor, record.Action, record.Subject, record.Details);
            if (!CryptographicOperations.FixedTimeEquals(recomputed, record.Hash))
            {
                return Fail(AuditChainFault.EntryEdited, record.Sequence, count);
            }

            if (expectedHead is { } head && head.Sequence == record.Sequence)
            {
                if (!CryptographicOperations.FixedTimeEquals(head.Hash, record.Hash))
                {
                    return Fail(AuditChainFault.HeadMismatch, record.Sequence, count);
                }

                headSeen = true;
            }

            previousHash = record.Hash;
            expectedSequence++;
            count++;
        }

        if (!headSeen)
        {
            return Fail(AuditChainFault.HeadMismatch, expectedSequence, count);
        }

        return new AuditChainVerification(true, count, AuditChainFault.None, null, count == 0 ? null : previousHash);
    }

    private static AuditChainVerification Fail(AuditChainFault fault, long sequence, long count) =>
        new(false, count, fault, sequence, null);
}
