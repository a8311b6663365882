using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Muhur.Pki.Identity;
using Muhur.Pki.Profiles;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.CertificateAuthority;
using Npgsql;

namespace Muhur.Server.Features.Certificates;

/// <summary>What a certificate is issued for: the holder's public key (generated on the card) and identity.</summary>
internal sealed record IssueCertificateRequest(
    PublicKey PublicKey,
    string NationalId,
    string GivenName,
    string Surname,
    string? Institution,
    Guid? PersonId = null);

internal enum IssueOutcome
{
    Issued,

    /// <summary>R-REN-1: the holder has a certificate from this institution whose renewal window is not open yet.</summary>
    RenewalTooEarly,

    /// <summary>The national ID is not a valid T.C. Kimlik No or foreigner's number.</summary>
    InvalidNationalId,
}

internal sealed record IssueResult(IssueOutcome Outcome, IssuedCertificate? Certificate, DateTimeOffset? RenewalOpensAt);

/// <summary>
/// Issues qualified certificates (R-CA-1) and persists each with its DER, holder, institution and
/// status in the same transaction as its audit entry. Applies the renewal rule per holder and
/// institution: not earlier than the window before the previous certificate's notAfter (R-REN-1), and
/// starting exactly at it (R-REN-2).
/// </summary>
internal sealed class IssueCertificate(
    MuhurDbContext db,
    ActiveCertificateAuthority authority,
    AuditLog audit,
    IOptions<CaOptions> options,
    TimeProvider time)
{
    public async Task<IssueResult> RunAsync(IssueCertificateRequest request, string actor, CancellationToken cancellationToken) =>
        (await RunManyAsync([request], actor, cancellationToken))[0];

    /// <summary>Issues a batch in one transaction (card production runs, benchmarks).</summary>
    public async Task<IReadOnlyList<IssueResult>> RunManyAsync(
        IReadOnlyList<IssueCertificateRequest> requests, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var ca = await authority.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        var results = new IssueResult[requests.Count];

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (!PersonIdentifier.TryParseNational(request.NationalId, out _, out _))
            {
                results[i] = new IssueResult(IssueOutcome.InvalidNationalId, null, null);
                continue;
            }

            // Serialise issuance per holder and institution, so that two requests at once cannot both
            // pass the renewal check.
            var holderKey = $"{request.NationalId}|{request.Institution}";
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({holderKey}, 0))", cancellationToken);
            var previousNotAfter = await db.Certificates
                .Where(c => c.NationalId == request.NationalId && c.Institution == request.Institution && c.Status != CertificateStatus.Revoked)
                .OrderByDescending(c => c.NotAfter)
                .Select(c => (DateTimeOffset?)c.NotAfter)
                .FirstOrDefaultAsync(cancellationToken);
            var pendingNotAfter = db.ChangeTracker.Entries<IssuedCertificate>()
                .Where(e => e.State == EntityState.Added && e.Entity.NationalId == request.NationalId && e.Entity.Institution == request.Institution)
                .Select(e => (DateTimeOffset?)e.Entity.NotAfter)
                .Max();
            if (pendingNotAfter > previousNotAfter || previousNotAfter is null)
            {
                previousNotAfter = pendingNotAfter ?? previousNotAfter;
            }

            var notBefore = now;
            if (previousNotAfter is { } notAfter)
            {
                var decision = RenewalWindow.Evaluate(notAfter, now, options.Value.RenewalWindowMonths);
                if (!decision.IsAllowed)
                {
                    results[i] = new IssueResult(IssueOutcome.RenewalTooEarly, null, decision.WindowOpensAt);
                    continue;
                }

                notBefore = decision.NewNotBefore!.Value;
            }

            var der = ca.Issuer.Issue(new QualifiedCertificateRequest
            {
                SubjectPublicKey = request.PublicKey,
                NationalId = request.NationalId,
                GivenName = request.GivenName,
                Surname = request.Surname,
                Institution = request.Institution,
                NotBefore = notBefore,
            });
            var certificate = IssuedCertificate.From(der, ca.IssuingRow.Id, request.PersonId, request.NationalId, request.GivenName, request.Surname, request.Institution, now);
            db.Certificates.Add(certificate);
            await audit.AppendAsync(db, actor, "certificate.issued", $"certificate:{certificate.SerialHex}", new { certificate.NotBefore, certificate.NotAfter, request.Institution }, cancellationToken);
            results[i] = new IssueResult(IssueOutcome.Issued, certificate, null);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "certificates_pkey" })
        {
            // Two 127-bit random serials colliding is not a case to recover from silently.
            throw new InvalidOperationException("Serial number collision; nothing was issued.", ex);
        }

        // Last, so the row lock that orders OCSP-visible changes is held only until the commit below.
        await db.Database.ExecuteSqlAsync($"UPDATE ca_status_epoch SET epoch = epoch + 1", cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return results;
    }
}
