using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Captcha;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>An application that takes the applicant's login, and the login itself through the real page.</summary>
internal static class ApplicantTestSupport
{
    public const string Actor = "staff:kurum.yetkili";

    /// <summary>
    /// Opens an application for the registered person with <paramref name="identifier"/> and gives it an access
    /// password, as the institution's registration does (R-APP-1); returns the application and the password.
    /// </summary>
    public static async Task<(Guid ApplicationId, string Password)> OpenWithPasswordAsync(
        MuhurAppFactory app, string identifier, EligibilityDecision? eligibility = null, ApplicationKind kind = ApplicationKind.First)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var personId = await db.People.Where(p => p.IdentifierNumber == identifier).Select(p => p.Id).SingleAsync();
        var opened = await scope.ServiceProvider.GetRequiredService<OpenApplication>().RunAsync(
            personId, kind, eligibility ?? new EligibilityDecision(PaymentMode.Institution, EligibilityReason.Position, "Dekan"), Actor, CancellationToken.None);
        var id = opened.ApplicationId ?? throw new InvalidOperationException($"No application opened for {identifier}: {opened.Outcome}");

        var password = AccessPassword.Generate();
        var change = scope.ServiceProvider.GetRequiredService<ChangeApplicationState>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var application = await change.LockAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("gone");
        application.SetAccessPassword(AccessPassword.Hash(password), DateTimeOffset.UtcNow);
        await change.ApplyAsync(application, ApplicationEvent.SendAccessPassword, Actor, null, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return (id, password);
    }

    /// <summary>A "Resimdeki yazı" picture stored as the login page would store it, with its answer known to the test.</summary>
    public static async Task<(string Id, string Answer)> CaptchaAsync(MuhurAppFactory app, DateTimeOffset? issuedAt = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (challenge, answer) = CaptchaChallenge.Create(issuedAt ?? DateTimeOffset.UtcNow);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        db.Add(challenge);
        await db.SaveChangesAsync();
        return (challenge.Id, answer);
    }

    /// <summary>Posts the real login form (R-APP-2) with a picture whose answer the test knows.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(MuhurAppFactory app, HttpClient client, string identifier, string password)
    {
        var (captchaId, answer) = await CaptchaAsync(app);
        return await MuhurAppFactory.PostFormAsync(client, "/basvuru/giris", new Dictionary<string, string>
        {
            ["Input.Identifier"] = identifier,
            ["Input.CaptchaId"] = captchaId,
            ["Input.CaptchaAnswer"] = answer,
            ["Input.AccessPassword"] = password,
        });
    }

    /// <summary>A client signed in as the applicant of a new application for <paramref name="identifier"/>.</summary>
    public static async Task<(HttpClient Client, Guid ApplicationId)> LogInAsync(
        MuhurAppFactory app, string identifier, EligibilityDecision? eligibility = null, ApplicationKind kind = ApplicationKind.First)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (id, password) = await OpenWithPasswordAsync(app, identifier, eligibility, kind);
        var client = app.CreateBrowserLikeClient();
        var response = await PostLoginAsync(app, client, identifier, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Applicant login as {identifier} failed: {response.StatusCode}");
        }

        return (client, id);
    }
}
