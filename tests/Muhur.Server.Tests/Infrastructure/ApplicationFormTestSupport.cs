using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Muhur.Pki.Identity;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.People;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>The applicant's form, SMS approval and wet form driven through the real pages (R-APP-4, R-APP-5, R-APP-7).</summary>
internal static partial class ApplicationFormTestSupport
{
    public const string Word = "Gümüşsuyu-Işık7";

    /// <summary>A valid form for Ankara; fields can be overridden.</summary>
    public static Dictionary<string, string> ValidForm(string word = Word, IDictionary<string, string>? overrides = null)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.MobilePhone"] = "0532 123 45 67",
            ["Input.ProvinceCode"] = "6",
            ["Input.District"] = "Çankaya",
            ["Input.AddressLine"] = "Kızılay Mah. Atatürk Bulvarı No: 5 Daire: 3",
            ["Input.PostalCode"] = "06420",
            ["Input.SecurityWord"] = word,
            ["Input.SecurityWordRepeat"] = word,
            ["Input.PublishConsent"] = "true",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            form[key] = value;
        }

        return form;
    }

    /// <summary>Registers a new person of the demo institution with a fresh T.C. Kimlik No (each test its own application).</summary>
    public static async Task<string> RegisterPersonAsync(MuhurAppFactory app, string givenName = "Gülşen", string surname = "Öztürkoğlu")
    {
        ArgumentNullException.ThrowIfNull(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var institution = await db.Institutions.Select(i => i.Id).FirstAsync();
        var unit = await db.Units.Where(u => u.Name == "Hukuk Fakültesi").Select(u => (Guid?)u.Id).FirstOrDefaultAsync();
        while (true)
        {
            var number = NewTurkishIdentityNumber();
            if (await db.People.AnyAsync(p => p.IdentifierNumber == number))
            {
                continue;
            }

            db.People.Add(Person.Create(
                institution, PersonIdentifier.FromStored(PersonIdentifierKind.TurkishIdentityNumber, number, "TR"), givenName, surname,
                "Doç. Dr.", $"p{number}@ornek.edu.tr", unit, null, ApplicantTestSupport.Actor, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            return number;
        }
    }

    /// <summary>A signed-in applicant of a new person's new application.</summary>
    public static async Task<(HttpClient Client, Guid ApplicationId, string Identifier)> LogInNewAsync(
        MuhurAppFactory app, ApplicationKind kind = ApplicationKind.First)
    {
        var identifier = await RegisterPersonAsync(app);
        var (client, id) = await ApplicantTestSupport.LogInAsync(app, identifier, kind: kind);
        return (client, id, identifier);
    }

    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, IDictionary<string, string> fields) =>
        MuhurAppFactory.PostFormAsync(client, "/basvuru/form", fields);

    /// <summary>The newest SMS in the outbox to <paramref name="mobile"/>, and the code in it (the test reads it as the phone would).</summary>
    public static async Task<string> LatestSmsCodeAsync(MuhurAppFactory app, string mobile = "+905321234567")
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var body = await db.Database.SqlQuery<string>(
                $"SELECT body AS \"Value\" FROM outbox_messages WHERE channel = 'Sms' AND recipient = {mobile} ORDER BY created_at DESC LIMIT 1")
            .SingleAsync();
        return SixDigits().Match(body).Value;
    }

    public static async Task<T> ScalarAsync<T>(MuhurAppFactory app, FormattableString sql)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        return await db.Database.SqlQuery<T>(sql).SingleAsync();
    }

    public static async Task ExecuteAsync(MuhurAppFactory app, FormattableString sql)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        await db.Database.ExecuteSqlAsync(sql);
    }

    /// <summary>Confirms a valid form and approves the phone with the code from the outbox.</summary>
    public static async Task ConfirmAndApproveAsync(MuhurAppFactory app, HttpClient client, string word = Word)
    {
        var confirmed = await PostFormAsync(client, ValidForm(word));
        if (confirmed.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Form not confirmed: " + await confirmed.Content.ReadAsStringAsync());
        }

        var approved = await MuhurAppFactory.PostFormAsync(client, "/basvuru/sms-onay", new Dictionary<string, string> { ["Code"] = await LatestSmsCodeAsync(app) });
        if (approved.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Phone not approved: " + await approved.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Prints the wet form with the word; its number from the wet-form page.</summary>
    public static async Task<string> PrintAsync(HttpClient client, string word = Word)
    {
        var printed = await MuhurAppFactory.PostFormAsync(client, "/basvuru/islak-imza", new Dictionary<string, string> { ["SecurityWord"] = word });
        if (printed.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Wet form not printed: " + await printed.Content.ReadAsStringAsync());
        }

        var page = await client.GetStringAsync("/basvuru/islak-imza");
        return DownloadLink().Match(page).Groups[1].Value;
    }

    /// <summary>What poppler reads from the PDF (words joined by single spaces) and what zbarimg decodes from its page at 150 dpi.</summary>
    public static async Task<(string Text, string Barcode)> ReadPdfAsync(byte[] pdf)
    {
        var directory = Directory.CreateTempSubdirectory("muhur-wet-form-").FullName;
        try
        {
            var file = Path.Combine(directory, "form.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            var text = await Tool.RunAsync("pdftotext", ["-enc", "UTF-8", file, "-"]);
            var image = Path.Combine(directory, "page");
            var render = await Tool.RunAsync("pdftoppm", ["-r", "150", "-png", "-singlefile", file, image]);
            if (text.ExitCode != 0 || render.ExitCode != 0)
            {
                throw new InvalidOperationException(text.All + render.All);
            }

            var barcode = await Tool.RunAsync("zbarimg", ["--quiet", "--nodbus", image + ".png"]);
            var flattened = string.Join(' ', text.Output.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
            return (flattened, barcode.Output.Trim());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A valid T.C. Kimlik No: nine random digits (the first not 0, nor 9: "99…" is a foreigner's number) and the two check digits.</summary>
    public static string NewTurkishIdentityNumber()
    {
        var d = new int[11];
        d[0] = Random.Shared.Next(1, 9);
        for (var i = 1; i < 9; i++)
        {
            d[i] = Random.Shared.Next(0, 10);
        }

        var odd = d[0] + d[2] + d[4] + d[6] + d[8];
        var even = d[1] + d[3] + d[5] + d[7];
        d[9] = (((odd * 7) - even) % 10 + 10) % 10;
        d[10] = d.Take(10).Sum() % 10;
        return string.Concat(d);
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"/basvuru/islak-imza/(\d{12})\.pdf")]
    private static partial Regex DownloadLink();
}

/// <summary>The server with every log line it writes kept, to show what is never logged (R-X-3).</summary>
public sealed class LogCapturingAppFactory : MuhurAppFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new CapturingProvider(Lines));
        });
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"{category} {formatter(state, exception)} {properties} {exception}");
        }
    }
}
