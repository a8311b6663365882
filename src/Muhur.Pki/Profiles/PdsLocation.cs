namespace Muhur.Pki.Profiles;

/// <summary>One PdsLocation of the QcPDS statement (ETSI EN 319 412-5 §4.3.4).</summary>
public sealed record PdsLocation
{
    public PdsLocation(Uri url, string language)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(language);

        // §4.3.4: the URL shall use https; the language is an ISO 639-1 two-letter code.
        if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("A PDS URL must be an absolute https URL (ETSI EN 319 412-5 §4.3.4).", nameof(url));
        }

        if (language.Length != 2 || !language.All(char.IsAsciiLetterLower))
        {
            throw new ArgumentException("The PDS language must be a lower-case ISO 639-1 code such as \"tr\".", nameof(language));
        }

        Url = url;
        Language = language;
    }

    public Uri Url { get; }

    public string Language { get; }
}
