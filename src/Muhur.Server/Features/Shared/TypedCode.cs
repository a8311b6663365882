using System.Security.Cryptography;

namespace Muhur.Server.Features.Shared;

/// <summary>
/// A random code a person reads and types: XXXX-XXXX-XXXX in Crockford's base 32 (no I, L, O, U), 60 random bits.
/// The verification codes signed with the card and the access passwords are both of this form.
/// </summary>
internal static class TypedCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> code = stackalloc char[14];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = i is 4 or 9 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(code);
    }
}
