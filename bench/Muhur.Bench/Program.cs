using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Muhur.Bench;
using Muhur.Server.Data;
using Muhur.Server.Features;
using Muhur.Server.Features.CardProduction;
using Muhur.Server.Features.Cards;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Revocation;
using Npgsql;
using NpgsqlTypes;

// Benchmarks of the CA's own code paths, composed as the server composes them (bench/run drives it):
//   setup                       migrate and create the CA
//   issue COUNT BATCH WORKERS   issue and persist COUNT certificates
//   fill-revoked COUNT INDEX    add COUNT revoked certificates, and the same as an OpenSSL index.txt
//   crl                         publish a full CRL (time it from outside for peak memory)
//   crl-export OUT              write the latest full CRL to OUT
//   export DIR                  write chain.pem, issuing.pem and one good leaf.pem
//   produce COUNT BATCH WORKERS produce the cards of COUNT approved applications with keys made beforehand (the production
//                               path without the token: checks, one certificate batch, the recording transaction with the
//                               application's ProduceCard), BATCH applications per batch, WORKERS batches at a time
//   applicants COUNT URL MIN MAX  COUNT applicants at once through the applicant's path on the server at URL, each
//                               thinking MIN–MAX ms between requests
//   centre-queue COUNT URL OFFICERS ROUNDS  seed COUNT applications, then OFFICERS signed-in centre officers open and
//                               search the queue (/merkez/basvurular) on the server at URL, ROUNDS times each request
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(configuration);
services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
// The server's own composition (Features/FeatureModules), so what is measured is what the server runs; the hosted
// jobs are registered but not started, there being no host.
services.AddFeatures(configuration);
await using var provider = services.BuildServiceProvider();

switch (args)
{
    case ["setup"]:
        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<InitializeCertificateAuthority>().RunAsync(CancellationToken.None);
        }

        Console.WriteLine("setup done");
        return 0;

    case ["issue", var countText, var batchText, var workersText]:
        return await IssueAsync(provider, int.Parse(countText, CultureInfo.InvariantCulture), int.Parse(batchText, CultureInfo.InvariantCulture), int.Parse(workersText, CultureInfo.InvariantCulture));

    case ["fill-revoked", var countText, var indexPath]:
        return await FillRevokedAsync(provider, int.Parse(countText, CultureInfo.InvariantCulture), indexPath);

    case ["crl"]:
        {
            // Measured on its own (bench/run wraps it in /usr/bin/time): only the publication.
            await using var scope = provider.CreateAsyncScope();
            var stopwatch = Stopwatch.StartNew();
            var published = await scope.ServiceProvider.GetRequiredService<PublishCrl>().RunAsync(forceFull: true, CancellationToken.None)
                ?? throw new InvalidOperationException("Another publisher holds the lock.");
            stopwatch.Stop();
            Console.WriteLine(FormattableString.Invariant($"crl number={published.FullNumber} entries={published.FullEntries} seconds={stopwatch.Elapsed.TotalSeconds:F2}"));
            return 0;
        }

    case ["crl-export", var output]:
        {
            var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
            await using var command = dataSource.CreateCommand(
                "SELECT c.der FROM crls c JOIN ca_certificates a ON a.id = c.issuer_id WHERE a.role = 'Issuing' AND c.base_number IS NULL ORDER BY c.number DESC LIMIT 1");
            var der = (byte[])(await command.ExecuteScalarAsync())!;
            await File.WriteAllBytesAsync(output, der);
            Console.WriteLine(FormattableString.Invariant($"crl-export bytes={der.Length}"));
            return 0;
        }

    case ["export", var directory]:
        {
            var ca = await provider.GetRequiredService<ActiveCertificateAuthority>().GetAsync(CancellationToken.None);
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, "chain.pem"), ca.Root.ExportCertificatePem() + "\n" + ca.Issuing.ExportCertificatePem() + "\n");
            await File.WriteAllTextAsync(Path.Combine(directory, "issuing.pem"), ca.Issuing.ExportCertificatePem() + "\n");
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MuhurDbContext>();
            var leaf = await db.Certificates.Where(c => c.Status == CertificateStatus.Good && c.IssuerId == ca.IssuingRow.Id).Select(c => c.Der).FirstAsync();
            await File.WriteAllTextAsync(Path.Combine(directory, "leaf.pem"), PemEncoding.WriteString("CERTIFICATE", leaf) + "\n");
            return 0;
        }

    case ["produce", var countText, var batchText, var workersText]:
        return await ProduceApprovedAsync(provider, int.Parse(countText, CultureInfo.InvariantCulture), int.Parse(batchText, CultureInfo.InvariantCulture), int.Parse(workersText, CultureInfo.InvariantCulture));

    case ["applicants", var countText, var baseUrl, var thinkMin, var thinkMax]:
        return await ApplicantPath.RunAsync(
            provider, int.Parse(countText, CultureInfo.InvariantCulture), baseUrl,
            (int.Parse(thinkMin, CultureInfo.InvariantCulture), int.Parse(thinkMax, CultureInfo.InvariantCulture)));

    case ["centre-queue", var countText, var baseUrl, var officersText, var roundsText]:
        return await CentreQueue.RunAsync(
            provider, int.Parse(countText, CultureInfo.InvariantCulture), baseUrl,
            int.Parse(officersText, CultureInfo.InvariantCulture), int.Parse(roundsText, CultureInfo.InvariantCulture));

    default:
        await Console.Error.WriteLineAsync(
            "usage: setup | issue COUNT BATCH WORKERS | produce COUNT BATCH WORKERS | fill-revoked COUNT INDEX | crl | crl-export OUT | export DIR | applicants COUNT URL THINK_MIN_MS THINK_MAX_MS | centre-queue COUNT URL OFFICERS ROUNDS");
        return 2;
}

