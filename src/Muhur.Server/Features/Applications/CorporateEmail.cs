using System.Globalization;
using System.Net.Mail;

namespace Muhur.Server.Features.Applications;

/// <summary>Why a corporate e-mail address was refused (its Turkish text is <c>CorporateEmail_{value}</c>).</summary>
internal enum CorporateEmailError
{
    None,
    Malformed,

    /// <summary>A personal mailbox (gmail.com and the like): the access password must reach the institution's mail.</summary>
    PersonalProvider,

    /// <summary>Not in any of the institution's registered mail domains.</summary>
    OtherDomain,
}

/// <summary>
/// R-APP-1: the access password goes to the corporate address, so it must be in one of the institution's
/// registered mail domains; the domain is compared exactly (a subdomain such as a students' one is
/// registered on its own if it is meant).
/// </summary>
internal static class CorporateEmail
{
    private static readonly IdnMapping Idn = new();

    /// <summary>Free mail providers, named in their own message rather than as "another domain".</summary>
    private static readonly HashSet<string> PersonalProviders = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.com.tr", "outlook.com", "outlook.com.tr", "live.com",
        "msn.com", "yahoo.com", "yahoo.com.tr", "ymail.com", "yandex.com", "yandex.com.tr", "yandex.ru", "icloud.com",
        "me.com", "mac.com", "aol.com", "gmx.com", "gmx.de", "mail.com", "proton.me", "protonmail.com", "mynet.com",
        "windowslive.com", "zoho.com",
    };

    /// <summary>The address with its domain in lower-case ASCII (IDNA, RFC 5891), or null when malformed.</summary>
    public static string? Normalize(string? typed)
    {
        var text = (typed ?? string.Empty).Trim();
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1 || text.Length > 254 || text.Any(char.IsWhiteSpace))
        {
            return null;
        }

        try
        {
            var domain = Idn.GetAscii(text[(at + 1)..]).ToLowerInvariant();
            var address = text[..at] + "@" + domain;
            return domain.Contains('.', StringComparison.Ordinal) && MailAddress.TryCreate(address, out var parsed) && parsed.Address == address
                ? address
                : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static string Domain(string normalized) => normalized[(normalized.LastIndexOf('@') + 1)..];

    public static CorporateEmailError Check(string? typed, IEnumerable<string> institutionDomains)
    {
        if (Normalize(typed) is not { } address)
        {
            return CorporateEmailError.Malformed;
        }

        var domain = Domain(address);
        var registered = institutionDomains.Select(d => Idn.GetAscii(d.Trim()).ToLowerInvariant());
        if (registered.Contains(domain, StringComparer.Ordinal))
        {
            return CorporateEmailError.None;
        }

        return PersonalProviders.Contains(domain) ? CorporateEmailError.PersonalProvider : CorporateEmailError.OtherDomain;
    }
}
