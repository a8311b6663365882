using System.Security.Cryptography.X509Certificates;

namespace Muhur.Pki.Authority;

/// <summary>
/// A CA's distinguished name. CN and O are UTF8String (RFC 5280 §4.1.2.6 requires it for new names) so Turkish letters
/// survive; C is PrintableString (X.520).
/// </summary>
public sealed record CaSubjectName(string CommonName, string Organization, string Country = "TR")
{
    public const string DefaultOrganization = "Mühür Sertifikasyon Merkezi";

    public static CaSubjectName DefaultRoot { get; } =
        new("Mühür Kök Sertifika Hizmet Sağlayıcısı - Sürüm 1", DefaultOrganization);

    public static CaSubjectName DefaultIssuing { get; } =
        new("Mühür Nitelikli Elektronik Sertifika Hizmet Sağlayıcısı - Sürüm 1", DefaultOrganization);

    public static CaSubjectName DefaultOcspResponder { get; } =
        new("Mühür Nitelikli Elektronik Sertifika OCSP Yanıtlayıcısı", DefaultOrganization);

    public X500DistinguishedName ToDistinguishedName()
    {
        // The builder encodes RDNs in reverse order of the calls; the DER must read C, O, CN (most significant first).
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(CommonName);
        builder.AddOrganizationName(Organization);
        builder.AddCountryOrRegion(Country);
        return builder.Build();
    }
}
