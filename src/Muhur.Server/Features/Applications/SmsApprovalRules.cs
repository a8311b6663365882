using System.Globalization;
using System.Security.Cryptography;

namespace Muhur.Server.Features.Applications;

/// <summary>Why an SMS approval code was not accepted (its Turkish text is <c>SmsApproval_{value}</c>).</summary>
internal enum SmsCodeCheck
{
    Accepted,
    Wrong,

    /// <summary>The third wrong entry: the code is void and a new one must be asked for.</summary>
    WrongAndVoided,
    Expired,
    AlreadyUsed,
    Voided,
}

/// <summary>What an SMS approval code's record holds: never the code itself, only its hash.</summary>
internal sealed record SmsCodeState(byte[] CodeHash, DateTimeOffset SentAt, int WrongEntries, DateTimeOffset? UsedAt);

/// <summary>
/// R-APP-5 (and R-OPS-3 later): a 6-digit code to the form's mobile number, valid for three minutes, used
/// once; the third wrong entry voids it; new codes are limited and spaced. Pure.
/// </summary>
internal static class SmsApprovalRules
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(3);
    public const int MaxWrongEntries = 3;

    /// <summary>At most this many codes per application in <see cref="SendWindow"/>.</summary>
    public const int MaxSendsPerWindow = 5;
    public static readonly TimeSpan SendWindow = TimeSpan.FromHours(1);

    /// <summary>A new code no sooner than this after the previous one.</summary>
    public static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(60);

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// The code is bound to its application: a six-digit code cannot be protected by hashing alone, so the
    /// hash only keeps the code out of the database and its backups in the clear.
    /// </summary>
    public static byte[] HashCode(Guid applicationId, string code) =>
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{applicationId:N}:{code}"));

    public static SmsCodeCheck Check(SmsCodeState state, Guid applicationId, string? typed, DateTimeOffset now)
    {
        if (state.UsedAt is not null)
        {
            return SmsCodeCheck.AlreadyUsed;
        }

        if (state.WrongEntries >= MaxWrongEntries)
        {
            return SmsCodeCheck.Voided;
        }

        if (now - state.SentAt >= Lifetime)
        {
            return SmsCodeCheck.Expired;
        }

        var digits = new string((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (digits.Length == 6 && digits.All(char.IsAsciiDigit)
            && CryptographicOperations.FixedTimeEquals(HashCode(applicationId, digits), state.CodeHash))
        {
            return SmsCodeCheck.Accepted;
        }

        return state.WrongEntries + 1 >= MaxWrongEntries ? SmsCodeCheck.WrongAndVoided : SmsCodeCheck.Wrong;
    }

    /// <summary>When the next code may be sent, given when the earlier ones were (none: now).</summary>
    public static DateTimeOffset NextSendAllowedAt(IReadOnlyCollection<DateTimeOffset> sentAt, DateTimeOffset now)
    {
        if (sentAt.Count == 0)
        {
            return now;
        }

        var spaced = sentAt.Max() + MinimumSpacing;
        var inWindow = sentAt.Where(t => t > now - SendWindow).Order().ToList();
        var windowed = inWindow.Count >= MaxSendsPerWindow ? inWindow[inWindow.Count - MaxSendsPerWindow] + SendWindow : now;
        var next = spaced > windowed ? spaced : windowed;
        return next > now ? next : now;
    }
}
