using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Muhur.Server.Features.Shared;

namespace Muhur.Server.Features.Audit;

/// <summary>One audit entry as people read it (issue 11 item 7): who, what, about whom, and the key facts, in the page's language.</summary>
internal sealed record ReadableAuditEntry(
    long Sequence, DateTimeOffset OccurredAt, string Action, string ActionText, string Actor, string Subject, IReadOnlyList<string> Details);

/// <summary>
/// Turns audit actors, actions, subjects and details into text (issue 11 item 7). Pure: the names come from
/// <see cref="AuditNames"/>, the words from the resources (<c>AuditReader_*</c>, <c>AuditAction_{constant}</c>), so a
/// reader never shows <c>person:uuid</c> or <c>card.secrets_disclosed</c>. Values it does not know are shown as written.
/// </summary>
internal static class AuditText
{
    /// <summary>Action string → the name of its <see cref="AuditActions"/> constant, whose resource is <c>AuditAction_{name}</c>.</summary>
    public static FrozenDictionary<string, string> ActionNames { get; } = typeof(AuditActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .ToFrozenDictionary(f => (string)f.GetRawConstantValue()!, f => f.Name, StringComparer.Ordinal);

    public static string Action(string action, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ActionNames.TryGetValue(action, out var name) ? text[$"AuditAction_{name}"] : action;
    }

    public static string Actor(string actor, AuditNames names, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(text);
        var reference = AuditReference.Parse(actor);
        return reference.Kind switch
        {
            AuditReferenceKind.Staff => Staff(reference.Value, names, text),
            AuditReferenceKind.Application => Applicant(names.ApplicationPerson(reference.Id), text),
            AuditReferenceKind.ApplicantCertificate => Applicant(names.CertificatePerson(reference.Value), text),
            AuditReferenceKind.ApplicantConsent => Applicant(names.ConsentPerson(reference.Id), text),
            AuditReferenceKind.ApplicantMasked => text["AuditReader_Actor_ApplicantMasked", reference.Value],
            AuditReferenceKind.Holder => names.PersonName(reference.Id) is { } holder
                ? text["AuditReader_Actor_Holder", holder]
                : text["AuditReader_Actor_HolderUnknown"],
            AuditReferenceKind.System => reference.Value switch
            {
                "demo" => text["AuditReader_Actor_SystemDemo"],
                "ca" => text["AuditReader_Actor_SystemCa"],
                var other => text["AuditReader_Actor_System", other],
            },
            AuditReferenceKind.CommandLine => CommandLine(reference.Value, text),
            _ => actor,
        };
    }

    public static string Subject(string? subject, AuditNames names, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(subject))
        {
            return string.Empty;
        }

        var reference = AuditReference.Parse(subject);
        return reference.Kind switch
        {
            AuditReferenceKind.Application => names.ApplicationPerson(reference.Id) is { } name
                ? text["AuditReader_Subject_Application", name]
                : text["AuditReader_Subject_ApplicationUnknown"],
            AuditReferenceKind.Person or AuditReferenceKind.Holder => names.PersonName(reference.Id) is { } person
                ? text["AuditReader_Subject_Person", person]
                : text["AuditReader_Subject_PersonUnknown"],
            AuditReferenceKind.Card => names.CardPerson(reference.Value) is { } holder
                ? text["AuditReader_Subject_Card", reference.Value, holder]
                : text["AuditReader_Subject_CardUnknown", reference.Value],
            AuditReferenceKind.Certificate => names.CertificatePerson(reference.Value) is { } owner
                ? text["AuditReader_Subject_Certificate", reference.Value, owner]
                : text["AuditReader_Subject_CertificateUnknown", reference.Value],
            AuditReferenceKind.Staff => text["AuditReader_Subject_Staff", Staff(reference.Value, names, text)],
            AuditReferenceKind.Institution => names.Institutions.TryGetValue(reference.Id, out var institution)
                ? text["AuditReader_Subject_Institution", institution]
                : text["AuditReader_Subject_InstitutionUnknown"],
            AuditReferenceKind.Position => names.Positions.TryGetValue(reference.Id, out var position)
                ? text["AuditReader_Subject_Position", position]
                : text["AuditReader_Subject_PositionUnknown"],
            AuditReferenceKind.CaCertificate => text["AuditReader_Subject_Ca"],
            AuditReferenceKind.MaskedIdentifier => text["AuditReader_Subject_Identifier", reference.Value],
            AuditReferenceKind.CallerIdentifier => text["AuditReader_Subject_CallerIdentifier"],
            _ => subject,
        };
    }

