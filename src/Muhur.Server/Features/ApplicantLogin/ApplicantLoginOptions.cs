namespace Muhur.Server.Features.ApplicantLogin;

/// <summary>The <c>Muhur:ApplicantLogin</c> section: throttling and the login link (R-APP-2, WCAG 2.2 SC 3.3.8).</summary>
internal sealed class ApplicantLoginOptions
{
    public const string Section = "Muhur:ApplicantLogin";

    /// <summary>Failures for one identifier before each further one makes it wait.</summary>
    public int IdentifierFreeFailures { get; set; } = 3;

    /// <summary>
    /// Failures from one client address before it waits. Higher than per identifier: an institution's people
    /// often share one address behind its NAT, and one person's mistakes must not lock out the rest.
    /// </summary>
    public int AddressFreeFailures { get; set; } = 20;

    /// <summary>The first wait; each further failure doubles it up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A count whose last failure is older than this starts again from zero.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a login link works (15–30 minutes: long enough to reach the mailbox, short for a leaked one).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Links one application may be sent per hour; more requests are answered alike but send nothing.</summary>
    public int LinksPerApplicationPerHour { get; set; } = 3;

    /// <summary>Link requests from one address before it waits (the same doubling wait as failed logins).</summary>
    public int LinkRequestsPerAddress { get; set; } = 10;

    /// <summary>
    /// The link request answers no sooner than this, whether or not it wrote a mail, so that its time does not tell
    /// whether an application exists for the identifier.
    /// </summary>
    public TimeSpan LinkRequestMinimumDuration { get; set; } = TimeSpan.FromMilliseconds(400);
}
