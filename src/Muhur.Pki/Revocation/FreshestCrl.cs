using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Authority;

namespace Muhur.Pki.Revocation;

/// <summary>
/// freshestCRL (RFC 5280 §4.2.1.15 in certificates, §5.2.6 in complete CRLs): tells a relying party where the
/// delta CRLs are, without which it never fetches them. Same syntax as cRLDistributionPoints; non-critical, as
/// §4.2.1.15 requires. Delta CRLs must not carry it (§5.2.6).
/// </summary>
public static class FreshestCrl
{
    public static X509Extension CreateExtension(Uri deltaCrlUrl)
    {
        ArgumentNullException.ThrowIfNull(deltaCrlUrl);
        X509Extension distributionPoints =
            CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([deltaCrlUrl.AbsoluteUri]);
        return new X509Extension(PkiOids.FreshestCrl, distributionPoints.RawData, critical: false);
    }
}
