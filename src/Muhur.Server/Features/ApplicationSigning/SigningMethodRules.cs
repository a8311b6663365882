namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>Where the applicant stands with our qualified certificates, for the signing-method offer (R-APP-6).</summary>
internal enum CertificateStanding
{
    /// <summary>No certificate of ours: a first application.</summary>
    None,

    /// <summary>A certificate that is good and within its validity period now.</summary>
    Valid,

    /// <summary>Certificates only outside their validity period (expired, or not yet valid).</summary>
    Expired,

    /// <summary>A certificate within its validity that is suspended or revoked ("having trouble").</summary>
    Troubled,
}

/// <summary>The signing methods offered, and why e-signed or E-Onay is not (a resource key's suffix).</summary>
internal sealed record SigningOffer(bool ESigned, bool EOnay, bool OfferConsent, string? ESignedWithheldReason, string? EOnayWithheldReason)
{
    /// <summary>R-APP-6: wet-signed is always offered.</summary>
    public static bool WetSigned => true;
}

/// <summary>
/// R-APP-6, R-EONAY-1, R-EONAY-2: which signing methods an applicant is offered. Wet-signed always; e-signed only to a
/// holder of a valid qualified certificate of ours; E-Onay only with a recorded consent in force (it needs no valid
/// certificate then: it is the way for a consenting holder whose certificate has expired). A valid holder without
/// consent is offered to give it.
/// </summary>
internal static class SigningMethodRules
{
    public const string NoCertificate = "NoCertificate";
    public const string CertificateExpired = "CertificateExpired";
    public const string CertificateTroubled = "CertificateTroubled";
    public const string NoConsent = "NoConsent";

    public static SigningOffer Decide(CertificateStanding standing, bool consentInForce)
    {
        var eSigned = standing == CertificateStanding.Valid;
        var eSignedWithheld = standing switch
        {
            CertificateStanding.Valid => null,
            CertificateStanding.Expired => CertificateExpired,
            CertificateStanding.Troubled => CertificateTroubled,
            _ => NoCertificate,
        };
        return new SigningOffer(
            ESigned: eSigned,
            EOnay: consentInForce,
            OfferConsent: eSigned && !consentInForce,
            ESignedWithheldReason: eSignedWithheld,
            EOnayWithheldReason: consentInForce ? null : NoConsent);
    }

    /// <summary>
    /// The standing from the person's certificates at <paramref name="now"/>: valid wins over troubled, troubled over
    /// expired. A suspended or revoked certificate that has also expired counts as expired.
    /// </summary>
    public static CertificateStanding Standing(IEnumerable<HeldCertificate> certificates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var standing = CertificateStanding.None;
        foreach (var c in certificates)
        {
            var within = c.NotBefore <= now && now < c.NotAfter;
            var current = !within ? CertificateStanding.Expired : c.Good ? CertificateStanding.Valid : CertificateStanding.Troubled;
            if (Rank(current) > Rank(standing))
            {
                standing = current;
            }
        }

        return standing;
    }

    private static int Rank(CertificateStanding s) => s switch
    {
        CertificateStanding.Valid => 3,
        CertificateStanding.Troubled => 2,
        CertificateStanding.Expired => 1,
        _ => 0,
    };
}

/// <summary>What the rules need of one certificate.</summary>
internal sealed record HeldCertificate(bool Good, DateTimeOffset NotBefore, DateTimeOffset NotAfter);
