using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Muhur.Server.Data;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;

namespace Muhur.Server.Features.Applications;

/// <summary>What a notice needs beyond the application itself: the shipment's tracking number, say.</summary>
/// <param name="TrackingNumber">R-APP-10: the courier's tracking number of a shipped card.</param>
/// <param name="Courier">The courier's name as the holder knows it.</param>
/// <param name="CardSerial">R-CARD-1: the serial of the produced card.</param>
/// <param name="BatchLetterNumber">R-APP-9: the cover letter's number of the batch the form travelled in.</param>
internal sealed record ApplicationNoticeFacts(
    string? TrackingNumber = null,
    string? Courier = null,
    string? CardSerial = null,
    string? BatchLetterNumber = null);

/// <summary>Who hears of a transition, by which channel.</summary>
internal enum NoticeAudience
{
    /// <summary>The applicant's corporate e-mail address (R-APP-1).</summary>
    ApplicantEmail,

    /// <summary>The mobile number the applicant approved on the form (R-APP-5).</summary>
    ApplicantSms,

    /// <summary>The institution's address and its authorities' addresses (R-APP-10: "the institution is told").</summary>
    Institution,
}

/// <summary>
/// Issue 11 item 8, R-X-2: the e-mail and SMS a real centre sends when an application's state changes in a way that
/// matters to the holder or the institution. Called by <see cref="ChangeApplicationState.ApplyAsync"/> only, so every
/// transition is considered in one place and the messages join the outbox in the transition's transaction (a refused or
/// rolled-back change sends nothing). The steps before the centre have their own messages where they happen (the access
/// password, the SMS code, "merkeze ulaştı" for the e-signed and E-Onay methods).
/// </summary>
internal sealed class ApplicationNotices(
    MuhurDbContext db,
    IStringLocalizer<SharedResource> text,
    IOptions<CaOptions> caOptions,
    TimeProvider time)
{
    /// <summary>The public tracking page (Features/Shipments), linked from the shipment's messages.</summary>
    public const string TrackingPath = "kargo-takip";

    /// <summary>Online operations, where the holder learns the PIN after delivery (R-OPS-4, R-CARD-2).</summary>
    public const string OnlineOperationsPath = "islemler";

    private static readonly CultureInfo Turkish = CultureInfo.GetCultureInfo("tr-TR");

    /// <summary>The audiences of each event; an event not listed tells no one (pure, unit-tested).</summary>
    public static IReadOnlyList<NoticeAudience> AudiencesOf(ApplicationEvent @event, ApplicationState? from) => @event switch
    {
        ApplicationEvent.Forward or ApplicationEvent.Receive or ApplicationEvent.Approve or ApplicationEvent.ProduceCard or ApplicationEvent.Deliver =>
            [NoticeAudience.ApplicantEmail],
        ApplicationEvent.Reject or ApplicationEvent.ReturnShipment => [NoticeAudience.ApplicantEmail, NoticeAudience.Institution],
        ApplicationEvent.Ship => [NoticeAudience.ApplicantEmail, NoticeAudience.ApplicantSms],

        // An application the person never heard of (no password sent yet) is cancelled silently.
        ApplicationEvent.Cancel when from is not (null or ApplicationState.Registered) => [NoticeAudience.ApplicantEmail],
        _ => [],
    };

    public async Task AddAsync(
        Application application, ApplicationStateChange change, ApplicationEvent @event, ApplicationNoticeFacts? facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(change);
        var audiences = AudiencesOf(@event, change.FromState);
        if (audiences.Count == 0)
        {
            return;
        }

        facts ??= new ApplicationNoticeFacts();
        var person = await db.People.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.Id == application.PersonId)
            .Select(p => new { p.GivenName, p.Surname, p.CorporateEmail, p.MobilePhone })
            .SingleAsync(cancellationToken);
        var institution = await db.Institutions.AsNoTracking()
            .Where(i => i.Id == application.InstitutionId)
            .Select(i => new { i.Name, i.Email })
            .SingleAsync(cancellationToken);
        var name = $"{person.GivenName} {person.Surname}";
        var reason = string.IsNullOrWhiteSpace(change.Reason) ? null : change.Reason.Trim();
        var now = time.GetUtcNow();
        var baseUrl = caOptions.Value.PublicBaseUrl;
        // The tracking page takes the number by POST (it stays out of addresses and logs); the message carries it beside the link.
        var tracking = new Uri(baseUrl, TrackingPath).AbsoluteUri;

        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Turkish;
        try
        {
            foreach (var audience in audiences)
            {
                switch (audience)
                {
                    case NoticeAudience.ApplicantEmail:
                        var (subject, body) = ApplicantMail(@event, name, institution.Name, reason, facts, tracking, baseUrl);
                        db.OutboxMessages.Add(OutboxMessage.Email(person.CorporateEmail, subject, body, now));
                        break;

                    case NoticeAudience.ApplicantSms when (application.MobilePhone ?? person.MobilePhone) is { } mobile:
                        db.OutboxMessages.Add(OutboxMessage.Sms(
                            mobile, text["ApplicationNotice_Shipped_Sms", facts.Courier ?? "-", facts.TrackingNumber ?? "-", tracking], now));
                        break;

                    case NoticeAudience.Institution:
                        foreach (var address in await InstitutionAddressesAsync(application.InstitutionId, institution.Email, cancellationToken))
                        {
                            var (s, b) = InstitutionMail(@event, name, reason, facts, baseUrl);
                            db.OutboxMessages.Add(OutboxMessage.Email(address, s, b, now));
                        }

                        break;
                }
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private (string Subject, string Body) ApplicantMail(
        ApplicationEvent @event, string name, string institution, string? reason, ApplicationNoticeFacts facts, string tracking, Uri baseUrl)
    {
        var none = text["ApplicationNotice_NoReason"].Value;
        var operations = new Uri(baseUrl, OnlineOperationsPath).AbsoluteUri;
        return @event switch
        {
            ApplicationEvent.Forward => (text["ApplicationNotice_Forwarded_Subject"],
                text["ApplicationNotice_Forwarded_Body", name, institution, facts.BatchLetterNumber ?? none]),
            ApplicationEvent.Receive => (text["ApplicationNotice_Received_Subject"], text["ApplicationNotice_Received_Body", name]),
            ApplicationEvent.Approve => (text["ApplicationNotice_Approved_Subject"], text["ApplicationNotice_Approved_Body", name]),
            ApplicationEvent.Reject => (text["ApplicationNotice_Rejected_Subject"], text["ApplicationNotice_Rejected_Body", name, reason ?? none, institution]),
            ApplicationEvent.ProduceCard => (text["ApplicationNotice_CardProduced_Subject"],
                text["ApplicationNotice_CardProduced_Body", name, facts.CardSerial ?? none]),
            ApplicationEvent.Ship => (text["ApplicationNotice_Shipped_Subject"],
                text["ApplicationNotice_Shipped_Body", name, facts.Courier ?? none, facts.TrackingNumber ?? none, tracking, operations]),
            ApplicationEvent.ReturnShipment => (text["ApplicationNotice_Returned_Subject"],
                text["ApplicationNotice_Returned_Body", name, facts.TrackingNumber ?? none]),
            ApplicationEvent.Deliver => (text["ApplicationNotice_Delivered_Subject"], text["ApplicationNotice_Delivered_Body", name, operations]),
            ApplicationEvent.Cancel => (text["ApplicationNotice_Cancelled_Subject"], text["ApplicationNotice_Cancelled_Body", name, institution, reason ?? none]),
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "No applicant notice for this event."),
        };
    }

    private (string Subject, string Body) InstitutionMail(ApplicationEvent @event, string name, string? reason, ApplicationNoticeFacts facts, Uri baseUrl)
    {
        var none = text["ApplicationNotice_NoReason"].Value;
        var institutionPage = new Uri(baseUrl, "kurum/basvurular").AbsoluteUri;
        return @event switch
        {
            ApplicationEvent.Reject => (text["ApplicationNotice_InstitutionRejected_Subject", name],
                text["ApplicationNotice_InstitutionRejected_Body", name, reason ?? none, institutionPage]),
            ApplicationEvent.ReturnShipment => (text["ApplicationNotice_InstitutionReturned_Subject", name],
                text["ApplicationNotice_InstitutionReturned_Body", name, facts.TrackingNumber ?? none, institutionPage]),
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "No institution notice for this event."),
        };
    }

    /// <summary>The institution's own address and each of its authorities' addresses, once each.</summary>
    private async Task<IReadOnlyList<string>> InstitutionAddressesAsync(Guid institutionId, string? institutionEmail, CancellationToken cancellationToken)
    {
        var authorities = await db.StaffAccounts.AsNoTracking()
            .Where(a => a.InstitutionId == institutionId && a.Role == StaffRole.InstitutionAuthority && a.Email != null)
            .OrderBy(a => a.UserName)
            .Select(a => a.Email!)
            .ToListAsync(cancellationToken);
        return (institutionEmail is null ? authorities : authorities.Prepend(institutionEmail))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
