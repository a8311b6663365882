using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;
using Muhur.Pki.Identity;
using Muhur.Pki.Names;
using Muhur.Pki.Ocsp;
using Muhur.Pki.Profiles;
using Muhur.Pki.Revocation;
using Muhur.Pki.Tests.Support;

namespace Muhur.Pki.Tests.Names;

/// <summary>
/// R-CA-1: RFC 5280 Appendix A.1 upper bounds on every name we write: decoded from our CA and holder certificates, CRLs and
/// OCSP responses by an independent checker (<see cref="Rfc5280NameChecker"/>) that a strict decoder would agree with.
/// </summary>
public sealed class NameBoundsTests(CaFixture ca) : IClassFixture<CaFixture>
{
    private const string FormerIssuingCommonName = "Mühür Nitelikli Elektronik Sertifika Hizmet Sağlayıcısı - Sürüm 1";

    private static readonly QualifiedCertificateProfile Profile = TestProfiles.Qualified;

    [Fact]
    public void Checker_HandBuiltNameWithTheFormerIssuingCaCommonName_ReportsCommonNameOverUbCommonName()
    {
        // Arrange: the issuing CA's name before issue 8, built without our bounds check.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(FormerIssuingCommonName);
        builder.AddOrganizationName(CaSubjectName.DefaultOrganization);
        builder.AddCountryOrRegion("TR");

        // Act
        List<string> violations = Rfc5280NameChecker.CheckName(builder.Build().RawData, "subject");

        // Assert
        Assert.Equal(["subject: commonName has 65 characters, SIZE (1..64)"], violations);
    }

