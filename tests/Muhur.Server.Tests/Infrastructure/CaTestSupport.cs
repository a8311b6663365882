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
    public static async Task<IssuedCertificate> IssueAsync(MuhurAppFactory app, string nationalId = "10000000146", string institution = "Örnek Üniversitesi", string givenName = "Ayşe", string surname = "Yılmaz")
    {
        var result = await TryIssueAsync(app, nationalId, institution, givenName, surname);
        Assert.Equal(IssueOutcome.Issued, result.Outcome);
        return result.Certificate!;
    }

    public static async Task<IssueResult> TryIssueAsync(MuhurAppFactory app, string nationalId, string institution, string givenName = "Ayşe", string surname = "Yılmaz")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var scope = app.Services.CreateAsyncScope();
        var request = new IssueCertificateRequest(new PublicKey(key), nationalId, givenName, surname, institution);
        return await scope.ServiceProvider.GetRequiredService<IssueCertificate>().RunAsync(request, "test", CancellationToken.None);
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
