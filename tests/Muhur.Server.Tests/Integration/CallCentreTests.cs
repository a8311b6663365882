using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.ApplicationForm;
using Muhur.Server.Features.Applications;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-APP-11, R-LOST-1, issue 11 items 6 and 7: the call centre checks a caller's identity question by question without
// showing a stored value, limits failed checks, shows a verified caller's applications with the shared history, and
// records change requests (a surname on a valid certificate needs a new certificate); only the call centre reaches it.
public partial class CallCentreTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string Word = "Gümüşsuyu-Işık7";
    private const string Mobile = "+905321234567";

    [Fact]
    public async Task Check_NameAndSecurityWord_PassedRecordedAuditedAndTheRecordShowsTheHistory()
    {
        // Arrange
        var caller = await CallerAsync();
        var agent = await AgentAsync();

        // Act
        var result = await CheckAsync(agent, caller.Identifier, "DENİZ  şahin", securityWord: Word);
        var record = WebUtility.HtmlDecode(await agent.GetStringAsync("/merkez/cagri/kisi"));

        // Assert
        Assert.Contains("Kimlik doğrulandı.", result, StringComparison.Ordinal);
        Assert.Contains("data-question=\"name\">eşleşti", result, StringComparison.Ordinal);
        Assert.Contains("data-question=\"word\">eşleşti", result, StringComparison.Ordinal);
        Assert.Contains("data-question=\"mobile\">sorulmadı", result, StringComparison.Ordinal);
        Assert.DoesNotContain(Word, result, StringComparison.Ordinal);
        Assert.DoesNotContain(caller.Email, result, StringComparison.Ordinal);
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM caller_identity_checks c JOIN people p ON p.id = c.person_id WHERE p.identifier_number = $1 AND c.matched AND c.checked_by = 'staff:cagri.merkezi' AND c.questions = 'name:yes,mobile:-,email:-,word:yes'",
            caller.Identifier));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'caller.identity-checked' AND subject = 'person:' || (SELECT id FROM people WHERE identifier_number = $1) AND details NOT LIKE '%' || $2 || '%'",
            caller.Identifier, Word));
        Assert.Contains("Deniz Şahin", record, StringComparison.Ordinal);
        Assert.Contains("Elif Demir (Kurum Yetkilisi)", record, StringComparison.Ordinal);
        Assert.Contains("Form onaylandı", record, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WrongAnswersOrUnknownIdentifier_SameNotMatchedAnswerAndNoRecord()
    {
        // Arrange
        var caller = await CallerAsync();
        var unknown = ApplicationSigningTestSupport.NewTurkishId();
        var agent = await AgentAsync();

        // Act
        var wrong = Result(await CheckAsync(agent, caller.Identifier, "Deniz Yılmaz", securityWord: "Yanlış-Söz9"));
        var nobody = Result(await CheckAsync(agent, unknown, "Deniz Yılmaz", securityWord: "Yanlış-Söz9"));
        var record = await agent.GetAsync("/merkez/cagri/kisi");

        // Assert
        Assert.Contains("Kimlik doğrulanamadı.", wrong, StringComparison.Ordinal);
        Assert.Contains("data-question=\"word\">eşleşmedi", wrong, StringComparison.Ordinal);
        Assert.Equal(wrong, nobody);
        Assert.Equal(HttpStatusCode.Redirect, record.StatusCode);
        Assert.Equal("/merkez/cagri", record.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Check_PhoneAndMailWithoutWord_PassedButPhoneAloneIsNot()
    {
        // Arrange
        var caller = await CallerAsync();
        var agent = await AgentAsync();

        // Act
        var phoneOnly = await CheckAsync(agent, caller.Identifier, "Deniz Şahin", mobile: "0532 123 45 67");
        var phoneAndMail = await CheckAsync(agent, caller.Identifier, "Deniz Şahin", mobile: "0532 123 45 67", email: caller.Email.ToUpperInvariant());

        // Assert
        Assert.Contains("Kimlik doğrulanamadı.", phoneOnly, StringComparison.Ordinal);
        Assert.Contains("data-question=\"mobile\">eşleşti", phoneOnly, StringComparison.Ordinal);
        Assert.Contains("Kimlik doğrulandı.", phoneAndMail, StringComparison.Ordinal);
        Assert.DoesNotContain("532", Result(phoneAndMail), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ThreeFailuresIn24Hours_FourthRefusedEvenWithTheRightAnswers()
    {
        // Arrange
        var caller = await CallerAsync();
        var unknown = ApplicationSigningTestSupport.NewTurkishId();
        var agent = await AgentAsync();
        for (var i = 0; i < 3; i++)
        {
            await CheckAsync(agent, caller.Identifier, "Deniz Şahin", securityWord: $"Yanlış-Söz{i}");
            await CheckAsync(agent, unknown, "Deniz Şahin", securityWord: $"Yanlış-Söz{i}");
        }

        // Act
        var fourth = await CheckAsync(agent, caller.Identifier, "Deniz Şahin", securityWord: Word);
        var fourthUnknown = await CheckAsync(agent, unknown, "Deniz Şahin", securityWord: Word);

        // Assert: refused, said so, and the same for a person nobody registered (the limit does not tell either).
        Assert.Contains("3 başarısız doğrulama yapıldı", fourth, StringComparison.Ordinal);
        Assert.DoesNotContain("Kimlik doğrulandı.", fourth, StringComparison.Ordinal);
        Assert.Contains("3 başarısız doğrulama yapıldı", fourthUnknown, StringComparison.Ordinal);
        Assert.Equal(3L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM caller_identity_checks c JOIN people p ON p.id = c.person_id WHERE p.identifier_number = $1", caller.Identifier));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'caller.identity-check-limited' AND subject = 'person:' || (SELECT id FROM people WHERE identifier_number = $1)",
            caller.Identifier));
    }

    [Fact]
    public async Task ChangeRequest_SurnameWithValidCertificate_NeedsNewCertificateAppliedRecordedAudited()
    {
        // Arrange
        var caller = await CallerAsync(withCertificate: true);
        var agent = await AgentAsync();
        await CheckAsync(agent, caller.Identifier, "Deniz Şahin", securityWord: Word);

        // Act
        var response = await ChangeAsync(agent, caller.PersonId, "Surname", "Karaca", "Nüfus cüzdanı sureti e-postayla alındı");
        var page = WebUtility.HtmlDecode(await agent.GetStringAsync("/merkez/cagri/kisi"));

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("yeni soyadıyla yeni bir sertifika gerekir", page, StringComparison.Ordinal);
        Assert.Contains("Deniz Karaca", page, StringComparison.Ordinal);
        Assert.Equal("Karaca", await app.Database.ScalarAsync<string>("SELECT surname FROM people WHERE id = $1", caller.PersonId));
        Assert.True(await app.Database.ScalarAsync<bool>(
            "SELECT needs_new_certificate FROM person_change_requests WHERE person_id = $1 AND kind = 'Surname' AND old_value = 'Şahin' AND new_value = 'Karaca' AND recorded_by = 'staff:cagri.merkezi' AND evidence LIKE 'Nüfus%'",
            caller.PersonId));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'person.change-requested' AND subject = $1 AND actor = 'staff:cagri.merkezi'", $"person:{caller.PersonId}"));
    }

    [Fact]
    public async Task ChangeRequest_InstitutionOrSurnameWithoutCertificate_RecordedWithoutNewCertificate()
    {
        // Arrange
        var caller = await CallerAsync();
        var agent = await AgentAsync();
        await CheckAsync(agent, caller.Identifier, "Deniz Şahin", securityWord: Word);

        // Act
        await ChangeAsync(agent, caller.PersonId, "Institution", "Başka Üniversite", "Atama yazısı e-postayla alındı");
        var institutionPage = WebUtility.HtmlDecode(await agent.GetStringAsync("/merkez/cagri/kisi"));
        await ChangeAsync(agent, caller.PersonId, "Surname", "Öz", "Evlilik cüzdanı sureti alındı");
        var missingEvidence = WebUtility.HtmlDecode(await (await ChangeAsync(agent, caller.PersonId, "Surname", "Kaya", " ")).Content.ReadAsStringAsync());

        // Assert
        Assert.Contains("Kurum değişikliği talebi kaydedildi", institutionPage, StringComparison.Ordinal);
        Assert.Equal(2L, await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM person_change_requests WHERE person_id = $1 AND NOT needs_new_certificate", caller.PersonId));
        Assert.Equal("Öz", await app.Database.ScalarAsync<string>("SELECT surname FROM people WHERE id = $1", caller.PersonId));
        Assert.Contains("role=\"alert\"", missingEvidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeRequest_ForAPersonTheCheckDidNotName_Refused()
    {
        // Arrange
        var caller = await CallerAsync();
        var other = await CallerAsync();
        var agent = await AgentAsync();
        await CheckAsync(agent, caller.Identifier, "Deniz Şahin", securityWord: Word);

        // Act
        var response = await ChangeAsync(agent, other.PersonId, "Surname", "Başka", "yok");

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Şahin", await app.Database.ScalarAsync<string>("SELECT surname FROM people WHERE id = $1", other.PersonId));
    }

    [Fact]
    public async Task Get_CallCentreAsOfficer_Forbidden()
    {
        var officer = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");

        var response = await officer.GetAsync("/merkez/cagri");
        var record = await officer.GetAsync("/merkez/cagri/kisi");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/hata/403", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/hata/403", record.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_Agent_SeesTheCallCentreNotTheOfficersAndTheOfficerTheOpposite()
    {
        var agent = await app.LoginAsync("cagri.merkezi", "Cagri.Merkezi-2026");
        var officer = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");

        var agentPage = await agent.GetStringAsync("/merkez/cagri");
        var officerPage = await officer.GetStringAsync("/merkez");

        Assert.Contains("href=\"/merkez/cagri\"", agentPage, StringComparison.Ordinal);
        Assert.Contains("href=\"/merkez/denetim\"", agentPage, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/merkez/uretim\"", agentPage, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/merkez/basvurular\"", agentPage, StringComparison.Ordinal);
        Assert.Contains("href=\"/merkez/uretim\"", officerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/merkez/cagri\"", officerPage, StringComparison.Ordinal);
    }

    private Task<HttpClient> AgentAsync() => app.LoginAsync("cagri.merkezi", "Cagri.Merkezi-2026");

    /// <summary>A person with an application whose form was confirmed with the security word and mobile number.</summary>
    private async Task<(string Identifier, Guid PersonId, string Email)> CallerAsync(bool withCertificate = false)
    {
        var email = $"deniz.{Guid.NewGuid():N}@ornek.edu.tr";
        var identifier = await ApplicantTestSupport.NewPersonAsync(app, email);
        var (applicationId, _) = await ApplicantTestSupport.OpenWithPasswordAsync(app, identifier);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var change = scope.ServiceProvider.GetRequiredService<ChangeApplicationState>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var application = await change.LockAsync(applicationId, CancellationToken.None) ?? throw new InvalidOperationException("gone");
            application.FillForm(new ApplicationFormFields(Mobile, 6, "Çankaya", "Atatürk Bulvarı No: 1", "06100", SecurityWord.Hash(Word), true, null), DateTimeOffset.UtcNow);
            Assert.True((await change.ApplyAsync(application, ApplicationEvent.ConfirmForm, $"applicant:{applicationId}", null, CancellationToken.None)).Changed);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var personId = await app.Database.ScalarAsync<Guid>("SELECT id FROM people WHERE identifier_number = $1", identifier);
        if (withCertificate)
        {
            await CaTestSupport.IssueAsync(app, identifier, "Örnek Üniversitesi", "Deniz", "Şahin");
        }

        return (identifier, personId, email);
    }

    private static async Task<string> CheckAsync(
        HttpClient agent, string identifier, string name, string? mobile = null, string? email = null, string? securityWord = null)
    {
        var response = await MuhurAppFactory.PostFormAsync(agent, "/merkez/cagri", new Dictionary<string, string>
        {
            ["Input.Identifier"] = identifier,
            ["Input.Country"] = string.Empty,
            ["Input.FullName"] = name,
            ["Input.MobilePhone"] = mobile ?? string.Empty,
            ["Input.CorporateEmail"] = email ?? string.Empty,
            ["Input.SecurityWord"] = securityWord ?? string.Empty,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient agent, Guid personId, string kind, string value, string evidence) =>
        MuhurAppFactory.PostFormAsync(
            agent,
            "/merkez/cagri/kisi?handler=Change",
            new Dictionary<string, string>
            {
                ["Input.PersonId"] = personId.ToString(),
                ["Input.Kind"] = kind,
                ["Input.NewValue"] = value,
                ["Input.Evidence"] = evidence,
            },
            "/merkez/cagri/kisi");

    /// <summary>The result section of the check page, the part that differs between checks.</summary>
    private static string Result(string page) => ResultSection().Match(page).Value;

    [GeneratedRegex("<section class=\"panel\" aria-labelledby=\"result-heading\".*?</section>", RegexOptions.Singleline)]
    private static partial Regex ResultSection();
}
