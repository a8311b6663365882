using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;
using Muhur.Pki.Tests.Support;

namespace Muhur.Pki.Tests.Authority;

/// <summary>R-CA-1: the CA hierarchy (root, issuing CA, delegated OCSP responder) read back from the DER.</summary>
public sealed class CaCertificateFactoryTests(CaFixture ca) : IClassFixture<CaFixture>
{
    [Fact]
    public void CreateRoot_Defaults_IsSelfSignedCaWithTurkishUtf8Subject()
    {
        // Arrange + Act: the fixture created the root with default settings.
        X509Certificate2 root = ca.Root;

        // Assert
        Assert.Equal(root.SubjectName.RawData, root.IssuerName.RawData);
        var basic = (X509BasicConstraintsExtension)Der.Extension(root, "2.5.29.19");
        Assert.True(basic.Critical);
        Assert.True(basic.CertificateAuthority);
        var keyUsage = (X509KeyUsageExtension)Der.Extension(root, "2.5.29.15");
        Assert.True(keyUsage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, keyUsage.KeyUsages);
        Assert.NotNull(root.Extensions["2.5.29.14"]);
        Assert.Equal(root.NotBefore.AddYears(20), root.NotAfter);

        List<RdnValue> subject = Der.ReadName(root.SubjectName);
        Assert.Equal(
            [
                new RdnValue("2.5.4.6", UniversalTagNumber.PrintableString, "TR"),
                new RdnValue("2.5.4.10", UniversalTagNumber.UTF8String, "Mühür Sertifikasyon Merkezi"),
                new RdnValue("2.5.4.3", UniversalTagNumber.UTF8String, "Mühür Kök Sertifika Hizmet Sağlayıcısı - Sürüm 1"),
            ],
            subject);
    }

    [Fact]
    public void CreateIssuing_SignedByRoot_ChainsWithPathLenZeroAndRootPublicationPointers()
    {
        // Arrange
        X509Certificate2 issuing = ca.Issuing;

        // Act
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        bool valid = chain.Build(issuing);

        // Assert
        Assert.True(valid, string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        var basic = (X509BasicConstraintsExtension)Der.Extension(issuing, "2.5.29.19");
        Assert.True(basic.Critical);
        Assert.True(basic.CertificateAuthority);
        Assert.True(basic.HasPathLengthConstraint);
        Assert.Equal(0, basic.PathLengthConstraint);

        var aki = (X509AuthorityKeyIdentifierExtension)Der.Extension(issuing, "2.5.29.35");
        var rootSki = (X509SubjectKeyIdentifierExtension)Der.Extension(ca.Root, "2.5.29.14");
        Assert.Equal(Convert.FromHexString(rootSki.SubjectKeyIdentifier!), aki.KeyIdentifier!.Value.ToArray());

        var aia = (X509AuthorityInformationAccessExtension)Der.Extension(issuing, "1.3.6.1.5.5.7.1.1");
        Assert.Equal([CaFixture.RootCertificateUrl.AbsoluteUri], aia.EnumerateCAIssuersUris());
        Assert.Contains(CaFixture.RootCrlUrl.AbsoluteUri, ReadCrlDistributionPointUris(issuing));
        Assert.Equal(ca.Root.NotBefore.AddYears(10), issuing.NotAfter);

        List<RdnValue> subject = Der.ReadName(issuing.SubjectName);
        Assert.Equal("Mühür Nitelikli Sertifika Hizmet Sağlayıcısı - Sürüm 1", subject[^1].Value);
        Assert.Equal(UniversalTagNumber.UTF8String, subject[^1].Tag);
    }

    [Fact]
    public void CreateOcspResponder_Defaults_HasOcspSigningEkuNoCheckAndShortValidity()
    {
        // Arrange
        X509Certificate2 responder = ca.Responder;

        // Act
        var eku = (X509EnhancedKeyUsageExtension)Der.Extension(responder, "2.5.29.37");
        var keyUsage = (X509KeyUsageExtension)Der.Extension(responder, "2.5.29.15");
        X509Extension noCheck = Der.Extension(responder, "1.3.6.1.5.5.7.48.1.5");

        // Assert (RFC 6960 §4.2.2.2 and §4.2.2.2.1)
        Assert.Equal(["1.3.6.1.5.5.7.3.9"], eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, keyUsage.KeyUsages);
        Assert.Equal(new byte[] { 0x05, 0x00 }, noCheck.RawData);
        Assert.Equal(ca.Issuing.SubjectName.RawData, responder.IssuerName.RawData);
        Assert.Equal(TimeSpan.FromDays(30), responder.NotAfter - responder.NotBefore);
        Assert.Equal("1.2.840.10045.2.1", responder.PublicKey.Oid.Value);
        Assert.Equal(256, responder.GetECDsaPublicKey()!.KeySize);
    }

    [Fact]
    public void CreateOcspResponder_BeyondIssuerValidity_Throws()
    {
        // Arrange
        var settings = new OcspResponderSettings { Validity = TimeSpan.FromDays(365 * 11) };

        // Act + Assert
        Assert.Throws<ArgumentException>(() => CaCertificateFactory.CreateOcspResponder(
            ca.IssuingKey, ca.Issuing, ca.ResponderKey.PublicKey, settings, ca.Now));
    }

    private static List<string> ReadCrlDistributionPointUris(X509Certificate2 certificate)
    {
        // CRLDistributionPoints ::= SEQUENCE OF DistributionPoint (RFC 5280 §4.2.1.13)
        var uris = new List<string>();
        AsnReader points = new AsnReader(Der.Extension(certificate, "2.5.29.31").RawData, AsnEncodingRules.DER).ReadSequence();
        while (points.HasData)
        {
            AsnReader fullName = points.ReadSequence()
                .ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0))
                .ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            while (fullName.HasData)
            {
                uris.Add(fullName.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
            }
        }

        return uris;
    }
}
