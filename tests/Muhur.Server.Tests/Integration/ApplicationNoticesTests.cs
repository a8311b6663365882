using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Messaging;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// Issue 11 item 8, R-APP-10, R-X-2: the state changes that matter to the holder or the institution put their e-mail
// (and SMS) into the outbox in the same transaction as the change, in Turkish; a refused change sends nothing.
public class ApplicationNoticesTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string Authority = "staff:kurum.yetkili";
    private const string Officer = "staff:merkez.operator";

    [Fact]
    public async Task Reject_WithReason_TellsTheApplicantAndTheInstitutionTheReason()
    {
        // Arrange
        var id = await AtCentreAsync("10000000146");
        var before = await MessageIdsAsync();

        // Act
        var result = await ChangeAsync(id, ApplicationEvent.Reject, Officer, "Formdaki imza kimlikteki imzayla uyuşmuyor.");

        // Assert
        Assert.True(result!.Changed);
        var mails = await MailsSinceAsync(before);
        var toApplicant = Assert.Single(mails, m => m.Recipient == "ayse.yilmaz@ornek.edu.tr");
        Assert.Equal("Başvurunuz reddedildi", toApplicant.Subject);
        Assert.Contains("Gerekçe: Formdaki imza kimlikteki imzayla uyuşmuyor.", toApplicant.Body, StringComparison.Ordinal);
        Assert.Contains("Sayın Ayşe Yılmaz", toApplicant.Body, StringComparison.Ordinal);
        var toInstitution = mails.Where(m => m.Recipient != toApplicant.Recipient).ToList();
        Assert.Equal(["bidb@ornek.edu.tr", "kurum.yetkili@ornek.edu.tr"], toInstitution.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(toInstitution, m =>
        {
            Assert.Equal("Başvuru reddedildi: Ayşe Yılmaz", m.Subject);
            Assert.Contains("Gerekçe: Formdaki imza kimlikteki imzayla uyuşmuyor.", m.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Approve_AtTheCentre_TellsTheApplicantOnly()
    {
        // Arrange
        var id = await AtCentreAsync("12345678950");
        var before = await MessageIdsAsync();

        // Act
        var result = await ChangeAsync(id, ApplicationEvent.Approve, Officer, null);

        // Assert
        Assert.True(result!.Changed);
        var mail = Assert.Single(await MailsSinceAsync(before));
        Assert.Equal((MessageChannel.Email, "Başvurunuz onaylandı"), (mail.Channel, mail.Subject));
        Assert.Contains("kargo takip numarası", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_SecondTime_IsRefusedAndSendsNothing()
    {
        // Arrange
        var id = await AtCentreAsync("11111111110");
        await ChangeAsync(id, ApplicationEvent.Approve, Officer, null);
        var before = await MessageIdsAsync();

        // Act
        var again = await ChangeAsync(id, ApplicationEvent.Approve, Officer, null);

        // Assert
        Assert.Equal(ApplicationStateRules.RefusedAlreadyDecided, again!.RefusalId);
        Assert.Empty(await MailsSinceAsync(before));
    }

    [Fact]
    public async Task Cancel_BeforeThePersonWasTold_SendsNothingButAfterwardsTellsThem()
    {
        // Arrange
        var silent = await OpenAsync("533380006");
        var before = await MessageIdsAsync();

        // Act
        await ChangeAsync(silent, ApplicationEvent.Cancel, Authority, "Yanlışlıkla açıldı.");
        var silentMails = await MailsSinceAsync(before);
        var told = await OpenAsync("533380006");
        await ChangeAsync(told, ApplicationEvent.SendAccessPassword, Authority, null);
        var beforeCancel = await MessageIdsAsync();
        await ChangeAsync(told, ApplicationEvent.Cancel, Authority, "Görevden ayrıldı.");

        // Assert
        Assert.Empty(silentMails);
        var mail = Assert.Single(await MailsSinceAsync(beforeCancel));
        Assert.Equal("Başvurunuz iptal edildi", mail.Subject);
        Assert.Contains("Gerekçe: Görevden ayrıldı.", mail.Body, StringComparison.Ordinal);
    }

    /// <summary>An institution-paid application signed electronically: at the centre, awaiting the decision.</summary>
    private async Task<Guid> AtCentreAsync(string nationalId)
    {
        var id = await OpenAsync(nationalId);
        foreach (var step in new[] { ApplicationEvent.SendAccessPassword, ApplicationEvent.ConfirmForm, ApplicationEvent.ApprovePhone, ApplicationEvent.ESign })
        {
            Assert.True((await ChangeAsync(id, step, Authority, null))!.Changed);
        }

        return id;
    }

    private async Task<Guid> OpenAsync(string identifierNumber)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var personId = await db.People.Where(p => p.IdentifierNumber == identifierNumber).Select(p => p.Id).SingleAsync();
        var opened = await scope.ServiceProvider.GetRequiredService<OpenApplication>().RunAsync(
            personId, ApplicationKind.First, new EligibilityDecision(PaymentMode.Institution, EligibilityReason.Position, "Dekan"), Authority, CancellationToken.None);
        return opened.ApplicationId!.Value;
    }

    private async Task<ApplicationChangeResult?> ChangeAsync(Guid id, ApplicationEvent @event, string actor, string? reason)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ChangeApplicationState>().RunAsync(id, @event, actor, reason, CancellationToken.None);
    }

    private async Task<HashSet<Guid>> MessageIdsAsync()
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<MuhurDbContext>().OutboxMessages.Select(m => m.Id).ToListAsync()).ToHashSet();
    }

    /// <summary>The messages written since <paramref name="before"/> was taken (the test clock may stand still).</summary>
    private async Task<List<OutboxMessage>> MailsSinceAsync(HashSet<Guid> before)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var all = await db.OutboxMessages.AsNoTracking().ToListAsync();
        return all.Where(m => !before.Contains(m.Id)).OrderBy(m => m.Recipient, StringComparer.Ordinal).ToList();
    }
}
