using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Signer.Tests;

/// <summary>
/// A throwaway issuing CA (EC P-256) valid from five years ago to five years ahead, so that it can issue certificates
/// that expired long ago or start in the future, with or without Authority Information Access (RFC 5280 §4.2.2.1).
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificateAuthority(string commonName)
    {
        var request = new CertificateRequest($"CN={commonName}, O=Mühür Test, C=TR", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-5), DateTimeOffset.UtcNow.AddYears(5));
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string KeyPem => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>A holder certificate for <paramref name="key"/>; AIA with the OCSP and caIssuers addresses when given.</summary>
    public byte[] Issue(PublicKey key, string holder, byte[] serial, DateTimeOffset notBefore, DateTimeOffset notAfter,
        string? ocspUrl = null, string? caIssuersUrl = null)
    {
        var request = new CertificateRequest(new X500DistinguishedName($"CN={holder}, C=TR"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(QcCompliance());
        if (ocspUrl is not null || caIssuersUrl is not null)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(
                ocspUrl is null ? null : [ocspUrl], caIssuersUrl is null ? null : [caIssuersUrl]));
        }
        using var certificate = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, serial);
        return certificate.RawData;
    }

    /// <summary>A holder certificate for a software key, for tests that need no card; the caller disposes it.</summary>
    public X509Certificate2 IssueSoftware(string holder, byte[] serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={holder}", key, HashAlgorithmName.SHA256);
        return X509CertificateLoader.LoadCertificate(
            Issue(request.PublicKey, holder, serial, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)));
    }

    /// <summary>qcStatements with QcCompliance (ETSI EN 319 412-5 §4.2.1): what makes a holder certificate qualified.</summary>
    public static X509Extension QcCompliance()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(PkiOids.QcCompliance);
        }
        return new X509Extension(PkiOids.QcStatements, writer.Encode(), critical: false);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
