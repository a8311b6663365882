using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Audit;

namespace Muhur.Server.Features.Staff;

internal enum SignInOutcome
{
    Succeeded,
    InvalidCredentials,
    LockedOut,
}

internal sealed record SignInResult(SignInOutcome Outcome, ClaimsPrincipal? Principal, DateTimeOffset? LockoutEnd);

/// <summary>
/// Checks a staff member's password, counts failures and locks the account after repeated ones. The
/// answer never tells whether the user name exists: an unknown name costs the same hash work and gets
/// the same message.
/// </summary>
internal sealed class SignInStaff(
    MuhurDbContext db,
    IPasswordHasher<StaffAccount> hasher,
    AuditLog audit,
    TimeProvider time)
{
    // A valid hash of a random password, verified for unknown user names so that their answer takes
    // as long as a wrong password for a real one.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<StaffAccount>().HashPassword(null!, Convert.ToBase64String(Guid.NewGuid().ToByteArray())));

    public LockoutPolicy Lockout { get; init; } = LockoutPolicy.Default;

    public async Task<SignInResult> RunAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var normalized = (userName ?? string.Empty).Trim().ToLowerInvariant();
        var now = time.GetUtcNow();

        // The row lock serialises concurrent attempts on one account, so parallel guesses cannot
        // slip past the failure count.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var account = await db.StaffAccounts
            .FromSql($"SELECT * FROM staff_accounts WHERE user_name = {normalized} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash.Value, password ?? string.Empty);
            return new SignInResult(SignInOutcome.InvalidCredentials, null, null);
        }

        if (account.IsLockedOut(now))
        {
            return new SignInResult(SignInOutcome.LockedOut, null, account.LockoutEnd);
        }

        var verification = hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? string.Empty);
        SignInResult result;
        if (verification == PasswordVerificationResult.Failed)
        {
            var locked = account.RecordFailedLogin(now, Lockout);
            await audit.AppendAsync(db, $"staff:{account.UserName}", locked ? AuditActions.StaffLockedOut : AuditActions.StaffLoginFailed, $"staff:{account.UserName}", null, cancellationToken);
            result = locked
                ? new SignInResult(SignInOutcome.LockedOut, null, account.LockoutEnd)
                : new SignInResult(SignInOutcome.InvalidCredentials, null, null);
        }
        else
        {
            if (verification == PasswordVerificationResult.SuccessRehashNeeded)
            {
                account.SetPasswordHash(hasher.HashPassword(account, password!));
            }

            account.RecordSuccessfulLogin(now);
            await audit.AppendAsync(db, $"staff:{account.UserName}", AuditActions.StaffLogin, $"staff:{account.UserName}", null, cancellationToken);
            result = new SignInResult(SignInOutcome.Succeeded, CreatePrincipal(account), null);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static ClaimsPrincipal CreatePrincipal(StaffAccount account)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.GivenName, account.DisplayName),
            new(ClaimTypes.Role, account.Role.ToString()),
            new(StaffClaims.AccountId, account.Id.ToString()),
        };
        if (account.InstitutionId is { } institutionId)
        {
            claims.Add(new Claim(StaffClaims.InstitutionId, institutionId.ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Web.Portals.StaffScheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
