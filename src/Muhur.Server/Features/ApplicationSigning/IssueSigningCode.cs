using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Signatures;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>
/// R-APP-8, R-EONAY-1: the verification code the applicant signs, bound to this application (the reference) and this
/// person (their identifier number; for a passport holder the passport number, whose country
/// <see cref="AcceptSignedCode"/> compares with the certificate holder's). A reload shows the same code while it has
/// a few minutes left, so the page and the command the holder copied agree.
/// </summary>
internal sealed class IssueSigningCode(MuhurDbContext db, IssueVerificationCode issue, TimeProvider time)
{
    private static readonly TimeSpan MinimumLeft = TimeSpan.FromMinutes(3);

    public async Task<VerificationCode> RunAsync(CodePurpose purpose, Guid applicationId, string identifierNumber, CancellationToken cancellationToken)
    {
        var reference = applicationId.ToString();
        var usableUntil = time.GetUtcNow() + MinimumLeft;
        var open = await db.VerificationCodes.AsNoTracking()
            .Where(c => c.Purpose == purpose && c.Reference == reference && c.NationalId == identifierNumber && c.UsedAt == null && c.ExpiresAt > usableUntil)
            .OrderByDescending(c => c.ExpiresAt)
            .FirstOrDefaultAsync(cancellationToken);
        return open ?? await issue.RunAsync(purpose, reference, identifierNumber, cancellationToken);
    }
}
