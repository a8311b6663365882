namespace Muhur.Pki.Profiles;

public sealed record QualifiedCertificateProfile
{
    /// <summary>
    /// Placeholder under the Turkish national arc 2.16.792 following the KamuSM NES policy pattern
    /// (2.16.792.1.2.1.1.5.7.1.9); the centre replaces it with the OID in its registered certificate policy.
    /// </summary>
    public const string DefaultPolicyOid = "2.16.792.1.2.1.1.5.7.1.9";
}
