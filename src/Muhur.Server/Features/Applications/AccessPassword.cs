using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Muhur.Server.Features.Shared;

namespace Muhur.Server.Features.Applications;

/// <summary>
/// The application form's access password (R-APP-1): random, mailed once to the corporate address, kept
/// only as a salted PBKDF2 hash, valid for <see cref="Lifetime"/>. A new one replaces the stored hash, so
/// the old one stops working.
/// </summary>
/// <remarks>
/// It is a look-up secret in the sense of NIST SP 800-63B §5.1.2.1: under 112 bits of entropy, so it is
/// salted and hashed with a key derivation function. Its 60 random bits make a modest iteration count
/// enough; the login is throttled as well (R-APP-2).
/// </remarks>
internal static class AccessPassword
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private const int Iterations = 20_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";

    /// <summary>A new password, shown as XXXX-XXXX-XXXX: nothing to misread in a mail or type wrongly.</summary>
    public static string Generate() => TypedCode.New();

    /// <summary>The stored form: <c>pbkdf2-sha256$iterations$salt$hash</c>, base64.</summary>
    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(Normalize(password), salt, Iterations);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether a typed or pasted password matches the stored hash, in constant time.</summary>
    public static bool Matches(string? typed, string stored)
    {
        var parts = stored.Split('$');
        if (typed is null || parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        var expected = Convert.FromBase64String(parts[3]);
        var actual = Derive(Normalize(typed), Convert.FromBase64String(parts[2]), iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>
    /// What a person means: case, spaces and dashes do not count, and letters that look like digits are
    /// the digits (Crockford's decoding rules). Turkish "ı" and "i" are upper-cased by the invariant rules.
    /// </summary>
    public static string Normalize(string typed)
    {
        var text = new StringBuilder(typed.Length);
        foreach (var c in typed.Trim())
        {
            var upper = char.ToUpperInvariant(c) switch
            {
                'O' => '0',
                'I' or 'İ' or 'ı' or 'L' => '1',
                var other => other,
            };
            if (upper is not ('-' or ' ' or '\u00A0'))
            {
                text.Append(upper);
            }
        }

        return text.ToString();
    }

    private static byte[] Derive(string normalized, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(normalized), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
