using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Captcha;
using Muhur.Server.Features.Messaging;
using Npgsql;

namespace Muhur.Bench;

/// <summary>
/// The applicant's path (issue 10) against the real server and database: each virtual applicant opens the login
/// page and its picture, logs in, sees the start page, fills and confirms the form, confirms the SMS code, makes the
/// wet form and downloads it, and looks at the status again. The applicants start within one think time of each
/// other and wait a random think time between requests (reading, typing). Latencies are kept per kind of request:
/// pages (target p95 &lt; 100 ms), captcha pictures and form PDFs (target p95 &lt; 200 ms), and apart from them the two
/// requests whose work is a deliberately slow hash: the login (the access password, PBKDF2) and the confirmed form
/// (the security word, PBKDF2-SHA256 with 210,000 rounds).
/// </summary>
/// <remarks>
/// What a person does between requests (reading the picture, typing, reading the SMS) is not measured: the picture's
/// answer comes from a challenge the bench stores with a known answer (as the tests do), and the SMS code from the
/// outbox. Preparing the applications (registration, access passwords) happens before the clock.
/// </remarks>
internal static partial class ApplicantPath
{
    private const string SecurityWord = "Guvenli2026Soz";

    /// <summary>The DER of bench/run's self-signed server certificate (BENCH_TLS_CERT, PEM), the only one trusted.</summary>
    internal static readonly byte[]? TrustedServerCertificate = ReadTrustedCertificate();

    public static async Task<int> RunAsync(IServiceProvider provider, int count, string baseUrl, (int Min, int Max) thinking)
    {
        var warmup = await PrepareAsync(provider, 20, 0);
        var applicants = await PrepareAsync(provider, count, 20);
        var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var failures = new ConcurrentBag<string>();

        // The JIT compiles every page, the picture and the PDF once before the clock.
        await Task.WhenAll(warmup.Select(a => WalkAsync(provider, baseUrl, a, (0, 0), new(), failures)));
        failures.Clear();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(applicants.Select(a => Task.Run(() => WalkAsync(provider, baseUrl, a, thinking, latencies, failures))));
        clock.Stop();

        var requests = latencies.Values.Sum(b => b.Count);
        Console.WriteLine(FormattableString.Invariant(
            $"applicants count={count} think_ms={thinking.Min}-{thinking.Max} seconds={clock.Elapsed.TotalSeconds:F2} requests={requests} per_second={requests / clock.Elapsed.TotalSeconds:F0} failures={failures.Count}"));
        foreach (var (kind, values) in latencies.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var sorted = values.Order().ToArray();
            Console.WriteLine(FormattableString.Invariant(
                $"latency kind={kind} n={sorted.Length} p50={Percentile(sorted, 0.50):F1} p95={Percentile(sorted, 0.95):F1} p99={Percentile(sorted, 0.99):F1}"));
        }

        foreach (var failure in failures.Take(5))
        {
            await Console.Error.WriteLineAsync("failure: " + failure);
        }

        return failures.IsEmpty ? 0 : 1;
    }

    private sealed record Applicant(string NationalId, string Password, string Mobile);

