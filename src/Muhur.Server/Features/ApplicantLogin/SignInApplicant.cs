using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Captcha;
using Muhur.Server.Features.People;

namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>The outcome of an applicant's login: a session, or a refusal that never says which part was wrong.</summary>
internal sealed record ApplicantSignInResult(ClaimsPrincipal? Principal)
{
    public bool Succeeded => Principal is not null;
}

/// <summary>
/// R-APP-2: identifier (T.C. Kimlik No, foreigner's number or passport number) + "Resimdeki yazı" + the access
/// password mailed at registration (R-APP-1). The picture is used up whatever the outcome; the password is tried
/// against each application of that identifier that still takes the applicant's login.
/// </summary>
internal sealed class SignInApplicant(MuhurDbContext db, CheckCaptcha captcha, TimeProvider time)
{
    public async Task<ApplicantSignInResult> RunAsync(
        string? identifier, string? captchaId, string? captchaAnswer, string? accessPassword, CancellationToken cancellationToken)
    {
        var captchaPassed = await captcha.RunAsync(captchaId, captchaAnswer, cancellationToken);
        var number = NormalizeIdentifier(identifier);
        if (!captchaPassed || number is null)
        {
            return new ApplicantSignInResult(null);
        }

        var now = time.GetUtcNow();
        var candidates = await (
                from application in db.Set<Application>()
                join person in db.Set<Person>() on application.PersonId equals person.Id
                where person.IdentifierNumber == number
                    && (application.State == ApplicationState.PasswordSent || application.State == ApplicationState.FormConfirmed
                        || application.State == ApplicationState.PhoneApproved || application.State == ApplicationState.WetFormPrinted)
                select application)
            .ToListAsync(cancellationToken);

        // Every candidate's hash is computed, so the time taken does not tell which one matched.
        Application? match = null;
        foreach (var application in candidates)
        {
            if (application.AcceptsAccessPassword(accessPassword, now))
            {
                match ??= application;
            }
        }

        return new ApplicantSignInResult(match is null ? null : ApplicantSession.Create(match.Id, match.PersonId));
    }

    /// <summary>Digits for a national number; letters and digits, upper-cased, for a passport number. Null if neither.</summary>
    public static string? NormalizeIdentifier(string? typed)
    {
        var compact = new string((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return compact.Length is >= 5 and <= 20 && compact.All(char.IsAsciiLetterOrDigit) ? compact : null;
    }
}
