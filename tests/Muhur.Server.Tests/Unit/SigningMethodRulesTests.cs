using Muhur.Server.Features.ApplicationSigning;

namespace Muhur.Server.Tests.Unit;

// R-APP-6, R-EONAY-1, R-EONAY-2: wet-signed always; e-signed only with a valid qualified certificate of ours; E-Onay
// only with consent in force; a valid holder without consent is offered to give it; each withheld method has its reason.
public class SigningMethodRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("None", false, false, false, false, "NoCertificate")]
    [InlineData("Expired", false, false, false, false, "CertificateExpired")]
    [InlineData("Troubled", false, false, false, false, "CertificateTroubled")]
    [InlineData("Valid", false, true, false, true, null)]
    [InlineData("Valid", true, true, true, false, null)]
    [InlineData("Expired", true, false, true, false, "CertificateExpired")]
    [InlineData("None", true, false, true, false, "NoCertificate")]
    public void Decide_StandingAndConsent_OffersAsTheRequirementSays(
        string standing, bool consent, bool eSigned, bool eOnay, bool offerConsent, string? eSignedReason)
    {
        var offer = SigningMethodRules.Decide(Enum.Parse<CertificateStanding>(standing), consent);

        Assert.True(SigningOffer.WetSigned);
        Assert.Equal(eSigned, offer.ESigned);
        Assert.Equal(eOnay, offer.EOnay);
        Assert.Equal(offerConsent, offer.OfferConsent);
        Assert.Equal(eSignedReason, offer.ESignedWithheldReason);
        Assert.Equal(consent ? null : SigningMethodRules.NoConsent, offer.EOnayWithheldReason);
    }

    [Fact]
    public void Standing_NoCertificates_IsNone()
    {
        Assert.Equal(CertificateStanding.None, SigningMethodRules.Standing([], Now));
    }

    [Fact]
    public void Standing_GoodWithinValidity_IsValidEvenBesideExpiredAndRevokedOnes()
    {
        var standing = SigningMethodRules.Standing(
            [Held(false, -400, -30), Held(false, -10, 300), Held(true, -10, 300)], Now);

        Assert.Equal(CertificateStanding.Valid, standing);
    }

    [Fact]
    public void Standing_OnlyExpired_IsExpired()
    {
        Assert.Equal(CertificateStanding.Expired, SigningMethodRules.Standing([Held(true, -800, -1)], Now));
    }

    [Fact]
    public void Standing_NotYetValid_IsNotValid()
    {
        Assert.Equal(CertificateStanding.Expired, SigningMethodRules.Standing([Held(true, 1, 700)], Now));
    }

    [Fact]
    public void Standing_SuspendedOrRevokedWithinValidity_IsTroubled()
    {
        Assert.Equal(CertificateStanding.Troubled, SigningMethodRules.Standing([Held(false, -10, 300), Held(true, -900, -200)], Now));
    }

    [Fact]
    public void Standing_AtNotAfter_IsExpired()
    {
        // Valid up to, not including, notAfter here: the offer errs on the side of not offering.
        Assert.Equal(CertificateStanding.Expired, SigningMethodRules.Standing([new HeldCertificate(true, Now.AddDays(-1), Now)], Now));
    }

    private static HeldCertificate Held(bool good, int fromDays, int toDays) => new(good, Now.AddDays(fromDays), Now.AddDays(toDays));
}
