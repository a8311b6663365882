using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.Certificates;

internal sealed record StatusChangeResult(
    StatusChangeOutcome Outcome, string SerialHex, CertificateStatus Status, X509RevocationReason? Reason, DateTimeOffset? RevokedAt, long StatusVersion);

/// <summary>
/// Revokes, suspends or reinstates a certificate (R-CA-2, R-LOST-1): one transaction that locks the
/// certificate row, applies <see cref="CertificateStatusRules"/>, appends the audit entry, and records
/// the change in the status history stamped with the next status epoch. Repeating a request changes
/// and writes nothing.
/// </summary>
internal sealed class ChangeCertificateStatus(MuhurDbContext db, AuditLog audit, TimeProvider time)
{
    /// <returns>Null when no certificate has that serial number.</returns>
    public async Task<StatusChangeResult?> RunAsync(
        byte[] serial, StatusChangeKind kind, X509RevocationReason reason, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var certificate = await db.Certificates
            .FromSql($"SELECT * FROM certificates WHERE serial = {serial} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (certificate is null)
        {
            return null;
        }

        var decision = CertificateStatusRules.Decide(certificate.Status, certificate.RevocationReason, kind, reason);
        if (decision.Outcome == StatusChangeOutcome.Changed)
        {
            await audit.AppendAsync(
                db,
                actor,
                kind switch
                {
                    StatusChangeKind.Revoke => AuditActions.CertificateRevoked,
                    StatusChangeKind.Suspend => AuditActions.CertificateSuspended,
                    _ => AuditActions.CertificateReinstated,
                },
                $"certificate:{certificate.SerialHex}",
                new { Reason = decision.Reason?.ToString() },
                cancellationToken);

            // The epoch orders this change among all others (CRL deltas and OCSP read by it).
            var epoch = await StatusEpochStamp.NextAsync(db, cancellationToken);
            db.CertificateStatusChanges.Add(certificate.Apply(decision, epoch, time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new StatusChangeResult(decision.Outcome, certificate.SerialHex, certificate.Status, certificate.RevocationReason, certificate.RevokedAt, certificate.StatusVersion);
    }
}
