using Muhur.Server.Data;

namespace Muhur.Server.Features.Signatures;

/// <summary>Creates the code the portal shows for the holder to sign (R-APP-8, R-EONAY-1); valid 10 minutes.</summary>
internal sealed class IssueVerificationCode(MuhurDbContext db, TimeProvider time)
{
    public static TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(10);

    public async Task<VerificationCode> RunAsync(CodePurpose purpose, string reference, string nationalId, CancellationToken cancellationToken)
    {
        var code = VerificationCode.Create(purpose, reference, nationalId, time.GetUtcNow(), Lifetime);
        db.VerificationCodes.Add(code);
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }
}
