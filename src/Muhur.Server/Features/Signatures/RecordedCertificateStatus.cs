using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Revocation;
using Muhur.Pki.Verification;
using Muhur.Server.Data;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;

namespace Muhur.Server.Features.Signatures;

/// <summary>
/// The server's status source for the verification core: the centre's own records, not its OCSP responder or CRL over
/// HTTP. A certificate counts as ours only if the active issuing CA issued exactly these bytes; anything else is
/// unknown (RFC 6960 §2.2).
/// </summary>
internal sealed class RecordedCertificateStatus(MuhurDbContext db, CaSnapshot ca) : ICertificateStatusSource
{
    /// <summary>The issued certificate with this serial and these exact bytes, or null.</summary>
    public async Task<IssuedCertificate?> FindAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = certificate.SerialNumberBytes.ToArray();
        var issued = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Serial == serial && c.IssuerId == ca.IssuingRow.Id, cancellationToken);
        return issued is not null && issued.Der.AsSpan().SequenceEqual(certificate.RawData) ? issued : null;
    }

    public async Task<CertificateStatusAnswer> GetStatusAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken) =>
        Answer(await FindAsync(certificate, cancellationToken));

    /// <summary>A suspension is a revocation with reason certificateHold, as OCSP and CRLs say it (RFC 5280 §5.3.1).</summary>
    public static CertificateStatusAnswer Answer(IssuedCertificate? issued) => issued switch
    {
        null => CertificateStatusAnswer.Unknown,
        { Status: CertificateStatus.Good } => CertificateStatusAnswer.Good,
        { Status: CertificateStatus.Suspended } => CertificateStatusAnswer.Revoked(issued.RevokedAt!.Value, CrlReason.CertificateHold),
        _ => CertificateStatusAnswer.Revoked(issued.RevokedAt!.Value, (CrlReason?)issued.RevocationReason),
    };

    /// <summary>The status the centre's records name, for the page.</summary>
    public static CertificateStatus? Status(CertificateStatusAnswer? answer) => answer?.Kind switch
    {
        CertificateStatusKind.Good => CertificateStatus.Good,
        CertificateStatusKind.Revoked => answer.IsSuspension ? CertificateStatus.Suspended : CertificateStatus.Revoked,
        _ => null,
    };
}
