using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Identity;
using Muhur.Pki.Profiles;
using Muhur.Pki.Tests.Support;

namespace Muhur.Pki.Tests.Profiles;

/// <summary>R-CA-1: every field of the qualified certificate profile, read back from the issued DER.</summary>
public sealed class QualifiedCertificateIssuerTests(CaFixture ca) : IClassFixture<CaFixture>
{
    private const string NationalId = "10000000146";

    private static readonly QualifiedCertificateProfile Profile = TestProfiles.Qualified;

    [Fact]
    public void Issue_TurkishNames_SubjectRoundTripsWithUtf8AndPrintableStrings()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // Act (R-CA-1)
        using X509Certificate2 certificate = IssueFor(holder, givenName: "İlknur Şükriye", surname: "Çağlayığ Öztürk",
            institution: "Gümüşhane Üniversitesi");

        // Assert
        Assert.Equal(
            [
                new RdnValue("2.5.4.6", UniversalTagNumber.PrintableString, "TR"),
                new RdnValue("2.5.4.10", UniversalTagNumber.UTF8String, "Gümüşhane Üniversitesi"),
                new RdnValue("2.5.4.5", UniversalTagNumber.PrintableString, NationalId),
                new RdnValue("2.5.4.42", UniversalTagNumber.UTF8String, "İlknur Şükriye"),
                new RdnValue("2.5.4.4", UniversalTagNumber.UTF8String, "Çağlayığ Öztürk"),
                new RdnValue("2.5.4.3", UniversalTagNumber.UTF8String, "İlknur Şükriye Çağlayığ Öztürk"),
            ],
            Der.ReadName(certificate.SubjectName));
        Assert.Equal(ca.Issuing.SubjectName.RawData, certificate.IssuerName.RawData);
    }

    [Fact]
    public void Issue_EtsiSerialNumberFormWithoutInstitution_UsesPnoTrAndOmitsOrganization()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuer = new QualifiedCertificateIssuer(ca.IssuingKey, ca.Issuing,
            Profile with { SerialNumberForm = SubjectSerialNumberForm.EtsiPnoTr });

        // Act (ETSI EN 319 412-1 §5.1.3)
        using var certificate = X509CertificateLoader.LoadCertificate(issuer.Issue(RequestFor(holder, "Ayşe", "Yılmaz", null)));

        // Assert
        List<RdnValue> subject = Der.ReadName(certificate.SubjectName);
        Assert.DoesNotContain(subject, a => a.Oid == "2.5.4.10");
        Assert.Contains(new RdnValue("2.5.4.5", UniversalTagNumber.PrintableString, "PNOTR-" + NationalId), subject);
    }

    [Theory]
    [InlineData(SubjectSerialNumberForm.NationalId)]
    [InlineData(SubjectSerialNumberForm.EtsiPnoTr)]
    public void Issue_PassportHolder_SerialNumberIsPasCountryDashNumber(SubjectSerialNumberForm form)
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuer = new QualifiedCertificateIssuer(ca.IssuingKey, ca.Issuing, Profile with { SerialNumberForm = form });
        Assert.True(PersonIdentifier.TryParsePassport("c01x00t47", "de", out var passport, out _));

        // Act (ETSI EN 319 412-1 §5.1.3: "PAS" + ISO 3166 country code + "-" + passport number, in either profile form)
        using var certificate = X509CertificateLoader.LoadCertificate(
            issuer.Issue(RequestFor(holder, "Anna", "Schmidt", "Örnek Üniversitesi", passport)));

        // Assert
        List<RdnValue> subject = Der.ReadName(certificate.SubjectName);
        Assert.Single(subject, a => a.Oid == "2.5.4.5");
        Assert.Contains(new RdnValue("2.5.4.5", UniversalTagNumber.PrintableString, "PASDE-C01X00T47"), subject);
        Assert.Contains(new RdnValue("2.5.4.3", UniversalTagNumber.UTF8String, "Anna Schmidt"), subject);
    }

    [Theory]
    [InlineData(SubjectSerialNumberForm.NationalId, "99000000042")]
    [InlineData(SubjectSerialNumberForm.EtsiPnoTr, "PNOTR-99000000042")]
    public void Issue_ForeignerIdentityNumber_KeepsTheNationalForms(SubjectSerialNumberForm form, string expected)
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuer = new QualifiedCertificateIssuer(ca.IssuingKey, ca.Issuing, Profile with { SerialNumberForm = form });
        var foreigner = National("99000000042");

        // Act
        using var certificate = X509CertificateLoader.LoadCertificate(issuer.Issue(RequestFor(holder, "John", "Smith", null, foreigner)));

        // Assert
        Assert.Equal(PersonIdentifierKind.ForeignerIdentityNumber, foreigner.Kind);
        Assert.Contains(new RdnValue("2.5.4.5", UniversalTagNumber.PrintableString, expected), Der.ReadName(certificate.SubjectName));
    }

    [Fact]
    public void Issue_Always_KeyUsageIsCriticalNonRepudiationOnlyAndNotCa()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // Act
        using X509Certificate2 certificate = IssueFor(holder);

        // Assert (ETSI EN 319 412-2 §4.3.2): BIT STRING with only bit 1 (nonRepudiation) set.
        X509Extension keyUsage = Der.Extension(certificate, "2.5.29.15");
        Assert.True(keyUsage.Critical);
        Assert.Equal(new byte[] { 0x03, 0x02, 0x06, 0x40 }, keyUsage.RawData);
        X509Extension basic = Der.Extension(certificate, "2.5.29.19");
        Assert.Equal(new byte[] { 0x30, 0x00 }, basic.RawData);
        Assert.False(basic.Critical);
    }

    [Fact]
    public void Issue_Always_PoliciesCarryCpsTurkishUserNoticeAndQcpNQscd()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // Act
        using X509Certificate2 certificate = IssueFor(holder);

        // Assert (RFC 5280 §4.2.1.4, ETSI EN 319 411-2 §5.3)
        AsnReader policies = new AsnReader(Der.Extension(certificate, "2.5.29.32").RawData, AsnEncodingRules.DER).ReadSequence();
        AsnReader centre = policies.ReadSequence();
        Assert.Equal("2.16.792.1.2.1.1.5.7.1.9", centre.ReadObjectIdentifier());
        AsnReader qualifiers = centre.ReadSequence();
        AsnReader cps = qualifiers.ReadSequence();
        Assert.Equal("1.3.6.1.5.5.7.2.1", cps.ReadObjectIdentifier());
        Assert.Equal("https://127.0.0.1:5080/ilke/sum", cps.ReadCharacterString(UniversalTagNumber.IA5String));
        AsnReader notice = qualifiers.ReadSequence();
        Assert.Equal("1.3.6.1.5.5.7.2.2", notice.ReadObjectIdentifier());
        AsnReader userNotice = notice.ReadSequence();
        Assert.Equal(
            "Bu sertifika, 5070 sayılı Elektronik İmza Kanunu’na göre nitelikli elektronik sertifikadır.",
            userNotice.ReadCharacterString(UniversalTagNumber.UTF8String));
        Assert.False(userNotice.HasData);
        AsnReader qcp = policies.ReadSequence();
        Assert.Equal("0.4.0.194112.1.2", qcp.ReadObjectIdentifier());
        Assert.False(qcp.HasData);
        Assert.False(policies.HasData);
    }

    [Fact]
    public void Issue_EnglishPdsAdded_QcStatementsCarryAllEtsiAndBtkStatementsInOrder()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuer = new QualifiedCertificateIssuer(ca.IssuingKey, ca.Issuing, Profile with
        {
            PdsLocations =
            [
                new PdsLocation(new Uri("https://127.0.0.1:5080/pds/tr"), "tr"),
                new PdsLocation(new Uri("https://127.0.0.1:5080/pds/en"), "en"),
            ],
        });

        // Act
        using var certificate = X509CertificateLoader.LoadCertificate(issuer.Issue(RequestFor(holder, "Ali", "Veli", null)));

        // Assert (ETSI EN 319 412-5 §4)
        X509Extension extension = Der.Extension(certificate, "1.3.6.1.5.5.7.1.3");
        Assert.False(extension.Critical);
        AsnReader statements = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        AssertBareStatement(statements.ReadSequence(), "0.4.0.1862.1.1");
        AssertBareStatement(statements.ReadSequence(), "2.16.792.1.61.0.1.5070.1.1");
        AssertBareStatement(statements.ReadSequence(), "0.4.0.1862.1.4");
        AsnReader qcType = statements.ReadSequence();
        Assert.Equal("0.4.0.1862.1.6", qcType.ReadObjectIdentifier());
        AsnReader types = qcType.ReadSequence();
        Assert.Equal("0.4.0.1862.1.6.1", types.ReadObjectIdentifier());
        Assert.False(types.HasData);
        AsnReader pds = statements.ReadSequence();
        Assert.Equal("0.4.0.1862.1.5", pds.ReadObjectIdentifier());
        AsnReader locations = pds.ReadSequence();
        AssertPds(locations.ReadSequence(), "https://127.0.0.1:5080/pds/tr", "tr");
        AssertPds(locations.ReadSequence(), "https://127.0.0.1:5080/pds/en", "en");
        Assert.False(locations.HasData);
        Assert.False(statements.HasData);
    }

    [Fact]
    public void Issue_Always_HasCrlDpAiaAkiFromIssuerSkiAndSki()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // Act
        using X509Certificate2 certificate = IssueFor(holder);

        // Assert (RFC 5280 §4.2.1.1, §4.2.1.2, §4.2.1.13, §4.2.2.1)
        var aia = (X509AuthorityInformationAccessExtension)Der.Extension(certificate, "1.3.6.1.5.5.7.1.1");
        Assert.Equal(["http://127.0.0.1:5080/ocsp"], aia.EnumerateOcspUris());
        Assert.Equal(["http://127.0.0.1:5080/ca/nitelikli.crt"], aia.EnumerateCAIssuersUris());
        Assert.Contains("http://127.0.0.1:5080/crl/nitelikli.crl",
            System.Text.Encoding.ASCII.GetString(Der.Extension(certificate, "2.5.29.31").RawData));
        var aki = (X509AuthorityKeyIdentifierExtension)Der.Extension(certificate, "2.5.29.35");
        var issuerSki = (X509SubjectKeyIdentifierExtension)Der.Extension(ca.Issuing, "2.5.29.14");
        Assert.Equal(Convert.FromHexString(issuerSki.SubjectKeyIdentifier!), aki.KeyIdentifier!.Value.ToArray());
        var ski = (X509SubjectKeyIdentifierExtension)Der.Extension(certificate, "2.5.29.14");

        // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits; offset 26 skips a P-256 SPKI's header.