static async Task<int> IssueAsync(ServiceProvider provider, int count, int batch, int workers)
{
    // Holder keys come from the cards; generating them is not the CA's work, so it happens before the clock.
    var keys = Enumerable.Range(0, Math.Min(count, 64)).Select(_ => new PublicKey(ECDsa.Create(ECCurve.NamedCurves.nistP256))).ToArray();
    // Certificates are issued to registered people; registering them is not the CA's work either.
    var (institution, people) = await RegisterPeopleAsync(provider, [.. Enumerable.Range(0, count), .. Enumerable.Range(900_000, 20)]);
    var batches = Enumerable.Range(0, (count + batch - 1) / batch)
        .Select(b => Enumerable.Range(b * batch, Math.Min(batch, count - (b * batch)))
            .Select(i => new IssueCertificateRequest(keys[i % keys.Length], people[i], institution))
            .ToList())
        .ToList();

    // Steady state: the CA keys are decrypted and the code is compiled before the clock starts.
    await using (var warmup = provider.CreateAsyncScope())
    {
        await warmup.ServiceProvider.GetRequiredService<IssueCertificate>().RunManyAsync(
            [.. Enumerable.Range(0, 20).Select(i => new IssueCertificateRequest(keys[0], people[count + i], institution))],
            "bench",
            CancellationToken.None);
    }

    var next = -1;
    var issued = 0;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
    {
        int mine;
        while ((mine = Interlocked.Increment(ref next)) < batches.Count)
        {
            await using var scope = provider.CreateAsyncScope();
            var results = await scope.ServiceProvider.GetRequiredService<IssueCertificate>().RunManyAsync(batches[mine], "bench", CancellationToken.None);
            Interlocked.Add(ref issued, results.Count(r => r.Outcome == IssueOutcome.Issued));
        }
    })));
    stopwatch.Stop();
    Console.WriteLine(FormattableString.Invariant($"issue count={issued} seconds={stopwatch.Elapsed.TotalSeconds:F2} per_second={issued / stopwatch.Elapsed.TotalSeconds:F0}"));
    return issued == count ? 0 : 1;
}

