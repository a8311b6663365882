using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.CertificateAuthority;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Features.Revocation;

namespace Muhur.Server.Tests.Infrastructure;

/// <summary>Issues, changes and publishes through the server's own actions, as the server would.</summary>
internal static class CaTestSupport
{
    /// <summary>
    /// Issues for the person with this identifier at this institution, registering both first when they are
    /// not yet (certificates are issued only to registered people of registered institutions).
    /// </summary>
    public static async Task<IssuedCertificate> IssueAsync(MuhurAppFactory app, string nationalId = "10000000146", string institution = "Örnek Üniversitesi", string givenName = "Ayşe", string surname = "Yılmaz")
    {
        var result = await TryIssueAsync(app, nationalId, institution, givenName, surname);
        Assert.Equal(IssueOutcome.Issued, result.Outcome);
        return result.Certificate!;
    }

    public static async Task<IssueResult> TryIssueAsync(MuhurAppFactory app, string nationalId, string institution, string givenName = "Ayşe", string surname = "Yılmaz")
    {
        var holder = await RegisterAsync(app, nationalId, institution, givenName, surname);
        return await TryIssueAsync(app, holder);
    }

    public static async Task<IssueResult> TryIssueAsync(MuhurAppFactory app, TestHolder holder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var scope = app.Services.CreateAsyncScope();
        var request = new IssueCertificateRequest(new PublicKey(key), holder.PersonId, holder.InstitutionId);
        return await scope.ServiceProvider.GetRequiredService<IssueCertificate>().RunAsync(request, "test", CancellationToken.None);
    }

    /// <summary>
    /// The institution of that name (created when there is none) and the person with this identifier there
    /// (registered when not yet, with these names); safe to call concurrently. A passport when
    /// <paramref name="passportCountry"/> is given. Written as rows, so a test can also hold an identifier
    /// the registration form would refuse.
    /// </summary>
    public static async Task<TestHolder> RegisterAsync(
        MuhurAppFactory app, string number, string institution, string givenName = "Ayşe", string surname = "Yılmaz", string? passportCountry = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var code = "T-" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(institution)))[..16];
        await app.Database.ExecuteAsync(
            "INSERT INTO institutions (id, code, name) SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM institutions WHERE name = $3) ON CONFLICT (code) DO NOTHING",
            Guid.CreateVersion7(), code, institution);
        var institutionId = await app.Database.ScalarAsync<Guid>("SELECT id FROM institutions WHERE name = $1 ORDER BY created_at, id LIMIT 1", institution);

        var kind = passportCountry is not null ? "Passport" : number.StartsWith("99", StringComparison.Ordinal) ? "ForeignerIdentityNumber" : "TurkishIdentityNumber";
        var country = passportCountry ?? "TR";
        await app.Database.ExecuteAsync(
            """
            INSERT INTO people (id, institution_id, identifier_kind, identifier_number, identifier_country, given_name, surname, corporate_email, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'test@ornek.edu.tr', 'test')
            ON CONFLICT (institution_id, identifier_kind, identifier_number, identifier_country) DO NOTHING
            """,
            Guid.CreateVersion7(), institutionId, kind, number, country, givenName, surname);
        var personId = await app.Database.ScalarAsync<Guid>(
            "SELECT id FROM people WHERE institution_id = $1 AND identifier_kind = $2 AND identifier_number = $3 AND identifier_country = $4",
            institutionId, kind, number, country);
        return new TestHolder(personId, institutionId);
    }

    public static async Task<StatusChangeResult> ChangeAsync(MuhurAppFactory app, byte[] serial, StatusChangeKind kind, X509RevocationReason reason = X509RevocationReason.Unspecified)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ChangeCertificateStatus>().RunAsync(serial, kind, reason, "test", CancellationToken.None))!;
    }

    public static async Task<CrlPublication> PublishAsync(MuhurAppFactory app, bool forceFull)
    {
        await using var scope = app.Services.CreateAsyncScope();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Another publisher (the start-up run of the job) may hold the lock for a moment.
            if (await scope.ServiceProvider.GetRequiredService<PublishCrl>().RunAsync(forceFull, CancellationToken.None) is { } published)
            {
                app.Services.GetRequiredService<CrlStore>().Invalidate();
                return published;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Could not publish CRLs.");
    }

    public static async Task<CaSnapshot> CaAsync(MuhurAppFactory app) =>
        await app.Services.GetRequiredService<ActiveCertificateAuthority>().GetAsync(CancellationToken.None);

    /// <summary>A folder with root.pem, issuing.pem, chain.pem (both) for OpenSSL.</summary>
    public static async Task<string> WriteChainAsync(MuhurAppFactory app)
    {
        var ca = await CaAsync(app);
        var directory = Directory.CreateTempSubdirectory("muhur-ca-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "root.pem"), ca.Root.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "issuing.pem"), ca.Issuing.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "chain.pem"), ca.Root.ExportCertificatePem() + "\n" + ca.Issuing.ExportCertificatePem() + "\n");
        return directory;
    }

    public static string Pem(byte[] der, string label = "CERTIFICATE") => PemEncoding.WriteString(label, der) + "\n";
}

/// <summary>A registered person and the institution they are registered at.</summary>
internal sealed record TestHolder(Guid PersonId, Guid InstitutionId);
