namespace Muhur.Server.Data;

/// <summary>
/// Every PostgreSQL advisory-lock key the server takes. Keys share one 64-bit space per database, so two uses
/// with the same key would serialise (or, with a try-lock, skip) each other by accident; listing them here keeps
/// them distinct (a test checks). Each is "Muhur_" in ASCII followed by a letter and a digit naming the use.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>Session lock: one node applies the schema migrations while the others wait.</summary>
    public const long SchemaMigration = 0x4D756875725F4D31; // "Muhur_M1"

    /// <summary>Transaction lock: the audit chain's appenders take turns, so the chain never forks (R-CA-4).</summary>
    public const long AuditAppend = 0x4D756875725F4131; // "Muhur_A1"

    /// <summary>Transaction lock: one node creates the CA keys and certificates, or rotates the OCSP responder.</summary>
    public const long CaInitialization = 0x4D756875725F4331; // "Muhur_C1"

    /// <summary>Transaction lock: one node loads the demo data.</summary>
    public const long DemoData = 0x4D756875725F4431; // "Muhur_D1"

    /// <summary>Transaction try-lock: one node publishes CRLs per tick; the others skip.</summary>
    public const long CrlPublication = 0x4D756875725F5231; // "Muhur_R1"

    /// <summary>Session try-lock: one card production on the tokens at a time, so two never initialise the same token (R-CARD-1).</summary>
    public const long CardProduction = 0x4D756875725F5031; // "Muhur_P1"

    /// <summary>
    /// Transaction lock, in PostgreSQL's two-int4 key space (which never overlaps the 64-bit keys above): this class and
    /// <c>hashtext</c> of a caller's identifier key, so identity checks of one identifier run one after the other (R-APP-11).
    /// </summary>
    public const int CallerIdentityCheckClass = 0x4D754331; // "MuC1"

    public static IReadOnlyList<(string Name, long Key)> All { get; } =
    [
        (nameof(SchemaMigration), SchemaMigration),
        (nameof(AuditAppend), AuditAppend),
        (nameof(CaInitialization), CaInitialization),
        (nameof(DemoData), DemoData),
        (nameof(CrlPublication), CrlPublication),
        (nameof(CardProduction), CardProduction),
    ];
}
