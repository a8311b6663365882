using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Profiles;

namespace Muhur.Pki.Authority;

/// <summary>Issues the certificates of the CA hierarchy itself: root, issuing CA and delegated OCSP responder.</summary>
public static class CaCertificateFactory
{
    /// <summary>Self-signed root (RFC 5280 §4.2.1.9 CA, §4.2.1.3 keyCertSign|cRLSign, §4.2.1.2 SKI).</summary>
    public static X509Certificate2 CreateRoot(CaSigningKey rootKey, RootCaSettings settings, DateTimeOffset notBefore)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        ArgumentNullException.ThrowIfNull(settings);
        X500DistinguishedName subject = settings.Subject.ToDistinguishedName();
        var request = new CertificateRequest(subject, rootKey.PublicKey, rootKey.HashAlgorithm);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(
            new X509SubjectKeyIdentifierExtension(rootKey.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, false));

        DateTimeOffset start = X509Time.TruncateToSeconds(notBefore);
        return request.Create(subject, rootKey.SignatureGenerator, start, start.AddYears(settings.ValidityYears),
            SerialNumber.Generate());
    }

    /// <summary>
    /// Issuing CA for qualified certificates: pathLenConstraint 0 (RFC 5280 §4.2.1.9) so it can only sign end entities;
    /// CRL DP and AIA point at the root's publications so a relying party can check the CA certificate itself.
    /// </summary>
    public static X509Certificate2 CreateIssuing(
        CaSigningKey rootKey,
        X509Certificate2 rootCertificate,
        PublicKey issuingPublicKey,
        IssuingCaSettings settings,
        DateTimeOffset notBefore)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        ArgumentNullException.ThrowIfNull(rootCertificate);
        ArgumentNullException.ThrowIfNull(issuingPublicKey);
        ArgumentNullException.ThrowIfNull(settings);
        var request = new CertificateRequest(settings.Subject.ToDistinguishedName(), issuingPublicKey, rootKey.HashAlgorithm);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(
            new X509SubjectKeyIdentifierExtension(issuingPublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, false));
        request.CertificateExtensions.Add(AuthorityKeyIdentifierOf(rootCertificate));
        request.CertificateExtensions.Add(
            CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([settings.RootCrlUrl.AbsoluteUri]));
        request.CertificateExtensions.Add(
            new X509AuthorityInformationAccessExtension(null, [settings.RootCertificateUrl.AbsoluteUri]));
        request.CertificateExtensions.Add(
            CertificatePolicy.CreateExtension(settings.PolicyOids.Select(oid => new CertificatePolicy(oid))));

        DateTimeOffset start = X509Time.TruncateToSeconds(notBefore);
        DateTimeOffset end = start.AddYears(settings.ValidityYears);
        EnsureWithinIssuer(rootCertificate, start, end);
        return request.Create(rootCertificate.SubjectName, rootKey.SignatureGenerator, start, end, SerialNumber.Generate());
    }

    /// <summary>
    /// Delegated OCSP responder (RFC 6960 §4.2.2.2): issued directly by the CA whose status it reports, EKU
    /// id-kp-OCSPSigning, and id-pkix-ocsp-nocheck so clients do not recurse into checking the responder itself.
    /// </summary>
    public static X509Certificate2 CreateOcspResponder(
        CaSigningKey issuingKey,
        X509Certificate2 issuingCertificate,
        PublicKey responderPublicKey,
        OcspResponderSettings settings,
        DateTimeOffset notBefore)
    {
        ArgumentNullException.ThrowIfNull(issuingKey);
        ArgumentNullException.ThrowIfNull(issuingCertificate);
        ArgumentNullException.ThrowIfNull(responderPublicKey);
        ArgumentNullException.ThrowIfNull(settings);
        var request = new CertificateRequest(settings.Subject.ToDistinguishedName(), responderPublicKey, issuingKey.HashAlgorithm);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(PkiOids.OcspSigning) }, false));
        request.CertificateExtensions.Add(new X509Extension(PkiOids.OcspNoCheck, [0x05, 0x00], false));
        request.CertificateExtensions.Add(
            new X509SubjectKeyIdentifierExtension(responderPublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, false));
        request.CertificateExtensions.Add(AuthorityKeyIdentifierOf(issuingCertificate));

        DateTimeOffset start = X509Time.TruncateToSeconds(notBefore);
        DateTimeOffset end = start + settings.Validity;
        EnsureWithinIssuer(issuingCertificate, start, end);
        return request.Create(issuingCertificate.SubjectName, issuingKey.SignatureGenerator, start, end, SerialNumber.Generate());
    }

    /// <summary>RFC 5280 §4.2.1.1: keyIdentifier only, equal to the issuer's SKI.</summary>
    internal static X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifierOf(X509Certificate2 issuer)
    {
        X509SubjectKeyIdentifierExtension ski = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault()
            ?? throw new ArgumentException("The issuer certificate has no subjectKeyIdentifier.", nameof(issuer));
        return X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski);
    }

    // RFC 5280 §6.1.3 (a)(2): a certificate outside its issuer's validity fails path validation, so refuse to make one.
    internal static void EnsureWithinIssuer(X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notBefore < new DateTimeOffset(issuer.NotBefore.ToUniversalTime()) ||
            notAfter > new DateTimeOffset(issuer.NotAfter.ToUniversalTime()))
        {
            throw new ArgumentException("The requested validity lies outside the issuer certificate's validity.");
        }
    }
}