#pragma warning disable CA5350 // SHA-1 is what the SKI method prescribes, not a security use.
        Assert.Equal(SHA1.HashData(holder.ExportSubjectPublicKeyInfo().AsSpan(26)), Convert.FromHexString(ski.SubjectKeyIdentifier!));
#pragma warning restore CA5350
    }

    [Fact]
    public void Issue_Always_FreshestCrlPointsAtTheDeltaCrlNonCritical()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // Act
        using X509Certificate2 certificate = IssueFor(holder);

        // Assert (RFC 5280 §4.2.1.15: non-critical, CRLDistributionPoints syntax)
        X509Extension freshest = Der.Extension(certificate, "2.5.29.46");
        Assert.False(freshest.Critical);
        Assert.Equal(["http://127.0.0.1:5080/crl/nitelikli-delta.crl"], Der.DistributionPointUris(freshest.RawData));
        Assert.Equal(["http://127.0.0.1:5080/crl/nitelikli.crl"], Der.DistributionPointUris(Der.Extension(certificate, "2.5.29.31").RawData));
    }

    [Fact]
    public void Issue_Defaults_ThreeYearsFromExplicitNotBeforeWithRandomPositiveSerial()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        DateTimeOffset notBefore = ca.Now.AddDays(10);

        // Act
        using var first = X509CertificateLoader.LoadCertificate(
            new QualifiedCertificateIssuer(ca.IssuingKey, ca.Issuing, Profile).Issue(RequestFor(holder, "Ali", "Veli", null) with { NotBefore = notBefore }));
        using X509Certificate2 second = IssueFor(holder);

        // Assert
        Assert.Equal(notBefore.UtcDateTime, first.NotBefore.ToUniversalTime());
        Assert.Equal(notBefore.AddYears(3).UtcDateTime, first.NotAfter.ToUniversalTime());
        byte[] serial = first.SerialNumberBytes.ToArray();
        Assert.Equal(16, serial.Length);
        Assert.True(serial[0] is > 0 and < 0x80);
        Assert.NotEqual(serial, second.SerialNumberBytes.ToArray());
    }

    [Fact]
    public void Issue_Always_ChainsToRootAndVerifiesWithOpenSsl()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 certificate = IssueFor(holder);
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("root.pem"), Der.Pem("CERTIFICATE", ca.Root.RawData));
        File.WriteAllBytes(temp.File("issuing.pem"), Der.Pem("CERTIFICATE", ca.Issuing.RawData));
        File.WriteAllBytes(temp.File("leaf.pem"), Der.Pem("CERTIFICATE", certificate.RawData));

        // Act
        OpenSslResult result = OpenSsl.Run(temp.Path, "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem",
            "-policy_check", "-explicit_policy", "-policy", "0.4.0.194112.1.2", "leaf.pem");

        // Assert
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("leaf.pem: OK", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCertificationRequest_ValidCsr_ReturnsItsKey()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] csr = new CertificateRequest("CN=Ali Veli", holder, HashAlgorithmName.SHA256).CreateSigningRequest();

        // Act
        PublicKey key = HolderPublicKey.FromCertificationRequest(csr);

        // Assert
        Assert.Equal(holder.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void FromCertificationRequest_TamperedSignature_ThrowsInvalidCertificationRequest()
    {
        // Arrange
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] csr = new CertificateRequest("CN=Ali Veli", holder, HashAlgorithmName.SHA256).CreateSigningRequest();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] forged = new CertificateRequest("CN=Ali Veli", other, HashAlgorithmName.SHA256).CreateSigningRequest();
        byte[] spliced = SpliceSignature(csr, forged);

        // Act + Assert
        var ex = Assert.Throws<InvalidCertificationRequestException>(() => HolderPublicKey.FromCertificationRequest(spliced));
        Assert.Contains("signature", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_Rsa1024_ThrowsInvalidCertificationRequest()
    {
        // Arrange
        using var weak = RSA.Create(1024);

        // Act + Assert
        Assert.Throws<InvalidCertificationRequestException>(() => HolderPublicKey.FromSubjectPublicKeyInfo(weak.ExportSubjectPublicKeyInfo()));
    }

    private X509Certificate2 IssueFor(ECDsa holder, string givenName = "Ali", string surname = "Veli", string? institution = null)
    {
        byte[] der = new QualifiedCertificateIssuer(ca.IssuingKey, ca.Issuing, Profile)
            .Issue(RequestFor(holder, givenName, surname, institution));
        return X509CertificateLoader.LoadCertificate(der);
    }

    private QualifiedCertificateRequest RequestFor(ECDsa holder, string givenName, string surname, string? institution, PersonIdentifier? identifier = null) => new()
    {
        SubjectPublicKey = HolderPublicKey.FromSubjectPublicKeyInfo(holder.ExportSubjectPublicKeyInfo()),
        Identifier = identifier ?? National(NationalId),
        GivenName = givenName,
        Surname = surname,
        Institution = institution,
        NotBefore = ca.Now,
    };

    private static PersonIdentifier National(string number) =>
        PersonIdentifier.TryParseNational(number, out var identifier, out _) ? identifier : throw new ArgumentException(number);

    private static void AssertBareStatement(AsnReader statement, string oid)
    {
        Assert.Equal(oid, statement.ReadObjectIdentifier());
        Assert.False(statement.HasData);
    }

    private static void AssertPds(AsnReader location, string url, string language)
    {
        Assert.Equal(url, location.ReadCharacterString(UniversalTagNumber.IA5String));
        Assert.Equal(language, location.ReadCharacterString(UniversalTagNumber.PrintableString));
    }

    // Keeps the first request's info and key but attaches the second request's signature.
    private static byte[] SpliceSignature(byte[] csr, byte[] donor)
    {
        AsnReader outer = new AsnReader(csr, AsnEncodingRules.DER).ReadSequence();
        ReadOnlyMemory<byte> info = outer.ReadEncodedValue();
        ReadOnlyMemory<byte> algorithm = outer.ReadEncodedValue();
        AsnReader donorOuter = new AsnReader(donor, AsnEncodingRules.DER).ReadSequence();
        donorOuter.ReadEncodedValue();
        donorOuter.ReadEncodedValue();
        ReadOnlyMemory<byte> signature = donorOuter.ReadEncodedValue();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(info.Span);
            writer.WriteEncodedValue(algorithm.Span);
            writer.WriteEncodedValue(signature.Span);
        }

        return writer.Encode();
    }
}
