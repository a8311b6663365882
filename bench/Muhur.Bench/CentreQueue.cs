using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Data;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.Staff;
using Npgsql;
using NpgsqlTypes;

namespace Muhur.Bench;

/// <summary>
/// A centre day at scale (issue 11, R-APP-10): COUNT applications of five institutions in every state before the
/// decision and after it (wet-signed ones with their barcodes, individually paid ones with receipts), written with
/// COPY as real rows the server reads; then officers signed in through the real login page open the queue (the
/// default "awaiting decision", other states, an institution, a signing method, later pages) and search it (a name
/// with Turkish letters in another case, an identifier, a barcode) against the server in Production over HTTPS.
/// Latencies per kind: queue pages and searches, target p95 &lt; 100 ms.
/// </summary>
internal static partial class CentreQueue
{
    private const string OfficerName = "bench.merkez";

    private static readonly string[] GivenNames = ["Ayşe", "İsmail", "Şükrü", "Gülşen", "Çağla", "Ömer", "Işıl", "Ümit", "Oğuz", "Eda", "Hüseyin", "Zeynep"];
    private static readonly string[] Surnames = ["Yılmaz", "Çağlar", "Öztürk", "Işıklı", "Şahin", "Doğan", "Kılıç", "Aydın", "Çelik", "Güneş", "Ilgaz", "Erdoğdu"];

    /// <summary>State, share in thousandths, signing method: about four in ten await the decision, as on a busy day.</summary>
    private static readonly (ApplicationState State, int Share, SigningMethod? Method)[] Mix =
    [
        (ApplicationState.PasswordSent, 80, null),
        (ApplicationState.PhoneApproved, 60, null),
        (ApplicationState.WetFormPrinted, 80, SigningMethod.WetSigned),
        (ApplicationState.ForwardedToCentre, 80, SigningMethod.WetSigned),
        (ApplicationState.ReceivedByCentre, 150, SigningMethod.WetSigned),
        (ApplicationState.ESigned, 150, SigningMethod.ESigned),
        (ApplicationState.EApproved, 100, SigningMethod.EOnay),
        (ApplicationState.Approved, 200, SigningMethod.ESigned),
        (ApplicationState.Rejected, 50, SigningMethod.WetSigned),
        (ApplicationState.Cancelled, 50, null),
    ];

