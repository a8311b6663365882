using System.Globalization;
using System.Text;

namespace Muhur.Server.Features.CallCentre;

/// <summary>The answer to one identity question (R-APP-11): asked or not, and if asked whether it matched. Never a value.</summary>
internal enum QuestionResult
{
    NotAsked,
    Matched,
    NotMatched,
}

/// <summary>What the caller said, as the agent typed it.</summary>
internal sealed record CallerAnswers(string? FullName, string? MobilePhone, string? CorporateEmail, string? SecurityWord);

/// <summary>The per-question results of one check.</summary>
internal sealed record CallerQuestionResults(QuestionResult FullName, QuestionResult MobilePhone, QuestionResult CorporateEmail, QuestionResult SecurityWord)
{
    /// <summary>Stored in <c>caller_identity_checks.questions</c>: which were asked and whether each matched.</summary>
    public string Summary =>
        $"name:{Code(FullName)},mobile:{Code(MobilePhone)},email:{Code(CorporateEmail)},word:{Code(SecurityWord)}";

    private static string Code(QuestionResult result) => result switch
    {
        QuestionResult.Matched => "yes",
        QuestionResult.NotMatched => "no",
        _ => "-",
    };
}

/// <summary>
/// The call centre's identity check (R-APP-11, R-LOST-1), pure. The rule, shown on the page: the name and surname
/// must match, and either the security word or both the mobile number and the corporate e-mail; and no question asked
/// may fail. The name is known to many, the phone and e-mail to some, the security word only to the holder (it is
/// stored only as a PBKDF2 hash, R-APP-4). After <see cref="MaxFailures"/> failed checks for a person in
/// <see cref="FailureWindow"/> no further check is made until the oldest of them leaves the window.
/// </summary>
internal static class CallerIdentityRules
{
    public const int MaxFailures = 3;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromHours(24);

    /// <summary>How long a passed check lets the agent see the person (the agent's session, bound to the person).</summary>
    public static readonly TimeSpan PassedFor = TimeSpan.FromMinutes(15);

    private static readonly CultureInfo Turkish = CultureInfo.GetCultureInfo("tr-TR");

    public static bool Passed(CallerQuestionResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var asked = new[] { results.FullName, results.MobilePhone, results.CorporateEmail, results.SecurityWord };
        return results.FullName == QuestionResult.Matched
            && (results.SecurityWord == QuestionResult.Matched
                || (results.MobilePhone == QuestionResult.Matched && results.CorporateEmail == QuestionResult.Matched))
            && !asked.Contains(QuestionResult.NotMatched);
    }

    /// <summary>A name compared in Turkish: case (İ/i, I/ı), accents composed, spaces collapsed.</summary>
    public static bool SameName(string typed, string stored) =>
        NormalizeName(typed) == NormalizeName(stored);

    /// <summary>Mobile numbers compared by their last ten digits (0532…, +90 532…, 532…).</summary>
    public static bool SameMobile(string typed, string? stored)
    {
        var a = LastTenDigits(typed);
        return a.Length == 10 && stored is not null && a == LastTenDigits(stored);
    }

    public static bool SameEmail(string typed, string stored) =>
        string.Equals(typed.Trim(), stored.Trim(), StringComparison.OrdinalIgnoreCase);

    public static QuestionResult Ask(string? typed, Func<string, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        return string.IsNullOrWhiteSpace(typed) ? QuestionResult.NotAsked : matches(typed) ? QuestionResult.Matched : QuestionResult.NotMatched;
    }

    private static string NormalizeName(string name) =>
        string.Join(' ', name.Normalize(NormalizationForm.FormC).ToLower(Turkish).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string LastTenDigits(string value)
    {
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 10 ? digits[^10..] : digits;
    }
}
