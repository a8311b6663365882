using System.Security.Claims;

namespace Muhur.Server.Features.Staff;

/// <summary>Claim types of the staff cookie.</summary>
internal static class StaffClaims
{
    public const string InstitutionId = "muhur:institution";
    public const string AccountId = "muhur:staff";

    /// <summary>
    /// The institution whose data this user may see (R-X-4). The Institution policy guarantees the claim
    /// on every /kurum page.
    /// </summary>
    public static Guid InstitutionOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = user.FindFirstValue(InstitutionId)
            ?? throw new InvalidOperationException("The user is not an institution authority.");
        return Guid.Parse(value);
    }

    /// <summary>How the user is named in the audit log.</summary>
    public static string ActorOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return $"staff:{user.Identity?.Name}";
    }
}
