namespace Muhur.Pki.Profiles;

/// <summary>How the holder's national ID appears in the subject serialNumber attribute.</summary>
public enum SubjectSerialNumberForm
{
    /// <summary>The bare 11-digit T.C. Kimlik No, as Turkish NES certificates have traditionally carried it.</summary>
    NationalId = 0,

    /// <summary>ETSI EN 319 412-1 §5.1.3 semantics identifier form: <c>PNOTR-</c> followed by the national ID.</summary>
    EtsiPnoTr,
}