    public static async Task<int> RunAsync(IServiceProvider provider, int count, string baseUrl, int officers, int rounds)
    {
        var password = "Bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var seeded = await SeedAsync(provider, count, password);
        Console.WriteLine(FormattableString.Invariant(
            $"seeded applications={seeded.Applications} awaiting={seeded.Awaiting} institutions={seeded.Institutions.Length} seconds={seeded.Seconds:F1}"));

        var requests = Requests(seeded);
        var latencies = new Dictionary<string, List<double>>(StringComparer.Ordinal) { ["queue"] = [], ["search"] = [] };
        var perRequest = requests.ToDictionary(r => r.Path, _ => new List<double>(), StringComparer.Ordinal);
        var failures = 0;

        // The JIT compiles the pages and PostgreSQL warms its caches before the clock.
        using (var warm = await SignInAsync(baseUrl, password))
        {
            foreach (var request in requests)
            {
                for (var i = 0; i < 3; i++)
                {
                    await GetAsync(warm, request.Path, request.Expect);
                }
            }
        }

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, officers).Select(o => Task.Run(async () =>
        {
            using var client = await SignInAsync(baseUrl, password);
            var mine = new List<(string Kind, string Path, double Ms, bool Ok)>();
            for (var round = 0; round < rounds; round++)
            {
                // Each officer walks the requests in an order of its own.
                foreach (var request in requests.OrderBy(_ => Random.Shared.Next()))
                {
                    var watch = Stopwatch.StartNew();
                    var ok = await GetAsync(client, request.Path, request.Expect);
                    mine.Add((request.Kind, request.Path, watch.Elapsed.TotalMilliseconds, ok));
                }
            }

            return mine;
        })));
        clock.Stop();

        foreach (var (kind, path, ms, ok) in results.SelectMany(r => r))
        {
            latencies[kind].Add(ms);
            perRequest[path].Add(ms);
            failures += ok ? 0 : 1;
        }

        var total = latencies.Values.Sum(l => l.Count);
        Console.WriteLine(FormattableString.Invariant(
            $"centre-queue officers={officers} requests={total} seconds={clock.Elapsed.TotalSeconds:F2} per_second={total / clock.Elapsed.TotalSeconds:F0} failures={failures}"));
        foreach (var (kind, values) in latencies)
        {
            var sorted = values.Order().ToArray();
            Console.WriteLine(FormattableString.Invariant(
                $"latency kind={kind} n={sorted.Length} p50={Percentile(sorted, 0.50):F1} p95={Percentile(sorted, 0.95):F1} p99={Percentile(sorted, 0.99):F1}"));
        }

        foreach (var request in requests)
        {
            var sorted = perRequest[request.Path].Order().ToArray();
            Console.WriteLine(FormattableString.Invariant(
                $"request name={request.Name} n={sorted.Length} p50={Percentile(sorted, 0.50):F1} p95={Percentile(sorted, 0.95):F1}"));
        }

        return failures == 0 ? 0 : 1;
    }

    private sealed record Seeded(int Applications, int Awaiting, Guid[] Institutions, string Identifier, string FormNumber, double Seconds);

    /// <param name="Kind">queue or search.</param>
    /// <param name="Name">The request as the table names it.</param>
    /// <param name="Path">The page and its query.</param>
    /// <param name="Expect">A text the answer must contain, so an empty or wrong page never counts as fast.</param>
    private sealed record QueueRequest(string Kind, string Name, string Path, string Expect);

    private static QueueRequest[] Requests(Seeded seeded) =>
    [
        new("queue", "default (awaiting decision)", "/merkez/basvurular", "record-title"),
        new("queue", "awaiting, page 2", "/merkez/basvurular?sayfa=2", "record-title"),
        new("queue", "awaiting, page 40", "/merkez/basvurular?sayfa=40", "record-title"),
        new("queue", "one institution", $"/merkez/basvurular?kurum={seeded.Institutions[2]}", "record-title"),
        new("queue", "e-signed only", "/merkez/basvurular?yontem=ESigned", "record-title"),
        new("queue", "state Approved", "/merkez/basvurular?durum=Approved", "record-title"),
        new("queue", "all states, page 3", "/merkez/basvurular?durum=tumu&sayfa=3", "record-title"),
        new("search", "name, Turkish letters, other case", "/merkez/basvurular?ara=" + Uri.EscapeDataString("İSMAİL IŞIKLI") + "&durum=tumu", "record-title"),
        new("search", "surname part, lower case", "/merkez/basvurular?ara=" + Uri.EscapeDataString("çağl"), "record-title"),
        new("search", "identifier", "/merkez/basvurular?durum=tumu&ara=" + seeded.Identifier, "record-title"),
        new("search", "barcode", "/merkez/basvurular?ara=" + seeded.FormNumber, seeded.FormNumber),
    ];

    private static async Task<bool> GetAsync(HttpClient client, string path, string expect)
    {
        try
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK && body.Contains(expect, StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<HttpClient> SignInAsync(string baseUrl, string password)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        if (ApplicantPath.TrustedServerCertificate is { } trusted)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted);
        }

        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(baseUrl) };
        var page = await client.GetStringAsync("/giris");
        var token = TokenPattern().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = OfficerName,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });
        using var response = await client.PostAsync("/giris", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"the bench officer could not sign in: {(int)response.StatusCode}");
        }

        return client;
    }

    private static async Task<Seeded> SeedAsync(IServiceProvider provider, int count, string password)
    {
        var clock = Stopwatch.StartNew();
        await using (var scope = provider.CreateAsyncScope())
        {
            // The officer signs in through the real login; Production has no demo accounts.
            var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
            var officer = StaffAccount.Create(OfficerName, "Bench Memur", StaffRole.CentreOfficer, null, DateTimeOffset.UtcNow);
            officer.SetPasswordHash(scope.ServiceProvider.GetRequiredService<IPasswordHasher<StaffAccount>>().HashPassword(officer, password));
            db.StaffAccounts.Add(officer);
            await db.SaveChangesAsync();
        }

        var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        var institutions = Enumerable.Range(1, 5).Select(_ => Guid.CreateVersion7()).ToArray();
        for (var i = 0; i < institutions.Length; i++)
        {
            await using var create = new NpgsqlCommand("INSERT INTO institutions (id, code, name) VALUES ($1, $2, $3)", connection);
            create.Parameters.Add(new NpgsqlParameter { Value = institutions[i] });
            create.Parameters.Add(new NpgsqlParameter { Value = $"BENCH-Q{i + 1}" });
            create.Parameters.Add(new NpgsqlParameter { Value = $"Kuyruk Üniversitesi {i + 1}" });
            await create.ExecuteNonQueryAsync();
        }

        var people = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        var applications = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        var states = new (ApplicationState State, SigningMethod? Method)[count];
        var cumulative = Mix.Select((m, i) => (m, Mix.Take(i + 1).Sum(x => x.Share))).ToArray();
        for (var n = 0; n < count; n++)
        {
            var slot = (int)((n * 7919L) % 1000);
            var (mix, _) = cumulative.First(c => slot < c.Item2);
            states[n] = (mix.State, mix.Method);
        }

        const int IdentifierBase = 700_000_000;
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY people (id, institution_id, identifier_kind, identifier_number, identifier_country, given_name, surname, corporate_email, created_by) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 0; n < count; n++)
            {
                await import.StartRowAsync();
                await import.WriteAsync(people[n], NpgsqlDbType.Uuid);
                await import.WriteAsync(institutions[n % institutions.Length], NpgsqlDbType.Uuid);
                await import.WriteAsync("TurkishIdentityNumber", NpgsqlDbType.Text);
                await import.WriteAsync(NationalIds.For(IdentifierBase + n), NpgsqlDbType.Text);
                await import.WriteAsync("TR", NpgsqlDbType.Char);
                await import.WriteAsync(GivenNames[n % GivenNames.Length], NpgsqlDbType.Text);
                await import.WriteAsync(Surnames[(n / GivenNames.Length) % Surnames.Length], NpgsqlDbType.Text);
                await import.WriteAsync("bench@ornek.edu.tr", NpgsqlDbType.Text);
                await import.WriteAsync("bench", NpgsqlDbType.Text);
            }

            await import.CompleteAsync();
        }

        // Arrivals spread over the last 30 days, in no particular order of creation.
        var now = DateTimeOffset.UtcNow;
        var updated = Enumerable.Range(0, count).Select(n => now.AddMinutes(-((n * 104_729L) % (30 * 24 * 60)))).ToArray();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY applications (id, person_id, institution_id, kind, payment, eligibility_reason, eligibility_position, eligibility_decided_by, signing_method, state, created_at, created_by, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 0; n < count; n++)
            {
                var individual = n % 10 == 3;
                await import.StartRowAsync();
                await import.WriteAsync(applications[n], NpgsqlDbType.Uuid);
                await import.WriteAsync(people[n], NpgsqlDbType.Uuid);
                await import.WriteAsync(institutions[n % institutions.Length], NpgsqlDbType.Uuid);
                await import.WriteAsync("First", NpgsqlDbType.Text);
                await import.WriteAsync(individual ? "Individual" : "Institution", NpgsqlDbType.Text);
                await import.WriteAsync(individual ? "Individual" : "Position", NpgsqlDbType.Text);
                if (individual)
                {
                    await import.WriteNullAsync();
                }
                else
                {
                    await import.WriteAsync("Öğretim Üyesi", NpgsqlDbType.Text);
                }

                await import.WriteAsync("bench", NpgsqlDbType.Text);
                if (states[n].Method is { } method)
                {
                    await import.WriteAsync(method.ToString(), NpgsqlDbType.Text);
                }
                else
                {
                    await import.WriteNullAsync();
                }

                await import.WriteAsync(states[n].State.ToString(), NpgsqlDbType.Text);
                await import.WriteAsync(updated[n].AddDays(-3), NpgsqlDbType.TimestampTz);
                await import.WriteAsync("bench", NpgsqlDbType.Text);
                await import.WriteAsync(updated[n], NpgsqlDbType.TimestampTz);
            }

            await import.CompleteAsync();
        }

        // The wet-signed forms with their barcodes, and the receipts of the individually paid applications.
        string? someFormNumber = null;
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY application_forms (form_number, application_id, created_at, protected_pdf) FROM STDIN (FORMAT BINARY)"))
        {
            var sequence = 0L;
            for (var n = 0; n < count; n++)
            {
                if (states[n].Method != SigningMethod.WetSigned)
                {
                    continue;
                }

                var number = FormNumber.Create(2026, ++sequence);
                if (states[n].State == ApplicationState.ReceivedByCentre)
                {
                    someFormNumber ??= number;
                }

                await import.StartRowAsync();
                await import.WriteAsync(number, NpgsqlDbType.Text);
                await import.WriteAsync(applications[n], NpgsqlDbType.Uuid);
                await import.WriteAsync(updated[n].AddDays(-1), NpgsqlDbType.TimestampTz);
                await import.WriteAsync(new byte[] { 1 }, NpgsqlDbType.Bytea);
            }

            await import.CompleteAsync();
        }

        var receipt = "%PDF-1.4\n%bench receipt\n"u8.ToArray();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY application_receipts (application_id, file_name, content_type, content, uploaded_at, uploaded_by) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 3; n < count; n += 10)
            {
                await import.StartRowAsync();
                await import.WriteAsync(applications[n], NpgsqlDbType.Uuid);
                await import.WriteAsync("dekont.pdf", NpgsqlDbType.Text);
                await import.WriteAsync("application/pdf", NpgsqlDbType.Text);
                await import.WriteAsync(receipt, NpgsqlDbType.Bytea);
                await import.WriteAsync(updated[n].AddDays(-3), NpgsqlDbType.TimestampTz);
                await import.WriteAsync("bench", NpgsqlDbType.Text);
            }

            await import.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE people; ANALYZE applications; ANALYZE application_forms; ANALYZE application_receipts", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        clock.Stop();
        var awaiting = states.Count(s => ApplicationStateRules.AwaitsCentreDecision(s.State));
        var searched = Array.FindIndex(states, s => s.State == ApplicationState.Approved);
        return new Seeded(count, awaiting, institutions, NationalIds.For(IdentifierBase + searched),
            someFormNumber ?? throw new InvalidOperationException("no received wet form"), clock.Elapsed.TotalSeconds);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
