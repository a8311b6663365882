using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.Certificates;

internal sealed record StatusChangeResult(
    StatusChangeOutcome Outcome, string SerialHex, CertificateStatus Status, X509RevocationReason? Reason, DateTimeOffset? RevokedAt, long StatusVersion);

/// <summary>
/// Revokes, suspends or reinstates a certificate (R-CA-2, R-LOST-1): one transaction that locks the
/// certificate row, applies <see cref="CertificateStatusRules"/>, records the change in the status
/// history with the next status version, and appends the audit entry. Repeating a request changes
/// and writes nothing.
/// </summary>
internal sealed class ChangeCertificateStatus(MuhurDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Status changes take this lock before drawing their version, so versions commit in order and a CRL
    /// that covers version N has seen every change up to N (otherwise a delta CRL could skip one that
    /// committed late). Changes are made by people and are few; serialising them costs nothing.
    /// </summary>
    internal const long StatusChangeLockKey = 0x4D756875725F5331;

    /// <returns>Null when no certificate has that serial number.</returns>
    public async Task<StatusChangeResult?> RunAsync(
        byte[] serial, StatusChangeKind kind, X509RevocationReason reason, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({StatusChangeLockKey})", cancellationToken);
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
            var version = await db.Database
                .SqlQuery<long>($"SELECT nextval('certificate_status_version') AS \"Value\"")
                .SingleAsync(cancellationToken);
            db.CertificateStatusChanges.Add(certificate.Apply(decision, version, time.GetUtcNow()));
            await audit.AppendAsync(
                db,
                actor,
                kind switch
                {
                    StatusChangeKind.Revoke => "certificate.revoked",
                    StatusChangeKind.Suspend => "certificate.suspended",
                    _ => "certificate.reinstated",
                },
                $"certificate:{certificate.SerialHex}",
                new { Reason = decision.Reason?.ToString() },
                cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"UPDATE ca_status_epoch SET epoch = epoch + 1", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new StatusChangeResult(decision.Outcome, certificate.SerialHex, certificate.Status, certificate.RevocationReason, certificate.RevokedAt, certificate.StatusVersion);
    }
}
