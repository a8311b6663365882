using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Muhur.Pki.Authority;
using Muhur.Pki.Identity;
using Muhur.Pki.Names;
using Muhur.Pki.Revocation;

namespace Muhur.Pki.Profiles;

/// <summary>
/// Issues qualified electronic certificates for natural persons (ETSI EN 319 412-2 and -5 as practised in Turkey,
/// R-CA-1), signed through the issuing CA's key-store handle.
/// </summary>
public sealed class QualifiedCertificateIssuer
{
    private const int NationalIdLength = 11;

    private readonly CaSigningKey _issuingKey;
    private readonly X509Certificate2 _issuingCertificate;
    private readonly QualifiedCertificateProfile _profile;
    private readonly X509Extension[] _fixedExtensions;

    public QualifiedCertificateIssuer(
        CaSigningKey issuingKey, X509Certificate2 issuingCertificate, QualifiedCertificateProfile profile)
    {
        ArgumentNullException.ThrowIfNull(issuingKey);
        ArgumentNullException.ThrowIfNull(issuingCertificate);
        ArgumentNullException.ThrowIfNull(profile);
        _issuingKey = issuingKey;
        _issuingCertificate = issuingCertificate;
        _profile = profile;
        _fixedExtensions = BuildFixedExtensions(issuingCertificate, profile);
    }

    /// <summary>Issues the certificate and returns its DER encoding.</summary>
    public byte[] Issue(QualifiedCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var certificateRequest = new CertificateRequest(
            BuildSubject(request), request.SubjectPublicKey, _issuingKey.HashAlgorithm);
        foreach (X509Extension extension in _fixedExtensions)
        {
            certificateRequest.CertificateExtensions.Add(extension);
        }

        certificateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(
            request.SubjectPublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, false));

        DateTimeOffset notBefore = X509Time.TruncateToSeconds(request.NotBefore);
        DateTimeOffset notAfter = notBefore.AddYears(request.ValidityYears ?? _profile.ValidityYears);
        CaCertificateFactory.EnsureWithinIssuer(_issuingCertificate, notBefore, notAfter);

