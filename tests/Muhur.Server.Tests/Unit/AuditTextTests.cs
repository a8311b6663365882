using System.Globalization;
using System.Reflection;
using System.Xml.Linq;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Staff;
using Muhur.Server.Localization;

namespace Muhur.Server.Tests.Unit;

// Issue 11 item 7, R-CA-4: the audit log read by people — actors, actions, subjects and key details in Turkish (and
// English), never person:uuid or card.secrets_disclosed; every action has its text; each centre role sees its share.
public sealed class AuditTextTests : IDisposable
{
    private static readonly Guid Application = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private static readonly Guid Person = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    private static readonly Guid Consent = Guid.Parse("0193a000-0000-7000-8000-000000000003");
    private static readonly Guid Institution = Guid.Parse("0193a000-0000-7000-8000-000000000004");

    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;
    private readonly IStringLocalizer _text = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(SharedResource));

    public AuditTextTests() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("tr-TR");

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;

    [Theory]
    [InlineData("staff:kurum.yetkili", "Elif Demir (Kurum Yetkilisi)")]
    [InlineData("staff:gone.user", "gone.user (personel)")]
    [InlineData("applicant:0193a000-0000-7000-8000-000000000001", "Ayşe Yılmaz (başvuru sahibi)")]
    [InlineData("applicant:card:0A1B2C", "Ayşe Yılmaz (başvuru sahibi)")]
    [InlineData("applicant:e-onay:0193a000-0000-7000-8000-000000000003", "Ayşe Yılmaz (başvuru sahibi)")]
    [InlineData("applicant:12*******50", "Başvuru sahibi (12*******50)")]
    [InlineData("holder:0193a000-0000-7000-8000-000000000002", "Ayşe Yılmaz (sertifika sahibi)")]
    [InlineData("system:demo", "Sistem (tanıtım verisi)")]
    [InlineData("system:ca", "Sistem (ESHS kurulumu)")]
    [InlineData("cli:card produce:operator", "Komut satırı: card produce (operator)")]
    [InlineData("something-else", "something-else")]
    public void Actor_KnownShapes_ReadInTurkish(string actor, string expected)
    {
        Assert.Equal(expected, AuditText.Actor(actor, Names(), _text));
    }

    [Theory]
    [InlineData("application:0193a000-0000-7000-8000-000000000001", "Başvuru — Ayşe Yılmaz")]
    [InlineData("person:0193a000-0000-7000-8000-000000000002", "Kişi — Ayşe Yılmaz")]
    [InlineData("card:CARD-0001", "Kart CARD-0001 — Ayşe Yılmaz")]
    [InlineData("certificate:0A1B2C", "Sertifika 0A1B2C — Ayşe Yılmaz")]
    [InlineData("certificate:FFFF", "Sertifika FFFF")]
    [InlineData("staff:kurum.yetkili", "Personel hesabı — Elif Demir (Kurum Yetkilisi)")]
    [InlineData("institution:0193a000-0000-7000-8000-000000000004", "Kurum — Örnek Üniversitesi")]
    [InlineData("identifier:*********50", "Kimlik numarası *********50")]
    [InlineData("caller-identifier:abcdef", "Arayanın verdiği kimlik numarası")]
    public void Subject_KnownShapes_ReadInTurkishWithNames(string subject, string expected)
    {
        Assert.Equal(expected, AuditText.Subject(subject, Names(), _text));
    }

    [Fact]
    public void Action_CardSecretsDisclosed_ReadInTurkishAndEnglish()
    {
        Assert.Equal("Kartın PIN/PUK bilgisi açıldı", AuditText.Action(AuditActions.CardSecretsDisclosed, _text));
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        Assert.Equal("Card PIN/PUK disclosed", AuditText.Action(AuditActions.CardSecretsDisclosed, _text));
        Assert.Equal("Elif Demir (Institution authority)", AuditText.Actor("staff:kurum.yetkili", Names(), _text));
    }

    [Fact]
    public void Details_StateChangeWithReason_StatesByTheirTurkishNames()
    {
        var details = AuditText.Details(
            AuditActions.ApplicationStateChanged, """{"Event":"Reject","From":"ReceivedByCentre","To":"Rejected","Reason":"Form eksik"}""", _text);

        Assert.Equal(2, details.Count);
        Assert.Contains("→", details[0], StringComparison.Ordinal);
        Assert.Contains(_text["Application_State_Rejected"].Value, details[0], StringComparison.Ordinal);
        Assert.Equal("Gerekçe: Form eksik", details[1]);
    }

    [Fact]
    public void Details_FailedLoginAndIdentityCheck_ReasonAndResultInWords()
    {
        Assert.Equal(["Neden: resimdeki yazı yanlış"], AuditText.Details(AuditActions.ApplicantLoginFailed, """{"reason":"picture","address":"10.0.0.1"}""", _text));
        Assert.Equal(["Sonuç: kimlik doğrulanamadı"], AuditText.Details(AuditActions.CallerIdentityChecked, """{"Matched":false,"Questions":"name:no"}""", _text));
        Assert.Empty(AuditText.Details(AuditActions.StaffLogin, null, _text));
    }

    // Every action name the code writes has its words in both languages: a new constant without them fails here.
    [Fact]
    public void EveryAuditAction_HasTurkishAndEnglishText()
    {
        var constants = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => f.Name).ToList();
        var turkish = Keys("SharedResource.resx");
        var english = Keys("SharedResource.en.resx");

        Assert.NotEmpty(constants);
        Assert.Equal(constants.Count, AuditText.ActionNames.Count);
        Assert.Empty(constants.Where(c => !turkish.Contains($"AuditAction_{c}")).Select(c => "tr " + c)
            .Concat(constants.Where(c => !english.Contains($"AuditAction_{c}")).Select(c => "en " + c)));
    }

    [Theory]
    [InlineData("card.secrets_disclosed")]
    [InlineData("ca.root-created")]
    [InlineData("ca.ocsp-responder-rotated")]
    [InlineData("staff.created")]
    [InlineData("staff.login")]
    public void Visibility_CallCentre_DoesNotSeeSecretsKeysOrStaffButTheOfficerDoes(string action)
    {
        Assert.False(AuditVisibility.Sees(AuditAudience.CallCentre, action));
        Assert.True(AuditVisibility.Sees(AuditAudience.Officer, action));
    }

    [Theory]
    [InlineData("application.state-changed")]
    [InlineData("certificate.revoked")]
    [InlineData("certificate.suspended")]
    [InlineData("applicant.signed-in")]
    [InlineData("caller.identity-checked")]
    [InlineData("person.change-requested")]
    public void Visibility_CallCentre_SeesWhatAStatusEnquiryNeeds(string action)
    {
        Assert.True(AuditVisibility.Sees(AuditAudience.CallCentre, action));
    }

    private static AuditNames Names()
    {
        var names = new AuditNames();
        names.Staff["kurum.yetkili"] = new StaffName("Elif Demir", StaffRole.InstitutionAuthority);
        names.Applications[Application] = Person;
        names.Certificates["0A1B2C"] = Person;
        names.Cards["CARD-0001"] = Person;
        names.Consents[Consent] = Person;
        names.People[Person] = "Ayşe Yılmaz";
        names.Institutions[Institution] = "Örnek Üniversitesi";
        return names;
    }

    private static HashSet<string> Keys(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Muhur.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory!.FullName, "src", "Muhur.Server", "Localization", file);
        return XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
    }
}
