using Microsoft.EntityFrameworkCore;
using Muhur.Pki.Audit;
using Muhur.Server.Data;

namespace Muhur.Server.Features.Audit;

/// <summary>Re-checks the whole audit chain from the database (R-CA-4).</summary>
internal sealed class VerifyAuditLog(MuhurDbContext db)
{
    /// <summary>
    /// EF streams the rows of a non-buffered query one by one, and the verifier consumes them as they
    /// come, so a log of any length is checked in constant memory.
    /// </summary>
    public Task<AuditChainVerification> RunAsync(CancellationToken cancellationToken) =>
        Task.Run(
            () => AuditChainVerifier.Verify(
                db.AuditLog.AsNoTracking()
                    .OrderBy(e => e.Sequence)
                    .AsEnumerable()
                    .Select(e => e.ToRecord())),
            cancellationToken);
}
