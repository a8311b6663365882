using System.Text.RegularExpressions;
using System.Xml.Linq;
using Muhur.Pki.Audit;
using Muhur.Pki.Identity;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.ApplicationSigning;
using Muhur.Server.Features.CentreIncoming;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Forwarding;
using Muhur.Server.Features.InstitutionApplications;
using Muhur.Server.Features.Institutions;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Features.Signatures;

namespace Muhur.Server.Tests.Unit;

// R-X-1: every user-facing text exists in Turkish (the neutral SharedResource.resx) and in English.
// A missing key does not fail at run time: IStringLocalizer shows the key itself, so only this test
// notices it.
public sealed partial class LocalizationKeysTests
{
    private static readonly string[] WithheldReasons =
        [SigningMethodRules.NoCertificate, SigningMethodRules.CertificateExpired, SigningMethodRules.CertificateTroubled];

    // Keys built from an enum value in code or pages, by their template exactly as written in the
    // source. A new template fails KeysUsedInSource_ExistInBothLanguages until it is listed here.
    private static readonly Dictionary<string, IEnumerable<string>> KeyTemplates = new()
    {
        ["Outbox_Channel_{message.Channel}"] = Names<MessageChannel>(),
        ["Outbox_Status_{message.Status}"] = Names<MessageStatus>(),
        ["AuditFault_{Model.Audit.Fault}"] = Names<AuditChainFault>(),
        ["AuditFault_{Model.Fault}"] = Names<AuditChainFault>(),
        ["IdentifierKind_{kind}"] = Names<PersonIdentifierKind>(),
        ["Identifier_{error}"] = Names<PersonIdentifierError>(),
        ["Identifier_Foreigner_{error}"] = ["NotDigits", "WrongLength", "LeadingZero", "Checksum"],
        ["InstApps_Receipt_{receiptError}"] = Names<ReceiptError>().Where(e => e != nameof(ReceiptError.None)),
        ["InstApps_Import_{Result.FileError}"] = Names<CsvFileError>().Where(e => e != nameof(CsvFileError.None)),
        ["Application_State_{state}"] = Names<ApplicationState>(),
        ["Application_State_{row.State}"] = Names<ApplicationState>(),
        ["Application_State_{application.State}"] = Names<ApplicationState>(),
        ["Application_State_{change.ToState}"] = Names<ApplicationState>(),
        ["Application_State_{form.State}"] = Names<ApplicationState>(),
        ["Forwarding_Mark_{result.Outcome}"] = Names<MarkFormOutcome>(),
        ["Forwarding_BatchState_{batch.State}"] = Names<ForwardingBatchState>(),
        ["Forwarding_Finding_{finding.Finding}"] = Names<ForwardingFinding>(),
        ["CentreIncoming_Scan_{result.Outcome}"] = Names<ScanOutcome>(),
        ["InstApps_Kind_{kind}"] = Names<ApplicationKind>(),
        ["InstApps_Kind_{row.Kind}"] = Names<ApplicationKind>(),
        ["InstApps_Kind_{application.Kind}"] = Names<ApplicationKind>(),
        ["InstApps_Reason_{row.Reason}"] = Names<EligibilityReason>(),
        ["InstApps_Reason_{application.EligibilityReason}"] = Names<EligibilityReason>(),
        ["Application_Event_{change.Event}"] = Names<ApplicationEvent>().Append("Open"),
        ["Identifier_KindMismatch_{request.IdentifierKind}"] = Names<PersonIdentifierKind>().Where(k => k != nameof(PersonIdentifierKind.Passport)),
        ["PositionCategory_{group.Key}"] = Names<PositionCategory>(),
        ["Verdict_{result.Verdict}"] = Names<DocumentVerdict>(),
        ["Shipments_Field_{field}"] = ["RecipientName", "ProvinceCode", "District", "AddressLine", "PostalCode", "MobilePhone"],
        ["Shipments_Ship_{result.Outcome}"] = Names<Muhur.Server.Features.Shipments.ShipOutcome>(),
        ["Shipments_Closed_{to}"] = Names<Muhur.Server.Features.Shipments.ShipmentState>(),
        ["Shipments_Close_{outcome}"] = Names<Muhur.Server.Features.Shipments.CloseShipmentOutcome>(),
        ["Shipments_Query_{state}"] = Names<Muhur.Server.Features.Shipments.CourierState>(),
        ["Tracking_State_{parcel.State}"] = Names<Muhur.Server.Features.Shipments.ShipmentState>(),
        ["Tracking_ClosedAt_{parcel.State}"] = Names<Muhur.Server.Features.Shipments.ShipmentState>().Where(s => s != "Sent"),
        ["CardProduction_Outcome_{result.OutcomeKey}"] = Names<Muhur.Server.Features.Cards.ProduceCardOutcome>().Concat(["NotFound", "NotApproved"]),
        ["ApplicantPortal_Kind_{Model.Kind}"] = Names<Muhur.Server.Features.Applications.ApplicationKind>(),
        ["ApplicantPortal_State_{Model.State}"] = Names<Muhur.Server.Features.Applications.ApplicationState>(),
        ["Verify_{status}BeforeSigning"] = Names<CertificateStatus>().Where(s => s != nameof(CertificateStatus.Good)),
        ["Verify_{status}AfterSigning"] = Names<CertificateStatus>().Where(s => s != nameof(CertificateStatus.Good)),
        ["CertificateStatus_{certificate.Status}"] = Names<CertificateStatus>(),
        ["ApplicationForm_SecurityWord{word}"] = Names<SecurityWordProblem>().Where(p => p != nameof(SecurityWordProblem.None)),
        ["ApplicationForm_Refused_{id}"] =
        [
            ApplicationStateRules.RefusedFinished, ApplicationStateRules.RefusedAlreadyAtCentre,
            ApplicationStateRules.RefusedAlreadyDecided, ApplicationStateRules.RefusedOutOfOrder,
        ],
        ["ApplicationForm_Sms{result.Check}"] = Names<SmsCodeCheck>().Where(c => c != nameof(SmsCodeCheck.Accepted)),
        ["ApplicationForm_Kind_{application.Kind}"] = Names<ApplicationKind>(),
        ["ApplicationForm_Reason_{application.EligibilityReason}"] = Names<EligibilityReason>(),
        ["IdentifierKind_{record.IdentifierKind}"] = Names<PersonIdentifierKind>(),
        ["ApplicationSigning_Method_{method}"] = Names<SigningMethod>(),
        ["ApplicationSigning_Method_{Model.Method}"] = Names<SigningMethod>(),
        ["ApplicationSigning_Withheld_{offer.ESignedWithheldReason}"] = WithheldReasons,
        ["ApplicationSigning_Withheld_{Model.Situation.Offer.ESignedWithheldReason}"] = WithheldReasons,
        ["ApplicationSigning_Error_{error}"] = SignedCodeErrors.All,
        ["AuditAction_{name}"] = Muhur.Server.Features.Audit.AuditText.ActionNames.Values,
        ["AuditReader_Role_{role}"] = Names<Muhur.Server.Features.Staff.StaffRole>(),
        ["ApplicantPortal_Kind_{kind}"] = Names<ApplicationKind>(),
        ["ApplicantPortal_Kind_{application.Kind}"] = Names<ApplicationKind>(),
        ["ApplicationSigning_Method_{m}"] = Names<SigningMethod>(),
        ["IdentifierKind_{person.IdentifierKind}"] = Names<PersonIdentifierKind>(),
        ["Application_State_{result.State}"] = Names<ApplicationState>(),
        ["CentreDecision_Receipt_{receipt}"] = Names<Muhur.Server.Features.CentreDecision.IndexModel.ReceiptStatus>(),
        ["CentreDecision_RejectReason_{reason}"] = Muhur.Server.Features.CentreDecision.DetailsModel.RejectReasons,
        ["CentreDecision_RejectReason_{choice}"] = Muhur.Server.Features.CentreDecision.DetailsModel.RejectReasons,
        ["CentreDecision_Refused_{result.RefusalId}"] =
        [
            ApplicationStateRules.RefusedFinished, ApplicationStateRules.RefusedAlreadyAtCentre,
            ApplicationStateRules.RefusedAlreadyDecided, ApplicationStateRules.RefusedOutOfOrder,
        ],
        ["CentreDecision_Receipt{outcome}"] = Names<Muhur.Server.Features.CentreDecision.ReceiptDecisionOutcome>()
            .Where(o => o is not (nameof(Muhur.Server.Features.CentreDecision.ReceiptDecisionOutcome.Done) or nameof(Muhur.Server.Features.CentreDecision.ReceiptDecisionOutcome.NotFound))),
    };

    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private static readonly string ServerSource = Path.Combine(RepositoryRoot, "src", "Muhur.Server");

