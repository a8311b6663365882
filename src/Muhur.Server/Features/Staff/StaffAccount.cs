using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Muhur.Server.Features.Staff;

/// <summary>The roles of people who work in the institution and centre portals.</summary>
internal enum StaffRole
{
    /// <summary>Kurum Yetkilisi: registers people and forwards their applications (R-APP-1, R-APP-9).</summary>
    InstitutionAuthority,

    /// <summary>ESHS operatörü: checks applications, produces and ships cards (R-APP-10).</summary>
    CentreOfficer,

    /// <summary>Çağrı merkezi: status enquiries, suspension and revocation on the phone (R-APP-11, R-LOST-1).</summary>
    CallCentreAgent,
}

/// <summary>Failed logins that lock an account, and for how long.</summary>
internal sealed record LockoutPolicy(int MaxFailedAttempts, TimeSpan Duration)
{
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15));
}

/// <summary>A staff member's login. Passwords are stored only as ASP.NET Core Identity hashes (PBKDF2).</summary>
internal sealed class StaffAccount
{
    private StaffAccount()
    {
        UserName = DisplayName = PasswordHash = string.Empty;
    }

    public Guid Id { get; private set; }

    public string UserName { get; private set; }

    public string DisplayName { get; private set; }

    public StaffRole Role { get; private set; }

    /// <summary>Set for institution authorities only: the one institution whose people they see (R-X-4).</summary>
    public Guid? InstitutionId { get; private set; }

    public string PasswordHash { get; private set; }

    public int FailedLoginCount { get; private set; }

    public DateTimeOffset? LockoutEnd { get; private set; }

    public DateTimeOffset? LastLoginAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Where the institution authority is told about decisions (R-APP-10, R-X-2); optional.</summary>
    public string? Email { get; private set; }

    public static StaffAccount Create(string userName, string displayName, StaffRole role, Guid? institutionId, DateTimeOffset now)
    {
        if ((role == StaffRole.InstitutionAuthority) != institutionId.HasValue)
        {
            throw new ArgumentException("An institution authority needs an institution; centre staff have none.", nameof(institutionId));
        }

        return new StaffAccount
        {
            Id = Guid.CreateVersion7(now),
            UserName = userName.Trim().ToLowerInvariant(),
            DisplayName = displayName,
            Role = role,
            InstitutionId = institutionId,
            CreatedAt = now,
        };
    }

    public void SetPasswordHash(string passwordHash) => PasswordHash = passwordHash;

    public void SetEmail(string? email) => Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();

    public bool IsLockedOut(DateTimeOffset now) => LockoutEnd is { } end && end > now;

    /// <summary>Counts a wrong password; the attempt that reaches the limit locks the account.</summary>
    /// <returns>True when this failure locked the account.</returns>
    public bool RecordFailedLogin(DateTimeOffset now, LockoutPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        FailedLoginCount++;
        if (FailedLoginCount < policy.MaxFailedAttempts)
        {
            return false;
        }

        FailedLoginCount = 0;
        LockoutEnd = now + policy.Duration;
        return true;
    }

    public void RecordSuccessfulLogin(DateTimeOffset now)
    {
        FailedLoginCount = 0;
        LockoutEnd = null;
        LastLoginAt = now;
    }
}

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccount>
{
    public void Configure(EntityTypeBuilder<StaffAccount> builder) => builder.ToTable("staff_accounts");
}
