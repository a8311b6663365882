using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.Certificates;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>Holders with certificates of our CA and software keys, and CAdES-BES signatures made with them.</summary>
internal static class CadesTestSigner
{
    /// <summary>A certificate of our CA with its private key (in software here; on the card in real use).</summary>
    public static async Task<(X509Certificate2 Certificate, IssuedCertificate Issued)> HolderAsync(MuhurAppFactory app, string nationalId, string institution)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var holder = await CaTestSupport.RegisterAsync(app, nationalId, institution, "İmza", "Sahibi");
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IssueCertificate>().RunAsync(
            new IssueCertificateRequest(new PublicKey(key), holder.PersonId, holder.InstitutionId), "test", CancellationToken.None);
        using var certificate = X509CertificateLoader.LoadCertificate(result.Certificate!.Der);
        return (certificate.CopyWithPrivateKey(key), result.Certificate);
    }

    /// <summary>CAdES-BES (ETSI EN 319 122-1): signing time and signing-certificate-v2 (RFC 5035) signed.</summary>
    public static byte[] Sign(byte[] content, X509Certificate2 signerCertificate, bool detached = false, bool includeSigningCertificate = true, X509Certificate2? namedCertificate = null)
    {
        var cms = new SignedCms(new ContentInfo(content), detached);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signerCertificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(DateTime.UtcNow));
        if (includeSigningCertificate)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            using (writer.PushSequence())
            using (writer.PushSequence())
            {
                writer.WriteOctetString(SHA256.HashData((namedCertificate ?? signerCertificate).RawData));
            }

            signer.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", writer.Encode()));
        }

        cms.ComputeSignature(signer);
        return cms.Encode();
    }
}
