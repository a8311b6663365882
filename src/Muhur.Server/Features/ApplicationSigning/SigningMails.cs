using System.Globalization;
using Microsoft.Extensions.Localization;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Features.People;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.ApplicationSigning;

/// <summary>The mails of the signing step, always in Turkish whatever language the page was in (R-X-2).</summary>
internal sealed class SigningMails(IStringLocalizer<SharedResource> localizer)
{
    private static readonly CultureInfo Turkish = CultureInfo.GetCultureInfo("tr-TR");

    /// <summary>R-APP-8, R-EONAY-2: "başvurunuz merkeze ulaştı", to the corporate address.</summary>
    public OutboxMessage ReachedCentre(Person person, SigningMethod method, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(person);
        return InTurkish(() => OutboxMessage.Email(
            person.CorporateEmail,
            localizer["ApplicationSigning_MailReachedCentre_Subject"],
            localizer["ApplicationSigning_MailReachedCentre_Body", person.FullName, localizer[$"ApplicationSigning_Method_{method}"].Value.ToLower(Turkish)],
            now));
    }

    /// <summary>R-EONAY-1: the consent was recorded, or withdrawn.</summary>
    public OutboxMessage Consent(Person person, bool given, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(person);
        return InTurkish(() => given
            ? OutboxMessage.Email(person.CorporateEmail, localizer["ApplicationSigning_MailConsentGiven_Subject"], localizer["ApplicationSigning_MailConsentGiven_Body", person.FullName], now)
            : OutboxMessage.Email(person.CorporateEmail, localizer["ApplicationSigning_MailConsentWithdrawn_Subject"], localizer["ApplicationSigning_MailConsentWithdrawn_Body", person.FullName], now));
    }

    private static T InTurkish<T>(Func<T> make)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Turkish;
        try
        {
            return make();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
