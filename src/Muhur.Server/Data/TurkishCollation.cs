namespace Muhur.Server.Data;

/// <summary>
/// Names are ordered and searched with PostgreSQL's ICU Turkish collation, not the database's C.UTF-8 one, which sorts
/// Ç, Ğ, İ, Ö, Ş, Ü after Z and lower-cases I to i. Under "tr-x-icu" the order is the Turkish alphabet (… C Ç D … H I İ
/// J … O Ö P … S Ş T U Ü …) and <c>lower()</c> maps I to ı and İ to i. PostgreSQL imports the ICU collations into every
/// cluster it creates whatever its locale (Debian's PostgreSQL is built with ICU).
/// </summary>
/// <remarks>
/// Written into each query (<c>EF.Functions.Collate(name, TurkishCollation.Name)</c>) rather than onto the columns,
/// so that it needs no migration; an index on a name would have to use the same collation. Name searches read
/// <c>people.search_name</c> (migration 0011), the name lowered once under this collation by PostgreSQL.
/// </remarks>
internal static class TurkishCollation
{
    public const string Name = "tr-x-icu";
}
