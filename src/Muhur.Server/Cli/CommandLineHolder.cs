using System.CommandLine;
using Muhur.Pki.Identity;
using Muhur.Server.Features.People;

namespace Muhur.Server.Cli;

/// <summary>
/// The holder of <c>ca issue</c> and <c>card produce</c>: a registered person, named by identifier
/// (<c>--national-id N</c>, or <c>--passport P --country CC</c>) and, when registered at several institutions,
/// <c>--institution NAME</c>. The names and the identifier in the certificate come from the registration.
/// </summary>
internal static class CommandLineHolder
{
    /// <summary>The holder's options, added to a command; <c>--given-name</c> and <c>--surname</c> are accepted, hidden, to explain why they are not used.</summary>
    public sealed class Options
    {
        private readonly Option<string?>[] _all =
        [
            new("--national-id") { Description = "T.C. Kimlik No / Turkish national ID number" },
            new("--passport") { Description = "Pasaport numarası / Passport number" },
            new("--country") { Description = "Pasaportu veren ülke (ISO 3166) / Issuing country (ISO 3166)" },
            new("--institution") { Description = "Kurum (kişi birden çok kurumda kayıtlıysa) / Institution (when registered at several)" },
            new("--given-name") { Hidden = true },
            new("--surname") { Hidden = true },
        ];

        public void AddTo(Command command)
        {
            foreach (var option in _all)
            {
                command.Options.Add(option);
            }
        }

        /// <summary>The options given, by name without the leading dashes.</summary>
        public IReadOnlyDictionary<string, string> Values(ParseResult result)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var option in _all)
            {
                if (result.GetValue(option) is { } value)
                {
                    values[option.Name[2..]] = value;
                }
            }

            return values;
        }
    }

    /// <summary>Who ran a command, for the audit log: the command and the operating-system user.</summary>
    public static string Actor(string command) => $"cli:{command}:{Environment.UserName}";

    /// <summary>The registration, or the message that says why there is none (Turkish / English).</summary>
    public static async Task<(Person? Person, string? Error)> FindAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options)
    {
        foreach (var dropped in new[] { "given-name", "surname" })
        {
            if (options.ContainsKey(dropped))
            {
                return (null, $"--{dropped} kullanılmaz: ad ve soyad kişinin kaydından okunur / --{dropped} is not used: the names come from the person's registration");
            }
        }

        PersonIdentifier? identifier;
        if (options.TryGetValue("national-id", out var nationalId))
        {
            if (options.ContainsKey("passport"))
            {
                return (null, "--national-id ile --passport birlikte verilemez / give either --national-id or --passport");
            }

            if (!PersonIdentifier.TryParseNational(nationalId, out identifier, out _))
            {
                return (null, "geçersiz T.C. Kimlik No / invalid national ID number");
            }
        }
        else if (options.TryGetValue("passport", out var passport))
        {
            if (!PersonIdentifier.TryParsePassport(passport, options.GetValueOrDefault("country"), out identifier, out var error))
            {
                return (null, error == PersonIdentifierError.CountryCode
                    ? "--country pasaportu veren ülkenin ISO 3166 iki harfli kodu olmalı / --country must be the ISO 3166 two-letter code of the issuing country"
                    : "geçersiz pasaport numarası (5–20 harf ve rakam) / invalid passport number (5–20 letters and digits)");
            }
        }
        else
        {
            return (null, "--national-id ya da --passport ile --country gerekli / --national-id, or --passport with --country, is required");
        }

        var institution = options.GetValueOrDefault("institution");
        var found = await services.GetRequiredService<FindRegisteredPerson>().RunAsync(identifier, institution, CancellationToken.None);
        return found.Outcome switch
        {
            FindPersonOutcome.Found => (found.Person, null),
            FindPersonOutcome.UnknownInstitution =>
                (null, $"kurum kayıtlı değil: {found.InstitutionName} / no registered institution of that name"),
            FindPersonOutcome.Ambiguous =>
                (null, $"kişi birden çok kurumda kayıtlı ({string.Join(", ", found.Institutions)}); --institution ile seçin / registered at several institutions; choose one with --institution"),
            _ => (null, institution is null
                ? $"kişi kayıtlı değil ({identifier}); önce kurum yetkilisi kaydetmeli / the person is not registered; the institution authority registers them first"
                : $"kişi bu kurumda kayıtlı değil ({identifier}, {found.InstitutionName}) / the person is not registered at this institution"),
        };
    }
}
