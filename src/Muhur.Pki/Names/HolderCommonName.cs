using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Muhur.Pki.Names;

/// <summary>
/// The holder's commonName (ETSI EN 319 412-2 §4.2.4: the name the holder is commonly known by) within RFC 5280
/// Appendix A.1 ub-common-name, 64 characters counted as <see cref="DirectoryStringBounds.CountCharacters"/> does.
/// </summary>
/// <remarks>
/// The rule: "given names surname", spaces collapsed. If that is longer than 64 characters, given names become their
/// initial letter and a full stop one at a time, from the last given name back to the second (the middle names), then
/// the first: "Abdurrahman Muhammed Fatih" → "Abdurrahman Muhammed F." → "Abdurrahman M. F." → "A. M. F.". The
/// first form that fits is used. The surname is never shortened; if "initials surname" still does not fit, the name
/// is refused. The givenName and surname attributes always carry the full names (ub-name 32768), so nothing of the
/// registered name is lost from the certificate.
/// </remarks>
public static class HolderCommonName
{
    /// <summary>The commonName for the holder, or <see cref="NonConformingNameException"/> when none fits.</summary>
    public static string Create(string givenName, string surname) =>
        TryCreate(givenName, surname, out string? commonName)
            ? commonName
            : throw new NonConformingNameException(
                $"The surname is too long for a commonName of at most {DirectoryStringBounds.UbCommonName} characters even with the given names as initials (RFC 5280 ub-common-name); the surname is never shortened.");

    public static bool TryCreate(string givenName, string surname, [NotNullWhen(true)] out string? commonName)
    {
        ArgumentNullException.ThrowIfNull(givenName);
        ArgumentNullException.ThrowIfNull(surname);
        string[] given = Words(givenName);
        string family = string.Join(' ', Words(surname));
        if (given.Length == 0 || family.Length == 0)
        {
            throw new ArgumentException("The given name and the surname must not be empty.");
        }

        // Index 0 (the first given name) is abbreviated last.
        for (int abbreviated = 0; abbreviated <= given.Length; abbreviated++)
        {
            if (abbreviated > 0)
            {
                int index = abbreviated == given.Length ? 0 : given.Length - abbreviated;
                given[index] = Initial(given[index]);
            }

            string candidate = string.Join(' ', given) + " " + family;
            if (DirectoryStringBounds.CountCharacters(candidate) <= DirectoryStringBounds.UbCommonName)
            {
                commonName = candidate;
                return true;
            }
        }

        commonName = null;
        return false;
    }

    private static string[] Words(string value) =>
        value.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    // The first user-perceived character (a letter with any combining mark stays whole), never half of one.
    private static string Initial(string word) =>
        word[..StringInfo.GetNextTextElementLength(word)] + ".";
}