static async Task<int> ProduceApprovedAsync(ServiceProvider provider, int count, int batch, int workers)
{
    // The holders' keys are made beforehand (on a card this is the token's work, not the server's), one per card.
    var keys = Enumerable.Range(0, count + 20).Select(_ => new PublicKey(ECDsa.Create(ECCurve.NamedCurves.nistP256))).ToArray();
    var (institution, people) = await RegisterPeopleAsync(provider, [.. Enumerable.Range(0, count + 20).Select(i => 500_000 + i)]);
    var applications = await ApproveAsync(provider, institution, people);
    var order = Enumerable.Range(0, count).ToList();
    var batches = Enumerable.Range(0, (count + batch - 1) / batch)
        .Select(b => order.Skip(b * batch).Take(batch).Select(i => (applications[i], (ICardMedium)new PremadeKeyMedium(keys[i]))).ToList())
        .ToList();

    // Steady state: the CA keys decrypted and the code compiled before the clock starts.
    await using (var warmup = provider.CreateAsyncScope())
    {
        await warmup.ServiceProvider.GetRequiredService<ProduceApprovedCard>().RunManyAsync(
            [.. Enumerable.Range(count, 20).Select(i => (applications[i], (ICardMedium)new PremadeKeyMedium(keys[i])))], "bench", CancellationToken.None);
    }

    var next = -1;
    var produced = 0;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
    {
        int mine;
        while ((mine = Interlocked.Increment(ref next)) < batches.Count)
        {
            await using var scope = provider.CreateAsyncScope();
            var results = await scope.ServiceProvider.GetRequiredService<ProduceApprovedCard>().RunManyAsync(batches[mine], "bench", CancellationToken.None);
            Interlocked.Add(ref produced, results.Count(r => r.Produced));
        }
    })));
    stopwatch.Stop();

    // Every application linked to its card and moved to CardProduced, or the figure means nothing.
    var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
    await using var check = dataSource.CreateCommand(
        "SELECT count(*) FROM applications a JOIN cards k ON k.serial = a.card_serial WHERE a.institution_id = $1 AND a.state = 'CardProduced'");
    check.Parameters.Add(new NpgsqlParameter { Value = institution });
    var linked = (long)(await check.ExecuteScalarAsync())!;
    Console.WriteLine(FormattableString.Invariant(
        $"produce count={produced} linked={linked - 20} seconds={stopwatch.Elapsed.TotalSeconds:F2} per_second={produced / stopwatch.Elapsed.TotalSeconds:F0}"));
    return produced == count && linked - 20 == count ? 0 : 1;
}