    private static readonly IReadOnlyDictionary<string, string> Turkish = ReadResx("SharedResource.resx");

    private static readonly IReadOnlyDictionary<string, string> English = ReadResx("SharedResource.en.resx");

    [Fact]
    public void Resources_TurkishAndEnglish_HaveTheSameKeys()
    {
        Assert.NotEmpty(Turkish);
        Assert.Empty(Turkish.Keys.Except(English.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(English.Keys.Except(Turkish.Keys).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Resources_EveryValue_IsNotEmpty()
    {
        var empty = Turkish.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => "tr " + e.Key)
            .Concat(English.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => "en " + e.Key));

        Assert.Empty(empty);
    }

    [Fact]
    public void Resources_BothLanguages_UseTheSamePlaceholders()
    {
        var differing = Turkish.Keys.Intersect(English.Keys)
            .Where(key => !Placeholders(Turkish[key]).SequenceEqual(Placeholders(English[key])))
            .Order(StringComparer.Ordinal);

        Assert.Empty(differing);
    }

    [Fact]
    public void KeysUsedInSource_ExistInBothLanguages()
    {
        var prefixes = Turkish.Keys.Select(k => k[..Math.Max(0, k.IndexOf('_', StringComparison.Ordinal))]).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        var used = new SortedSet<string>(StringComparer.Ordinal);
        var unknownTemplates = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            foreach (Match match in LiteralKey().Matches(text))
            {
                var key = match.Groups["key"].Value;
                if (prefixes.Contains(key[..key.IndexOf('_', StringComparison.Ordinal)]))
                {
                    used.Add(key);
                }
            }

            foreach (Match match in TemplateKey().Matches(text))
            {
                var template = match.Groups["template"].Value;
                if (KeyTemplates.TryGetValue(template, out var values))
                {
                    var hole = TemplateHole().Match(template);
                    used.UnionWith(values.Select(v => template[..hole.Index] + v + template[(hole.Index + hole.Length)..]));
                }
                else
                {
                    unknownTemplates.Add($"{Path.GetRelativePath(RepositoryRoot, file)}: {template}");
                }
            }
        }

        Assert.Empty(unknownTemplates);
        Assert.Contains("Verify_RevokedBeforeSigning", used);
        Assert.Contains("Login_Invalid", used);
        Assert.Empty(used.Where(k => !Turkish.ContainsKey(k)).Select(k => "tr " + k)
            .Concat(used.Where(k => !English.ContainsKey(k)).Select(k => "en " + k)));
    }

    private static string[] Names<TEnum>()
        where TEnum : struct, Enum => Enum.GetNames<TEnum>();

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(ServerSource, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(ServerSource, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    private static IEnumerable<string> Placeholders(string value) =>
        PlaceholderPattern().Matches(value).Select(m => m.Groups["index"].Value).Distinct().Order(StringComparer.Ordinal);

    private static Dictionary<string, string> ReadResx(string name)
    {
        var document = XDocument.Load(Path.Combine(ServerSource, "Localization", name));
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in document.Root!.Elements("data"))
        {
            var key = (string)data.Attribute("name")!;
            Assert.True(entries.TryAdd(key, (string?)data.Element("value") ?? string.Empty), $"{name}: {key} appears twice");
        }

        return entries;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Muhur.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Muhur.sln above {AppContext.BaseDirectory}.");
    }

    // A plain string literal shaped like a resource key: Prefix_Name.
    [GeneratedRegex("""(?<![$@\w])"(?<key>[A-Z][A-Za-z0-9]*_[A-Za-z0-9_]+)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LiteralKey();

    // An interpolated string shaped like a resource key with one hole: $"Prefix_{value}" or $"Prefix_{value}Suffix".
    [GeneratedRegex("""\$"(?<template>[A-Z][A-Za-z0-9]*_[A-Za-z0-9_]*\{[^{}"]+\}[A-Za-z0-9_]*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex TemplateKey();

    [GeneratedRegex(@"\{[^{}]+\}")]
    private static partial Regex TemplateHole();

    [GeneratedRegex(@"\{(?<index>\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
