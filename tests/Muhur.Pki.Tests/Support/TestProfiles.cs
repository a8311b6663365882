using Muhur.Pki.Profiles;

namespace Muhur.Pki.Tests.Support;

/// <summary>The qualified profile the Pki tests issue with: loopback addresses, as a development server writes them.</summary>
internal static class TestProfiles
{
    public static QualifiedCertificateProfile Qualified { get; } = new()
    {
        CpsUrl = new Uri("https://127.0.0.1:5080/ilke/sum"),
        PdsLocations = [new PdsLocation(new Uri("https://127.0.0.1:5080/pds/tr"), "tr")],
        CrlUrl = new Uri("http://127.0.0.1:5080/crl/nitelikli.crl"),
        FreshestCrlUrl = new Uri("http://127.0.0.1:5080/crl/nitelikli-delta.crl"),
        OcspUrl = new Uri("http://127.0.0.1:5080/ocsp"),
        CaIssuersUrl = new Uri("http://127.0.0.1:5080/ca/nitelikli.crt"),
    };
}