// Approved applications for these people, written as rows (the path to approval is not what is measured), each with the
// history rows an approval through ChangeApplicationState leaves.
static async Task<Guid[]> ApproveAsync(ServiceProvider provider, Guid institution, Guid[] people)
{
    var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
    var ids = people.Select(_ => Guid.CreateVersion7()).ToArray();
    var now = DateTimeOffset.UtcNow;
    await using var connection = await dataSource.OpenConnectionAsync();
    await using (var import = await connection.BeginBinaryImportAsync(
        "COPY applications (id, person_id, institution_id, kind, payment, eligibility_reason, eligibility_decided_by, signing_method, state, created_at, created_by, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < ids.Length; i++)
        {
            await import.StartRowAsync();
            await import.WriteAsync(ids[i], NpgsqlDbType.Uuid);
            await import.WriteAsync(people[i], NpgsqlDbType.Uuid);
            await import.WriteAsync(institution, NpgsqlDbType.Uuid);
            await import.WriteAsync("First", NpgsqlDbType.Text);
            await import.WriteAsync("Institution", NpgsqlDbType.Text);
            await import.WriteAsync("Position", NpgsqlDbType.Text);
            await import.WriteAsync("bench", NpgsqlDbType.Text);
            await import.WriteAsync("ESigned", NpgsqlDbType.Text);
            await import.WriteAsync("Approved", NpgsqlDbType.Text);
            await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await import.WriteAsync("bench", NpgsqlDbType.Text);
            await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
        }

        await import.CompleteAsync();
    }

    await using (var history = new NpgsqlCommand(
        "INSERT INTO application_state_changes (application_id, from_state, to_state, event, actor, changed_at) SELECT id, 'ESigned', 'Approved', 'Approve', 'bench', $1 FROM unnest($2::uuid[]) AS id",
        connection))
    {
        history.Parameters.Add(new NpgsqlParameter { Value = now });
        history.Parameters.Add(new NpgsqlParameter { Value = ids });
        await history.ExecuteNonQueryAsync();
    }

    return ids;
}

// A fresh institution per run (so R-REN-1 never refuses a run's holders) with one registered person per number.
static async Task<(Guid Institution, Guid[] People)> RegisterPeopleAsync(ServiceProvider provider, int[] numbers)
{
    var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
    var institution = Guid.CreateVersion7();
    await using var connection = await dataSource.OpenConnectionAsync();
    await using (var create = new NpgsqlCommand("INSERT INTO institutions (id, code, name) VALUES ($1, $2, $3)", connection))
    {
        create.Parameters.Add(new NpgsqlParameter { Value = institution });
        create.Parameters.Add(new NpgsqlParameter { Value = "BENCH-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)) });
        create.Parameters.Add(new NpgsqlParameter { Value = $"Bench Kurum {institution:N}" });
        await create.ExecuteNonQueryAsync();
    }

    var people = numbers.Select(_ => Guid.CreateVersion7()).ToArray();
    await using (var import = await connection.BeginBinaryImportAsync(
        "COPY people (id, institution_id, identifier_kind, identifier_number, identifier_country, given_name, surname, corporate_email, created_by) FROM STDIN (FORMAT BINARY)"))
    {
        for (var n = 0; n < numbers.Length; n++)
        {
            await import.StartRowAsync();
            await import.WriteAsync(people[n], NpgsqlDbType.Uuid);
            await import.WriteAsync(institution, NpgsqlDbType.Uuid);
            await import.WriteAsync("TurkishIdentityNumber", NpgsqlDbType.Text);
            await import.WriteAsync(NationalIds.For(numbers[n]), NpgsqlDbType.Text);
            await import.WriteAsync("TR", NpgsqlDbType.Char);
            await import.WriteAsync("Deneme", NpgsqlDbType.Text);
            await import.WriteAsync("Kişi", NpgsqlDbType.Text);
            await import.WriteAsync("bench@ornek.edu.tr", NpgsqlDbType.Text);
            await import.WriteAsync("bench", NpgsqlDbType.Text);
        }

        await import.CompleteAsync();
    }

    return (institution, people);
}

static async Task<int> FillRevokedAsync(ServiceProvider provider, int count, string indexPath)
{
    var ca = await provider.GetRequiredService<ActiveCertificateAuthority>().GetAsync(CancellationToken.None);
    var dataSource = provider.GetRequiredService<NpgsqlDataSource>();
    var start = DateTimeOffset.UtcNow.AddYears(-1);
    // The reasons `openssl ca` can read from an index (it has no privilegeWithdrawn).
    var reasons = new short[] { 0, 1, 3, 4, 5, 6 };
    var names = new[] { "unspecified", "keyCompromise", "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold" };
    // The rows need only what a CRL lists; the DER column holds a marker, not a certificate.
    var placeholder = "bench"u8.ToArray();
    var (institution, holders) = await RegisterPeopleAsync(provider, [0]);
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    long epoch;
    await using (var stamp = new NpgsqlCommand("UPDATE ca_status_epoch SET epoch = epoch + 1 RETURNING epoch", connection, transaction))
    {
        // The whole load is one change, stamped like any other (migration 0002).
        epoch = (long)(await stamp.ExecuteScalarAsync())!;
    }

    await using var index = new StreamWriter(indexPath);
    var serial = new byte[16];
    await using (var import = await connection.BeginBinaryImportAsync(
        "COPY certificates (serial, issuer_id, person_id, institution_id, not_before, not_after, der, status, revocation_reason, revoked_at, status_version) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < count; i++)
        {
            RandomNumberGenerator.Fill(serial);
            serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
            var notAfter = start.AddYears(3);
            var revokedAt = start.AddSeconds(i % 31_000_000);
            var r = i % reasons.Length;
            await import.StartRowAsync();
            await import.WriteAsync(serial, NpgsqlDbType.Bytea);
            await import.WriteAsync(ca.IssuingRow.Id, NpgsqlDbType.Uuid);
            await import.WriteAsync(holders[0], NpgsqlDbType.Uuid);
            await import.WriteAsync(institution, NpgsqlDbType.Uuid);
            await import.WriteAsync(start, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(notAfter, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(placeholder, NpgsqlDbType.Bytea);
            await import.WriteAsync(reasons[r] == 6 ? "Suspended" : "Revoked", NpgsqlDbType.Text);
            await import.WriteAsync(reasons[r], NpgsqlDbType.Smallint);
            await import.WriteAsync(revokedAt, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(epoch, NpgsqlDbType.Bigint);

            // index.txt: status, expiry, revocation[,reason], serial, file, subject (tab-separated).
            await index.WriteLineAsync(FormattableString.Invariant(
                $"R\t{notAfter.UtcDateTime:yyMMddHHmmss}Z\t{revokedAt.UtcDateTime:yyMMddHHmmss}Z,{names[r]}\t{Convert.ToHexString(serial)}\tunknown\t/CN=Bench {i}"));
        }

        await import.CompleteAsync();
    }

    await transaction.CommitAsync();

    await using (var analyze = new NpgsqlCommand("ANALYZE certificates", connection))
    {
        await analyze.ExecuteNonQueryAsync();
    }

    Console.WriteLine(FormattableString.Invariant($"fill-revoked count={count}"));
    return 0;
}
