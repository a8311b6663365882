using System.Security.Cryptography;

namespace Muhur.Pki.Authority;

/// <summary>
/// Certificate serial numbers: positive, at most 20 octets (RFC 5280 §4.1.2.2) and with at least 64 bits from a CSPRNG
/// (CA/Browser Forum Baseline Requirements §7.1), so serials are unpredictable to anyone preparing a collision.
/// </summary>
public static class SerialNumber
{
    public const int Length = 16;

    /// <summary>16 random octets, big-endian, DER-minimal and positive (top bit clear, first octet non-zero).</summary>
    public static byte[] Generate()
    {
        byte[] serial = new byte[Length];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        if (serial[0] == 0)
        {
            // A zero first octet followed by a clear top bit would not be minimal DER; 0x01 keeps the length fixed.
            serial[0] = 0x01;
        }

        return serial;
    }
}
