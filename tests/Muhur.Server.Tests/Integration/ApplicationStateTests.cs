using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Audit;
using Muhur.Server.Features.Staff;
using Muhur.Server.Tests.Infrastructure;
using Muhur.Server.Web;

namespace Muhur.Server.Tests.Integration;

// R-APP-1 … R-APP-10, R-ELIG-5: applications as data. Opening one records the eligibility decision and who made
// it; every state change goes through one action that writes the state, its history and the audit entry together;
// a refused event writes nothing; one open application per person and institution.
public class ApplicationStateTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string Actor = "staff:kurum.yetkili";

    [Fact]
    public async Task RunAsync_ThePathOfAnESignedApplication_RecordsEveryStepWithItsActor()
    {
        // Arrange
        var personId = await PersonAsync("10000000146");
        var opened = await OpenAsync(personId, new EligibilityDecision(PaymentMode.Institution, EligibilityReason.Position, "Dekan"));

        // Act
        ApplicationEvent[] path = [ApplicationEvent.SendAccessPassword, ApplicationEvent.ConfirmForm, ApplicationEvent.ApprovePhone, ApplicationEvent.ESign];
        var results = new List<ApplicationChangeResult?>();
        foreach (var step in path)
        {
            results.Add(await ChangeAsync(opened.ApplicationId!.Value, step, step == ApplicationEvent.ESign ? "applicant:card" : Actor));
        }

        // Assert
        Assert.Equal(OpenApplicationOutcome.Opened, opened.Outcome);
        Assert.All(results, r => Assert.True(r!.Changed));
        Assert.Equal(ApplicationState.ESigned, results[^1]!.State);
        await WithDbAsync(async db =>
        {
            var application = await db.Set<Application>().SingleAsync(a => a.Id == opened.ApplicationId);
            Assert.Equal(SigningMethod.ESigned, application.SigningMethod);
            Assert.Equal((PaymentMode.Institution, EligibilityReason.Position, "Dekan", Actor),
                (application.Payment, application.EligibilityReason, application.EligibilityPosition, application.EligibilityDecidedBy));

            var history = await db.Set<ApplicationStateChange>().Where(c => c.ApplicationId == application.Id).OrderBy(c => c.Id).ToListAsync();
            Assert.Equal(["Open", "SendAccessPassword", "ConfirmForm", "ApprovePhone", "ESign"], history.Select(h => h.Event));
            Assert.Equal([ApplicationState.Registered, ApplicationState.PasswordSent, ApplicationState.FormConfirmed, ApplicationState.PhoneApproved, ApplicationState.ESigned],
                history.Select(h => h.ToState));
            Assert.Equal("applicant:card", history[^1].Actor);

            var audit = await db.AuditLog.Where(e => e.Subject == $"application:{application.Id}").OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal([AuditActions.ApplicationOpened, .. Enumerable.Repeat(AuditActions.ApplicationStateChanged, 4)], audit.Select(e => e.Action));
            Assert.Contains("\"To\":\"ESigned\"", audit[^1].Details, StringComparison.Ordinal);
            return 0;
        });
    }

    [Fact]
    public async Task RunAsync_EventOutOfPlace_IsRefusedAndWritesNothing()
    {
        // Arrange
        var personId = await PersonAsync("12345678950");
        var opened = await OpenAsync(personId, new EligibilityDecision(PaymentMode.Individual, EligibilityReason.Individual, null));
        var id = opened.ApplicationId!.Value;
        var historyBefore = await CountHistoryAsync(id);

        // Act
        var refused = await ChangeAsync(id, ApplicationEvent.Approve, "staff:merkez.operator");

        // Assert
        Assert.Equal(new ApplicationChangeResult(false, ApplicationState.Registered, ApplicationStateRules.RefusedOutOfOrder), refused);
        Assert.Equal(historyBefore, await CountHistoryAsync(id));
    }

    [Fact]
    public async Task RunAsync_SecondOpenWhileOneIsInProgress_IsRefusedUntilTheFirstIsCancelled()
    {
        // Arrange
        var personId = await PersonAsync("11111111110");
        var eligibility = new EligibilityDecision(PaymentMode.Institution, EligibilityReason.Position, "Bölüm Başkanı");
        var first = await OpenAsync(personId, eligibility);

        // Act
        var second = await OpenAsync(personId, eligibility);
        var cancelled = await ChangeAsync(first.ApplicationId!.Value, ApplicationEvent.Cancel, Actor);
        var third = await OpenAsync(personId, eligibility);
        var cancelledAgain = await ChangeAsync(first.ApplicationId!.Value, ApplicationEvent.ConfirmForm, Actor);

        // Assert
        Assert.Equal(OpenApplicationOutcome.AlreadyOpen, second.Outcome);
        Assert.True(cancelled!.Changed);
        Assert.Equal(OpenApplicationOutcome.Opened, third.Outcome);
        Assert.Equal(ApplicationStateRules.RefusedFinished, cancelledAgain!.RefusalId);
    }

    [Fact]
    public async Task RunAsync_UnknownApplicationOrPerson_NothingToChange()
    {
        Assert.Null(await ChangeAsync(Guid.NewGuid(), ApplicationEvent.Cancel, Actor));
        Assert.Equal(OpenApplicationOutcome.UnknownPerson, (await OpenAsync(Guid.NewGuid(), new(PaymentMode.Individual, EligibilityReason.Individual, null))).Outcome);
    }

    [Fact]
    public async Task Insert_PaymentAndReasonDisagree_TheDatabaseRefusesIt()
    {
        var personId = await PersonAsync("10000000146");

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => WithDbAsync(async db =>
        {
            var person = await db.People.SingleAsync(p => p.Id == personId);
            var (application, _) = Application.Open(personId, person.InstitutionId, ApplicationKind.First,
                new EligibilityDecision(PaymentMode.Individual, EligibilityReason.Position, "Dekan"), Actor, DateTimeOffset.UtcNow);
            db.Add(application);
            return await db.SaveChangesAsync();
        }));

        Assert.Contains("applications_check", refused.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AuthorityOfAnotherInstitution_CannotReachTheApplication()
    {
        // Arrange: an application of Örnek Üniversitesi, and an authority of another institution on a /kurum endpoint.
        var personId = await PersonAsync("533380006");
        var opened = await OpenAsync(personId, new EligibilityDecision(PaymentMode.Institution, EligibilityReason.Position, "Anabilim Dalı Başkanı"));
        var id = opened.ApplicationId!.Value;
        using var scope = app.Services.CreateScope();
        var request = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(StaffClaims.InstitutionId, Guid.NewGuid().ToString())], "test")),
        };
        request.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new AuthorizeAttribute(Portals.InstitutionPolicy)), "test"));
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = request;

        // Act
        var changed = await scope.ServiceProvider.GetRequiredService<ChangeApplicationState>().RunAsync(id, ApplicationEvent.Cancel, Actor, null, CancellationToken.None);
        var reopened = await scope.ServiceProvider.GetRequiredService<OpenApplication>().RunAsync(
            personId, ApplicationKind.First, new(PaymentMode.Individual, EligibilityReason.Individual, null), Actor, CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = null;

        // Assert: as if neither existed (R-X-4), and the application is untouched.
        Assert.Null(changed);
        Assert.Equal(OpenApplicationOutcome.UnknownPerson, reopened.Outcome);
        Assert.NotEqual(ApplicationState.Cancelled, await WithDbAsync(db => db.Set<Application>().Where(a => a.Id == id).Select(a => a.State).SingleAsync()));
    }

    private Task<Guid> PersonAsync(string nationalId) =>
        WithDbAsync(db => db.People.Where(p => p.IdentifierNumber == nationalId).Select(p => p.Id).SingleAsync());

    private Task<OpenApplicationResult> OpenAsync(Guid personId, EligibilityDecision eligibility) =>
        WithScopeAsync(s => s.GetRequiredService<OpenApplication>().RunAsync(personId, ApplicationKind.First, eligibility, Actor, CancellationToken.None));

    private Task<ApplicationChangeResult?> ChangeAsync(Guid id, ApplicationEvent @event, string actor) =>
        WithScopeAsync(s => s.GetRequiredService<ChangeApplicationState>().RunAsync(id, @event, actor, null, CancellationToken.None));

    private Task<int> CountHistoryAsync(Guid id) =>
        WithDbAsync(db => db.Set<ApplicationStateChange>().CountAsync(c => c.ApplicationId == id));

    private Task<T> WithDbAsync<T>(Func<MuhurDbContext, Task<T>> action) =>
        WithScopeAsync(s => action(s.GetRequiredService<MuhurDbContext>()));

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }
}
