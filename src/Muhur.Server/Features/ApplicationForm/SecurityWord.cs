using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Muhur.Server.Features.ApplicationForm;

/// <summary>Why a security word was refused (its Turkish text is <c>ApplicationForm_SecurityWord{value}</c>).</summary>
internal enum SecurityWordProblem
{
    None,
    Missing,
    Length,
    Characters,
    NeedsLetterAndDigit,
    ContainsIdentifier,
    ContainsName,
    RepeatDiffers,
}

/// <summary>
/// The security word (güvenlik sözcüğü, R-APP-4; it later opens the online operations by phone, R-OPS-1): chosen by the
/// applicant, printed on the wet form (R-APP-7) and otherwise kept only as a slow salted hash, like a password
/// (NIST SP 800-63B §5.1.1.2: PBKDF2 with a per-word salt; OWASP's 2023 guidance of 600,000 rounds for
/// PBKDF2-HMAC-SHA256 is weighed against a 2-core server, so <see cref="Iterations"/> follows the brief's floor of 210,000).
/// </summary>
internal static class SecurityWord
{
    public const int MinLength = 8;
    public const int MaxLength = 32;
    public const int Iterations = 210_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";
    private static readonly CultureInfo Turkish = CultureInfo.GetCultureInfo("tr-TR");

    /// <summary>
    /// The rules shown on the form: 8–32 characters; letters (Turkish ones included) and digits, with at least one of
    /// each, and "-", "." or "_"; no spaces; not containing the applicant's identifier number, given name or surname.
    /// </summary>
    public static SecurityWordProblem Check(string? word, string? repeat, string identifierNumber, string givenName, string surname)
    {
        if (string.IsNullOrEmpty(word))
        {
            return SecurityWordProblem.Missing;
        }

        var normalized = Normalize(word);
        var length = normalized.EnumerateRunes().Count();
        if (length is < MinLength or > MaxLength)
        {
            return SecurityWordProblem.Length;
        }

        if (!normalized.All(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            return SecurityWordProblem.Characters;
        }

        if (!normalized.Any(char.IsLetter) || !normalized.Any(char.IsDigit))
        {
            return SecurityWordProblem.NeedsLetterAndDigit;
        }

        if (identifierNumber.Length > 0 && normalized.Contains(identifierNumber, StringComparison.OrdinalIgnoreCase))
        {
            return SecurityWordProblem.ContainsIdentifier;
        }

        // A word with the holder's own name in it is the first thing a caller pretending to be them would try.
        var lowered = normalized.ToLower(Turkish);
        var names = $"{givenName} {surname}".Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.ToLower(Turkish)).Where(n => n.Length >= 3);
        if (names.Any(n => lowered.Contains(n, StringComparison.Ordinal)))
        {
            return SecurityWordProblem.ContainsName;
        }

        return repeat is not null && Normalize(repeat) == normalized ? SecurityWordProblem.None : SecurityWordProblem.RepeatDiffers;
    }

    /// <summary>The stored form: <c>pbkdf2-sha256$iterations$salt$hash</c>, base64.</summary>
    public static string Hash(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(Normalize(word), salt, Iterations);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether a typed or pasted word matches the stored hash, in constant time.</summary>
    public static bool Matches(string? typed, string? stored)
    {
        var parts = (stored ?? string.Empty).Split('$');
        if (string.IsNullOrEmpty(typed) || parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        var expected = Convert.FromBase64String(parts[3]);
        var actual = Derive(Normalize(typed), Convert.FromBase64String(parts[2]), iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>
    /// The same word typed on another keyboard or pasted: Unicode NFC (a composed "ş" and "s" + cedilla are one
    /// word), surrounding spaces dropped. Case counts: it is a password.
    /// </summary>
    public static string Normalize(string typed) => typed.Trim().Normalize(NormalizationForm.FormC);

    private static byte[] Derive(string normalized, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(normalized), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