    private static async Task WalkAsync(
        IServiceProvider provider, string baseUrl, Applicant applicant, (int Min, int Max) thinking,
        ConcurrentDictionary<string, ConcurrentBag<double>> latencies, ConcurrentBag<string> failures)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        if (TrustedServerCertificate is { } trusted)
        {
            // bench/run's self-signed certificate for 127.0.0.1, and only it.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted);
        }

        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };

        async Task<HttpResponseMessage> Timed(string kind, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
        {
            var watch = Stopwatch.StartNew();
            var response = await send();
            await response.Content.LoadIntoBufferAsync();
            watch.Stop();
            latencies.GetOrAdd(kind, _ => []).Add(watch.Elapsed.TotalMilliseconds);
            if (response.StatusCode != expected)
            {
                throw new InvalidOperationException($"{kind} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode}, expected {(int)expected}");
            }

            return response;
        }

        async Task<string> Page(string path) =>
            await (await Timed("page", () => client.GetAsync(path), HttpStatusCode.OK)).Content.ReadAsStringAsync();

        Task<HttpResponseMessage> Post(string kind, string path, string token, IEnumerable<KeyValuePair<string, string>> fields, HttpStatusCode expected) =>
            Timed(kind, () => client.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)])), expected);

        // A person reads and types between two requests; without it 200 applicants would be 200 scripts in a loop.
        Task Think() => thinking.Max == 0 ? Task.CompletedTask : Task.Delay(Random.Shared.Next(thinking.Min, thinking.Max + 1));

        try
        {
            await Task.Delay(Random.Shared.Next(0, thinking.Max + 1));

            // 1. The login page and its picture.
            var login = await Page("/basvuru/giris");
            var pictureId = Match(login, CaptchaIdPattern());
            await Timed("captcha", () => client.GetAsync(CaptchaModule.ImageUrl(pictureId)), HttpStatusCode.OK);

            // 2. Log in with a picture whose answer the bench knows.
            var (captchaId, answer) = await StoreCaptchaAsync(provider);
            await Think();
            await Post("password", "/basvuru/giris", Token(login),
            [
                new("Input.Identifier", applicant.NationalId), new("Input.CaptchaId", captchaId),
                new("Input.CaptchaAnswer", answer), new("Input.AccessPassword", applicant.Password),
            ], HttpStatusCode.Redirect);
            await Page("/basvuru");

            // 3. The form, confirmed: the security word's slow hash is what this request does.
            await Think();
            var form = await Page("/basvuru/form");
            await Think();
            await Post("password", "/basvuru/form", Token(form), FormFields(applicant), HttpStatusCode.Redirect);

            // 4. The SMS code, as the applicant reads it from the phone.
            var sms = await Page("/basvuru/sms-onay");
            var code = await SmsCodeAsync(provider, applicant.Mobile);
            await Think();
            await Post("page", "/basvuru/sms-onay", Token(sms), SmsFields(code), HttpStatusCode.Redirect);

            // 5. The signing method, then the wet form made and downloaded.
            await Think();
            await Page("/basvuru/imza-yontemi");
            await Think();
            var wet = await Page("/basvuru/islak-imza");
            await Think();
            var made = await Post("pdf", "/basvuru/islak-imza", Token(wet), WetFormFields(), HttpStatusCode.Redirect);
            var pdfPath = made.Headers.Location!.OriginalString;
            if (!pdfPath.EndsWith(".pdf", StringComparison.Ordinal))
            {
                pdfPath = Match(await Page(pdfPath), PdfLinkPattern());
            }

            var pdf = await Timed("pdf", () => client.GetAsync(pdfPath), HttpStatusCode.OK);
            if (!(await pdf.Content.ReadAsByteArrayAsync()).AsSpan().StartsWith("%PDF-"u8))
            {
                throw new InvalidOperationException("the wet form is not a PDF");
            }

            // 6. The status, as the applicant checks it later.
            await Think();
            await Page("/basvuru");
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            failures.Add($"{applicant.NationalId}: {e.Message}");
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> FormFields(Applicant applicant) =>
    [
        new("Input.MobilePhone", applicant.Mobile),
        new("Input.ProvinceCode", "6"),
        new("Input.District", "Çankaya"),
        new("Input.AddressLine", "Atatürk Bulvarı No: 1"),
        new("Input.PostalCode", "06420"),
        new("Input.SecurityWord", SecurityWord),
        new("Input.SecurityWordRepeat", SecurityWord),
        new("Input.PublishConsent", "true"),
    ];

    private static IEnumerable<KeyValuePair<string, string>> SmsFields(string code) => [new("Code", code)];

    private static IEnumerable<KeyValuePair<string, string>> WetFormFields() => [new("SecurityWord", SecurityWord)];

    /// <summary>People registered in a fresh institution, each with an application and an access password.</summary>
    private static async Task<List<Applicant>> PrepareAsync(IServiceProvider provider, int count, int offset)
    {
        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
        var institution = Guid.CreateVersion7();
        var run = Environment.TickCount64 % 1_000_000;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var create = new NpgsqlCommand("INSERT INTO institutions (id, code, name) VALUES ($1, $2, $3)", connection);
            create.Parameters.Add(new NpgsqlParameter { Value = institution });
            create.Parameters.Add(new NpgsqlParameter { Value = $"BENCH-APP-{run}-{offset}" });
            create.Parameters.Add(new NpgsqlParameter { Value = $"Bench Başvuru Kurumu {run}-{offset}" });
            await create.ExecuteNonQueryAsync();
        }

        var applicants = new List<Applicant>();
        for (var i = 0; i < count; i++)
        {
            var n = 300_000_000 + (int)(run * 1000) % 100_000_000 + offset + i;
            var applicant = new Applicant(
                NationalIds.For(n), AccessPassword.Generate(), "+9055" + (10_000_000 + ((n * 7L) % 89_999_999)).ToString("D8", CultureInfo.InvariantCulture));
            var person = Guid.CreateVersion7();
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO people (id, institution_id, identifier_kind, identifier_number, identifier_country, given_name, surname, corporate_email, mobile_phone, created_by) "
                    + "VALUES ($1, $2, 'TurkishIdentityNumber', $3, 'TR', 'Deneme', 'Başvuran', 'bench@ornek.edu.tr', $4, 'bench')", connection);
                insert.Parameters.Add(new NpgsqlParameter { Value = person });
                insert.Parameters.Add(new NpgsqlParameter { Value = institution });
                insert.Parameters.Add(new NpgsqlParameter { Value = applicant.NationalId });
                insert.Parameters.Add(new NpgsqlParameter { Value = applicant.Mobile });
                await insert.ExecuteNonQueryAsync();
            }

            await using var scope = provider.CreateAsyncScope();
            var opened = await scope.ServiceProvider.GetRequiredService<OpenApplication>().RunAsync(
                person, ApplicationKind.First, new EligibilityDecision(PaymentMode.Institution, EligibilityReason.Position, "Dekan"), "bench", CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
            var change = scope.ServiceProvider.GetRequiredService<ChangeApplicationState>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var application = await change.LockAsync(opened.ApplicationId!.Value, CancellationToken.None) ?? throw new InvalidOperationException("no application");
            application.SetAccessPassword(AccessPassword.Hash(applicant.Password), DateTimeOffset.UtcNow);
            await change.ApplyAsync(application, ApplicationEvent.SendAccessPassword, "bench", null, CancellationToken.None);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            applicants.Add(applicant);
        }

        return applicants;
    }

    private static async Task<(string Id, string Answer)> StoreCaptchaAsync(IServiceProvider provider)
    {
        var (challenge, answer) = CaptchaChallenge.Create(DateTimeOffset.UtcNow);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        db.Add(challenge);
        await db.SaveChangesAsync();
        return (challenge.Id, answer);
    }

    private static async Task<string> SmsCodeAsync(IServiceProvider provider, string mobile)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
        var body = await db.Set<OutboxMessage>().Where(m => m.Channel == MessageChannel.Sms && m.Recipient == mobile)
            .OrderByDescending(m => m.CreatedAt).Select(m => m.Body).FirstAsync();
        return Match(body, SmsCodePattern());
    }

    private static byte[]? ReadTrustedCertificate()
    {
        if (Environment.GetEnvironmentVariable("BENCH_TLS_CERT") is not { Length: > 0 } path)
        {
            return null;
        }

        var pem = File.ReadAllText(path);
        return Convert.FromBase64String(pem[PemEncoding.Find(pem).Base64Data]);
    }

    private static string Token(string html) => Match(html, TokenPattern());

    private static string Match(string text, Regex pattern)
    {
        var match = pattern.Match(text);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"not found: {pattern}");
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"Input.CaptchaId\" value=\"([^\"]+)\"")]
    private static partial Regex CaptchaIdPattern();

    [GeneratedRegex("\\b([0-9]{6})\\b")]
    private static partial Regex SmsCodePattern();

    [GeneratedRegex("href=\"(/basvuru/islak-imza/[0-9]{12}\\.pdf)\"")]
    private static partial Regex PdfLinkPattern();
}