        ReadOnlySpan<byte> serial = request.SerialNumber is { } given ? ValidateSerial(given.Span) : SerialNumber.Generate();
        using X509Certificate2 certificate = certificateRequest.Create(
            _issuingCertificate.SubjectName, _issuingKey.SignatureGenerator, notBefore, notAfter, serial);
        return certificate.RawData;
    }

    /// <summary>
    /// Refuses (<see cref="NonConformingNameException"/>) holder names no certificate can carry within RFC 5280
    /// Appendix A.1: a surname too long for any commonName (<see cref="HolderCommonName"/>), an institution over
    /// ub-organization-name. Lets callers refuse before a key is generated or a batch is signed.
    /// </summary>
    public static void EnsureHolderNamesConform(string givenName, string surname, string? institution)
    {
        string cleanGivenName = CleanName(givenName, nameof(givenName));
        string cleanSurname = CleanName(surname, nameof(surname));
        DirectoryStringBounds.Check(PkiOids.GivenName, cleanGivenName, UniversalTagNumber.UTF8String);
        DirectoryStringBounds.Check(PkiOids.Surname, cleanSurname, UniversalTagNumber.UTF8String);
        HolderCommonName.Create(cleanGivenName, cleanSurname);
        if (institution is not null)
        {
            DirectoryStringBounds.Check(PkiOids.OrganizationName, CleanName(institution, nameof(institution)), UniversalTagNumber.UTF8String);
        }
    }

    private X500DistinguishedName BuildSubject(QualifiedCertificateRequest request)
    {
        string givenName = CleanName(request.GivenName, nameof(request.GivenName));
        string surname = CleanName(request.Surname, nameof(request.Surname));

        // RFC 5280 Appendix A.1 ub-common-name: a long name is shortened by HolderCommonName's documented rule
        // (given names to initials, never the surname) or refused.
        string commonName = HolderCommonName.Create(givenName, surname);
        string? institution = request.Institution is null ? null : CleanName(request.Institution, nameof(request.Institution));

        string serialNumber = SubjectSerialNumber(request.Identifier);

        // ETSI EN 319 412-2 §4.2.4: countryName, commonName, givenName/surname and serialNumber identify the person.
        // Names are UTF8String (RFC 5280 §4.1.2.6); C and serialNumber are PrintableString as X.520 defines them.
        // The builder emits RDNs in reverse call order; the DER reads C, O, serialNumber, givenName, surname, CN.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        builder.Add(PkiOids.Surname, surname, UniversalTagNumber.UTF8String);
        builder.Add(PkiOids.GivenName, givenName, UniversalTagNumber.UTF8String);
        builder.Add(PkiOids.SerialNumber, serialNumber, UniversalTagNumber.PrintableString);
        if (institution is not null)
        {
            builder.AddOrganizationName(institution);
        }

        builder.AddCountryOrRegion("TR");

        // Every attribute against its RFC 5280 Appendix A.1 bound (O ≤ 64, serialNumber ≤ 64, …): refused, not issued.
        return DirectoryStringBounds.EnsureConforming(builder.Build());
    }

    // ETSI EN 319 412-1 §5.1.3 semantics identifiers: "PAS" (passport) or "PNO" (national personal number)
    // + ISO 3166 country code + "-" + identifier. A passport has no bare form: its number alone does not say
    // which country issued it. T.C. Kimlik No (and the 99-prefixed foreigner's number) keep the profile's form.
    private string SubjectSerialNumber(PersonIdentifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier, nameof(QualifiedCertificateRequest.Identifier));
        if (identifier.Kind == PersonIdentifierKind.Passport)
        {
            return "PAS" + identifier.Country + "-" + identifier.Number;
        }

        // PersonIdentifier only holds checked numbers; the subject we sign must not depend on that alone.
        if (identifier.Number.Length != NationalIdLength || !identifier.Number.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The national ID must be 11 ASCII digits.", nameof(identifier));
        }

        return _profile.SerialNumberForm == SubjectSerialNumberForm.EtsiPnoTr ? "PNOTR-" + identifier.Number : identifier.Number;
    }

    // NFC so a dotted capital I arrives as U+0130 rather than I + U+0307, matching the population register spelling.
    private static string CleanName(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        string cleaned = value.Trim().Normalize(NormalizationForm.FormC);
        if (cleaned.Length == 0 || cleaned.Any(char.IsControl))
        {
            throw new ArgumentException($"{field} must be non-empty and free of control characters.", field);
        }

        return cleaned;
    }

    // RFC 5280 §4.1.2.2: positive, at most 20 octets; DER requires the minimal two's-complement form.
    private static ReadOnlySpan<byte> ValidateSerial(ReadOnlySpan<byte> serial)
    {
        bool minimal = serial.Length == 1 || !(serial[0] == 0 && serial[1] < 0x80);
        if (serial.Length is 0 or > 20 || serial[0] >= 0x80 || !minimal || serial.IndexOfAnyExcept((byte)0) < 0)
        {
            throw new ArgumentException("The serial number must be a positive, minimally encoded integer of at most 20 octets.");
        }

        return serial;
    }

    private static X509Extension[] BuildFixedExtensions(X509Certificate2 issuer, QualifiedCertificateProfile profile)
    {
        return
        [
            // RFC 5280 §4.2.1.9 only demands criticality in CA certificates; cA=FALSE is stated to make the
            // end-entity status explicit, left non-critical.
            new X509BasicConstraintsExtension(false, false, 0, false),

            // ETSI EN 319 412-2 §4.3.2: a certificate for electronic signatures has nonRepudiation
            // (contentCommitment) only, and the extension is critical.
            new X509KeyUsageExtension(X509KeyUsageFlags.NonRepudiation, true),
            CertificatePolicy.CreateExtension(
            [
                new CertificatePolicy(profile.PolicyOid, profile.CpsUrl, profile.UserNotice),
                new CertificatePolicy(PkiOids.QcpNaturalQscd),
            ]),
            QcStatements.CreateExtension(profile.PdsLocations),
            CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([profile.CrlUrl.AbsoluteUri]),
            FreshestCrl.CreateExtension(profile.FreshestCrlUrl),
            new X509AuthorityInformationAccessExtension([profile.OcspUrl.AbsoluteUri], [profile.CaIssuersUrl.AbsoluteUri]),
            CaCertificateFactory.AuthorityKeyIdentifierOf(issuer),
        ];
    }
}
