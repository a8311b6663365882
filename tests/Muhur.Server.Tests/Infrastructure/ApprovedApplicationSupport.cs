using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>An application driven to a given state through the one action that changes states, as the pages would drive it.</summary>
internal static class ApprovedApplicationSupport
{
    public const string Officer = "staff:merkez.operator";

    /// <summary>
    /// Registers a fresh T.C. Kimlik No at <paramref name="institution"/> and opens an application of <paramref name="kind"/>
    /// with the form filled (address in Ankara) and e-signed; approved unless <paramref name="approve"/> is false.
    /// </summary>
    public static async Task<(Guid ApplicationId, TestHolder Holder, string Identifier)> OpenAsync(
        MuhurAppFactory app, string institution, ApplicationKind kind = ApplicationKind.First, bool approve = true,
        string givenName = "Derya", string surname = "Çınar")
    {
        var identifier = ApplicantTestSupport.NewTurkishIdentityNumber();
        var holder = await CaTestSupport.RegisterAsync(app, identifier, institution, givenName, surname);
        return (await OpenForAsync(app, holder, kind, approve), holder, identifier);
    }

    /// <summary>The same for a holder already registered.</summary>
    public static async Task<Guid> OpenForAsync(MuhurAppFactory app, TestHolder holder, ApplicationKind kind = ApplicationKind.First, bool approve = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(holder);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var opened = await scope.ServiceProvider.GetRequiredService<OpenApplication>().RunAsync(
            holder.PersonId, kind, new EligibilityDecision(PaymentMode.Institution, EligibilityReason.Position, "Dekan"), ApplicantTestSupport.Actor, CancellationToken.None);
        var id = opened.ApplicationId ?? throw new InvalidOperationException($"No application opened: {opened.Outcome}");
        var change = scope.ServiceProvider.GetRequiredService<ChangeApplicationState>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var application = await change.LockAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("gone");
        application.SetAccessPassword(AccessPassword.Hash(AccessPassword.Generate()), DateTimeOffset.UtcNow);
        await change.ApplyAsync(application, ApplicationEvent.SendAccessPassword, ApplicantTestSupport.Actor, null, CancellationToken.None);
        application.FillForm(new ApplicationFormFields("+905321234567", 6, "Çankaya", "Atatürk Bulvarı No: 1", "06100", "hash-not-checked-here", true, null), DateTimeOffset.UtcNow);
        ApplicationEvent[] path = approve
            ? [ApplicationEvent.ConfirmForm, ApplicationEvent.ApprovePhone, ApplicationEvent.ESign, ApplicationEvent.Approve]
            : [ApplicationEvent.ConfirmForm, ApplicationEvent.ApprovePhone, ApplicationEvent.ESign];
        foreach (var step in path)
        {
            var result = await change.ApplyAsync(application, step, step == ApplicationEvent.Approve ? Officer : "applicant:test", null, CancellationToken.None);
            Assert.True(result.Changed, $"{step}: {result.RefusalId}");
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return id;
    }

    public static async Task<string> StateAsync(MuhurAppFactory app, Guid applicationId) =>
        (await app.Database.ScalarAsync<string>("SELECT state FROM applications WHERE id = $1", applicationId))!;
}
