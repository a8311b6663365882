using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Names;

namespace Muhur.Pki.Authority;

/// <summary>
/// A CA's distinguished name. CN and O are UTF8String (RFC 5280 §4.1.2.6 requires it for new names) so Turkish letters
/// survive; C is PrintableString (X.520). Every attribute is held to its RFC 5280 Appendix A.1 bound
/// (<see cref="DirectoryStringBounds"/>): the default names stay within ub-common-name (64 characters).
/// </summary>
public sealed record CaSubjectName(string CommonName, string Organization, string Country = "TR")
{
    public const string DefaultOrganization = "Mühür Sertifikasyon Merkezi";

    public static CaSubjectName DefaultRoot { get; } =
        new("Mühür Kök Sertifika Hizmet Sağlayıcısı - Sürüm 1", DefaultOrganization);

    // 54 characters; the former "Mühür Nitelikli Elektronik Sertifika Hizmet Sağlayıcısı - Sürüm 1" had 65.
    public static CaSubjectName DefaultIssuing { get; } =
        new("Mühür Nitelikli Sertifika Hizmet Sağlayıcısı - Sürüm 1", DefaultOrganization);

    public static CaSubjectName DefaultOcspResponder { get; } =
        new("Mühür Nitelikli Sertifika OCSP Yanıtlayıcısı - Sürüm 1", DefaultOrganization);

    public X500DistinguishedName ToDistinguishedName()
    {
        // The builder encodes RDNs in reverse order of the calls; the DER must read C, O, CN (most significant first).
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(CommonName);
        builder.AddOrganizationName(Organization);
        builder.AddCountryOrRegion(Country);
        return DirectoryStringBounds.EnsureConforming(builder.Build());
    }
}
