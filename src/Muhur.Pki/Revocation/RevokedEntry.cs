using System.Numerics;

namespace Muhur.Pki.Revocation;

/// <summary>
/// One revokedCertificates element (RFC 5280 §5.1.2.6). A struct so a million entries can stream through
/// <see cref="CrlWriter"/> without a million heap objects; the serial memory may be reused by the producer once the
/// writer moves to the next entry.
/// </summary>
public readonly record struct RevokedEntry
{
    /// <summary>The serial is given as DER INTEGER content octets (big-endian, minimal two's complement).</summary>
    public RevokedEntry(
        ReadOnlyMemory<byte> serialNumber,
        DateTimeOffset revocationTime,
        CrlReason? reason = null,
        DateTimeOffset? invalidityDate = null)
    {
        SerialNumber = serialNumber;
        RevocationTime = revocationTime;
        Reason = reason;
        InvalidityDate = invalidityDate;
    }

    public RevokedEntry(
        BigInteger serialNumber,
        DateTimeOffset revocationTime,
        CrlReason? reason = null,
        DateTimeOffset? invalidityDate = null)
        : this(serialNumber.ToByteArray(isUnsigned: false, isBigEndian: true), revocationTime, reason, invalidityDate)
    {
    }

    public ReadOnlyMemory<byte> SerialNumber { get; }

    public DateTimeOffset RevocationTime { get; }

    public CrlReason? Reason { get; }

    /// <summary>When the key is known or suspected to have been compromised (RFC 5280 §5.3.2).</summary>
    public DateTimeOffset? InvalidityDate { get; }
}
