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

    /// <summary>
    /// Registers a new person in the demo institution with a fresh valid T.C. Kimlik No (the demo has only four, and
    /// an institution opens one application per person); returns the number.
    /// </summary>
    public static async Task<string> NewPersonAsync(MuhurAppFactory app, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var institutionId = await db.People.Where(p => p.IdentifierNumber == "10000000146").Select(p => p.InstitutionId).SingleAsync();
        string number;
        do
        {
            number = NewTurkishIdentityNumber();
        }
        while (await db.People.AnyAsync(p => p.IdentifierNumber == number));

        var identifier = Muhur.Pki.Identity.PersonIdentifier.FromStored(Muhur.Pki.Identity.PersonIdentifierKind.TurkishIdentityNumber, number, "TR");
        db.People.Add(Muhur.Server.Features.People.Person.Create(institutionId, identifier, "Deniz", "Şahin", null, email ?? $"deniz.{Guid.NewGuid():N}@ornek.edu.tr", null, null, Actor, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return number;
    }

    /// <summary>A random valid T.C. Kimlik No: nine digits, the first not zero, and the two check digits.</summary>
    public static string NewTurkishIdentityNumber()
    {
        var d = new int[11];
        // 1…8 first: a number starting with 99 is a foreigner's identity number, not a T.C. Kimlik No.
        d[0] = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 9);
        for (var i = 1; i < 9; i++)
        {
            d[i] = System.Security.Cryptography.RandomNumberGenerator.GetInt32(10);
        }

        d[9] = ((((d[0] + d[2] + d[4] + d[6] + d[8]) * 7) - (d[1] + d[3] + d[5] + d[7])) % 10 + 10) % 10;
        d[10] = d.Take(10).Sum() % 10;
        return string.Concat(d);
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
        return await PostLoginAsync(client, identifier, captchaId, answer, password);
    }

    /// <summary>Posts the real login form with the picture and answer given.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string identifier, string captchaId, string captchaAnswer, string password) =>
        MuhurAppFactory.PostFormAsync(client, "/basvuru/giris", new Dictionary<string, string>
        {
            ["Input.Identifier"] = identifier,
            ["Input.CaptchaId"] = captchaId,
            ["Input.CaptchaAnswer"] = captchaAnswer,
            ["Input.AccessPassword"] = password,
        });

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