    /// <summary>The facts of the details that matter to a reader; the rest (addresses, ids) stays in the raw entry.</summary>
    public static IReadOnlyList<string> Details(string action, string? details, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(details))
        {
            return [];
        }

        Dictionary<string, JsonElement> fields;
        try
        {
            using var document = JsonDocument.Parse(details);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            fields = document.RootElement.EnumerateObject()
                .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().Value.Clone(), StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return [];
        }

        string? Field(string name) => fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
            : null;
        string State(string? name) => name is not null && Enum.TryParse<Applications.ApplicationState>(name, out var state)
            ? text[$"Application_State_{state}"]
            : name ?? string.Empty;

        var lines = new List<string>();
        switch (action)
        {
            case AuditActions.ApplicationStateChanged:
                lines.Add(Field("From") is { } from
                    ? text["AuditReader_Detail_StateChange", State(from), State(Field("To"))]
                    : text["AuditReader_Detail_State", State(Field("To"))]);
                break;
            case AuditActions.ApplicationOpened when Enum.TryParse<Applications.ApplicationKind>(Field("Kind"), out var kind):
                lines.Add(text["AuditReader_Detail_Kind", text[$"ApplicantPortal_Kind_{kind}"]]);
                break;
            case AuditActions.CertificateIssued when DateTimeOffset.TryParse(Field("NotBefore"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var notBefore)
                                                     && DateTimeOffset.TryParse(Field("NotAfter"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var notAfter):
                lines.Add(text["AuditReader_Detail_Validity", TurkeyTime.Date(notBefore), TurkeyTime.Date(notAfter)]);
                break;
            case AuditActions.ApplicantLoginFailed when Field("reason") is { } failure:
                lines.Add(failure switch
                {
                    "picture" => text["AuditReader_LoginFailed_Picture"],
                    "credentials" => text["AuditReader_LoginFailed_Credentials"],
                    "throttled" => text["AuditReader_LoginFailed_Throttled"],
                    _ => text["AuditReader_Detail_Reason", failure],
                });
                break;
            case AuditActions.CardProduced or AuditActions.CodeSigned or AuditActions.EOnayConsentGiven when Field("Certificate") is { } serial:
                lines.Add(text["AuditReader_Detail_Certificate", serial]);
                break;
            case AuditActions.StaffCreated when Enum.TryParse<Staff.StaffRole>(Field("Role"), out var role):
                lines.Add(text["AuditReader_Detail_Role", text[$"AuditReader_Role_{role}"]]);
                break;
            case AuditActions.CallerIdentityChecked:
                lines.Add(text[Field("Matched") is "true" or "True" ? "AuditReader_Detail_Matched" : "AuditReader_Detail_NotMatched"]);
                break;
            case AuditActions.PersonChangeRequested:
                lines.Add(text[Field("Kind") == "Surname" ? "AuditReader_Detail_ChangeSurname" : "AuditReader_Detail_ChangeInstitution", Field("OldValue") ?? string.Empty, Field("NewValue") ?? string.Empty]);
                if (Field("NeedsNewCertificate") is "true" or "True")
                {
                    lines.Add(text["AuditReader_Detail_NeedsNewCertificate"]);
                }

                break;
            case AuditActions.ApplicationsImported when Field("Rows") is { } rows:
                lines.Add(text["AuditReader_Detail_Rows", rows]);
                break;
        }

        if (Field("Reason") is { Length: > 0 } reason && action != AuditActions.ApplicantLoginFailed && action != AuditActions.ApplicationOpened)
        {
            lines.Add(text["AuditReader_Detail_Reason", reason]);
        }

        return lines;
    }

    public static string Role(Staff.StaffRole role, IStringLocalizer text) => text[$"AuditReader_Role_{role}"];

    private static string Staff(string user, AuditNames names, IStringLocalizer text) =>
        names.Staff.TryGetValue(user, out var staff)
            ? text["AuditReader_Actor_Staff", staff.DisplayName, Role(staff.Role, text)]
            : text["AuditReader_Actor_StaffUnknown", user];

    private static string Applicant(string? name, IStringLocalizer text) =>
        name is null ? text["AuditReader_Actor_ApplicantUnknown"] : text["AuditReader_Actor_Applicant", name];

    private static string CommandLine(string value, IStringLocalizer text)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0
            ? text["AuditReader_Actor_CommandLine", value[..colon], value[(colon + 1)..]]
            : text["AuditReader_Actor_CommandLine", value, string.Empty];
    }
}