    [Fact]
    public void Checker_CertificateSignedWithTheFormerIssuingCaName_ReportsSubjectAndIssuer()
    {
        // Arrange: what the CA certificate looked like (self-signed here), so the checker is shown to read certificates.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(FormerIssuingCommonName);
        builder.AddCountryOrRegion("TR");
        var request = new CertificateRequest(builder.Build(), key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.CreateSelfSigned(ca.Now, ca.Now.AddDays(1));

        // Act
        List<string> violations = Rfc5280NameChecker.CheckCertificate(certificate.RawData);

        // Assert
        Assert.Equal(2, violations.Count);
        Assert.All(violations, v => Assert.Contains("commonName has 65 characters", v, StringComparison.Ordinal));
    }

    [Fact]
    public void ToDistinguishedName_FormerIssuingCaCommonName_IsRefused()
    {
        // Act + Assert: our own names go through DirectoryStringBounds, so the old name cannot be signed any more.
        var ex = Assert.Throws<NonConformingNameException>(
            () => new CaSubjectName(FormerIssuingCommonName, CaSubjectName.DefaultOrganization).ToDistinguishedName());
        Assert.Contains("commonName has 65 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CaCertificates_DefaultNames_EveryNameWithinBounds()
    {
        // Act
        List<string> violations =
        [
            .. Rfc5280NameChecker.CheckCertificate(ca.Root.RawData),
            .. Rfc5280NameChecker.CheckCertificate(ca.Issuing.RawData),
            .. Rfc5280NameChecker.CheckCertificate(ca.Responder.RawData),
        ];

        // Assert
        Assert.Empty(violations);
        Assert.Equal("Mühür Nitelikli Sertifika Hizmet Sağlayıcısı - Sürüm 1", ca.Issuing.GetNameInfo(X509NameType.SimpleName, false));
    }

    [Theory]
    [InlineData("Ayşe", "Yılmaz")]
    [InlineData("Abdurrahman Muhammed Fatih", "Karamanlıoğulları Yılmazoğlu")]
    [InlineData("Abdurrahman Muhammed Fatih", "Karamanlıoğulları Yılmazoğlu Çelebioğulları")]
    [InlineData("Abdurrahman Muhammed", "Karamanlıoğulları Yılmazoğlu Çelebioğulları Hacıömeroğlu")]
    public void HolderCertificate_TurkishNamesShortAndLong_EveryNameWithinBoundsAndNamesWhole(string givenName, string surname)
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // Act
        byte[] der = Issue(holder, givenName, surname, "Karamanoğlu Mehmetbey Üniversitesi Sağlık Hizmetleri M.Y.O.");
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(der);

        // Assert
        Assert.Empty(Rfc5280NameChecker.CheckCertificate(der));
        List<RdnValue> subject = Der.ReadName(certificate.SubjectName);
        Assert.Equal(givenName, subject.Single(a => a.Oid == "2.5.4.42").Value);
        Assert.Equal(surname, subject.Single(a => a.Oid == "2.5.4.4").Value);
        Assert.EndsWith(" " + surname, subject.Single(a => a.Oid == "2.5.4.3").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_SurnameTooLongForAnyCommonName_IsRefusedNotIssued()
    {
        // Arrange: even "A. " + 63 characters is 66.
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string surname = "Karamanlıoğulları Yılmazoğlu Çelebioğulları Hacıömeroğlu Öztürk";
        Assert.Equal(63, surname.Length);

        // Act + Assert
        Assert.Throws<NonConformingNameException>(() => Issue(holder, "Ayşe", surname, null));
    }

    [Fact]
    public void Issue_InstitutionOver64Characters_IsRefused()
    {
        // Arrange: organizationName has no shortening rule; 71 characters.
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string institution = "Karamanoğlu Mehmetbey Üniversitesi Sağlık Hizmetleri Meslek Yüksekokulu";

        // Act + Assert
        var ex = Assert.Throws<NonConformingNameException>(() => Issue(holder, "Ayşe", "Yılmaz", institution));
        Assert.Contains("organizationName has 71 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crls_FullAndDeltaOfIssuingAndRoot_IssuerWithinBounds()
    {
        // Arrange
        var parameters = new CrlParameters
        {
            CrlNumber = 2,
            ThisUpdate = ca.Now,
            NextUpdate = ca.Now.AddDays(1),
            DistributionPointUrl = Profile.CrlUrl,
            FreshestCrlUrl = Profile.FreshestCrlUrl,
        };
        RevokedEntry[] entries = [new(new BigInteger(77), ca.Now, CrlReason.KeyCompromise)];

        // Act
        byte[] full = new CrlWriter(ca.IssuingKey, ca.Issuing).BuildFull(parameters, entries);
        byte[] delta = new CrlWriter(ca.IssuingKey, ca.Issuing).BuildDelta(
            parameters with { CrlNumber = 3, FreshestCrlUrl = null }, new BigInteger(2), entries);
        byte[] root = new CrlWriter(ca.RootKey, ca.Root).BuildFull(
            parameters with { DistributionPointUrl = null, FreshestCrlUrl = null, Scope = CrlScope.AllCertificates }, []);

        // Assert
        Assert.Empty(Rfc5280NameChecker.CheckCrl(full));
        Assert.Empty(Rfc5280NameChecker.CheckCrl(delta));
        Assert.Empty(Rfc5280NameChecker.CheckCrl(root));
        Assert.Equal(ca.Issuing.SubjectName.RawData, ReadCrlIssuer(full));
    }

    [Fact]
    public void OcspResponse_Signed_EveryNameItCarriesWithinBounds()
    {
        // Arrange
        var responder = new OcspResponder(ca.ResponderKey, ca.Responder, new OcspIssuer(ca.Issuing), _ => CertStatusInfo.Good);

        // Act
        byte[] response = responder.CreateResponseForSerial([0x0A, 0x0B], ca.Now);

        // Assert: the responder certificate's subject and issuer (the issuing CA's name) are both in it.
        Assert.Empty(Rfc5280NameChecker.CheckOcspResponse(response, out int namesChecked));
        Assert.True(namesChecked >= 2, $"{namesChecked} names checked");
    }

    private byte[] Issue(ECDsa holder, string givenName, string surname, string? institution) =>
        new QualifiedCertificateIssuer(ca.IssuingKey, ca.Issuing, Profile).Issue(new QualifiedCertificateRequest
        {
            SubjectPublicKey = new PublicKey(holder),
            Identifier = PersonIdentifier.TryParseNational("10000000146", out var identifier, out _) ? identifier : throw new InvalidOperationException(),
            GivenName = givenName,
            Surname = surname,
            Institution = institution,
            NotBefore = ca.Now,
            ValidityYears = 1,
        });

    private static byte[] ReadCrlIssuer(byte[] crl)
    {
        AsnReader tbs = new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        tbs.ReadInteger();
        tbs.ReadEncodedValue();
        return tbs.ReadEncodedValue().ToArray();
    }
}
