using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-CA-1 … R-CA-4, R-REN-1, R-REN-2: the CA in the server, against the real PostgreSQL.
public class CertificateAuthorityTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task Startup_FirstStart_CreatesRootIssuingAndOcspResponderWithEncryptedKeys()
    {
        var ca = await CaTestSupport.CaAsync(app);

        Assert.Equal(3, await app.Database.ScalarAsync<long>("SELECT count(*) FROM ca_certificates WHERE is_active"));
        Assert.Contains("Mühür Kök", ca.Root.Subject, StringComparison.Ordinal);
        Assert.Equal(ca.Root.SubjectName.RawData, ca.Issuing.IssuerName.RawData);
        var key = await app.Database.ScalarAsync<byte[]>("SELECT encrypted_pkcs8 FROM ca_keys WHERE name = $1", ca.IssuingRow.KeyName);
        // PBES2 (1.2.840.113549.1.5.13) marks an EncryptedPrivateKeyInfo, never a plain PrivateKeyInfo.
        Assert.Contains("06092A864886F70D01050D", Convert.ToHexString(key!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CentreDashboard_ShowsCaCertificatesCrlAndCounts()
    {
        var certificate = await CaTestSupport.IssueAsync(app, "12345678950", "Panel Üniversitesi");
        await CaTestSupport.ChangeAsync(app, certificate.Serial, StatusChangeKind.Suspend);
        var published = await CaTestSupport.PublishAsync(app, forceFull: true);
        var client = await app.LoginAsync("merkez.operator", "Merkez.Operator-2026");

        var html = await client.GetStringAsync("/merkez");

        Assert.Contains("Sertifika hizmet sağlayıcısı", html, StringComparison.Ordinal);
        Assert.Contains("Mühür Kök Sertifika Hizmet Sağlayıcısı", html, StringComparison.Ordinal);
        Assert.Contains($"#{published.FullNumber}", html, StringComparison.Ordinal);
        Assert.Matches(@"\d+ geçerli, [1-9]\d* askıda, \d+ iptal edilmiş", html);
    }

    [Fact]
    public async Task CaCertificates_ArePublishedAsDer()
    {
        var client = app.CreateBrowserLikeClient();

        var root = await client.GetAsync("/sertifikalar/kok.crt");
        var issuing = await client.GetByteArrayAsync("/sertifikalar/nitelikli.crt");

        Assert.Equal("application/pkix-cert", root.Content.Headers.ContentType!.MediaType);
        using var parsed = X509CertificateLoader.LoadCertificate(issuing);
        Assert.Contains("Nitelikli", parsed.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_ValidRequest_PersistsDerHolderAndAuditInOneGo()
    {
        var certificate = await CaTestSupport.IssueAsync(app, "12345678950", "Issue Üniversitesi", "İsmail", "Çağlar");

        using var parsed = X509CertificateLoader.LoadCertificate(certificate.Der);
        Assert.Contains("SERIALNUMBER=12345678950", parsed.Subject, StringComparison.Ordinal);
        Assert.Contains("CN=İsmail Çağlar", parsed.Subject, StringComparison.Ordinal);
        Assert.True(certificate.Serial.Length >= 8);
        Assert.Equal("Good", await app.Database.ScalarAsync<string>("SELECT status FROM certificates WHERE serial = $1", certificate.Serial));
        Assert.Equal(certificate.Der, await app.Database.ScalarAsync<byte[]>("SELECT der FROM certificates WHERE serial = $1", certificate.Serial));
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'certificate.issued' AND subject = $1", $"certificate:{certificate.SerialHex}"));
        Assert.Equal(3, (parsed.NotAfter - parsed.NotBefore).Days / 365);
    }

    [Fact]
    public async Task Issue_RegisteredIdentifierFailsChecksum_IsRefused()
    {
        // The registration form refuses this number; a row written otherwise is checked again at issuance.
        var result = await CaTestSupport.TryIssueAsync(app, "10000000147", "Sağlama Üniversitesi");

        Assert.Equal(IssueOutcome.InvalidIdentifier, result.Outcome);
    }

    [Fact]
    public async Task Issue_UnregisteredPersonOrOtherInstitution_IsRefusedAndNothingWritten()
    {
        var registered = await CaTestSupport.RegisterAsync(app, "10000000078", "Kayıt Üniversitesi");
        var elsewhere = await CaTestSupport.RegisterAsync(app, "10000000146", "Başka Kayıt Üniversitesi");
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificates");

        var nobody = await CaTestSupport.TryIssueAsync(app, new TestHolder(Guid.NewGuid(), registered.InstitutionId));
        var wrongInstitution = await CaTestSupport.TryIssueAsync(app, registered with { InstitutionId = elsewhere.InstitutionId });

        Assert.Equal(IssueOutcome.NotRegistered, nobody.Outcome);
        Assert.Equal(IssueOutcome.NotRegistered, wrongInstitution.Outcome);
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificates"));
    }

    [Fact]
    public async Task Issue_PassportHolder_SubjectCarriesPasSemanticsIdentifierAndRowRefersToTheRegistration()
    {
        var holder = await CaTestSupport.RegisterAsync(app, "533380006", "Pasaport Üniversitesi", "Emma", "Clarke", passportCountry: "GB");

        var result = await CaTestSupport.TryIssueAsync(app, holder);

        Assert.Equal(IssueOutcome.Issued, result.Outcome);
        using var parsed = X509CertificateLoader.LoadCertificate(result.Certificate!.Der);
        Assert.Contains("SERIALNUMBER=PASGB-533380006", parsed.Subject, StringComparison.Ordinal);
        Assert.Contains("O=Pasaport Üniversitesi", parsed.Subject, StringComparison.Ordinal);
        Assert.Equal(holder.PersonId, await app.Database.ScalarAsync<Guid>("SELECT person_id FROM certificates WHERE serial = $1", result.Certificate.Serial));
        Assert.Equal(holder.InstitutionId, await app.Database.ScalarAsync<Guid>("SELECT institution_id FROM certificates WHERE serial = $1", result.Certificate.Serial));
    }

    [Fact]
    public async Task Issue_SecondCertificateBeforeWindow_IsRefusedWithOpeningDate()
    {
        var first = await CaTestSupport.IssueAsync(app, "11111111110", "Yenileme Üniversitesi");

        var second = await CaTestSupport.TryIssueAsync(app, "11111111110", "Yenileme Üniversitesi");

        // R-REN-1: not earlier than 2 months before the previous notAfter.
        Assert.Equal(IssueOutcome.RenewalTooEarly, second.Outcome);
        Assert.Equal(first.NotAfter.AddMonths(-2), second.RenewalOpensAt);
    }

    [Fact]
    public async Task Issue_InsideWindow_StartsExactlyWhenThePreviousEnds()
    {
        var first = await CaTestSupport.IssueAsync(app, "10000000146", "Pencere Üniversitesi");
        var previousEnd = DateTimeOffset.UtcNow.AddMonths(1);
        previousEnd = new DateTimeOffset(previousEnd.Ticks - (previousEnd.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        await app.Database.ExecuteAsync("UPDATE certificates SET not_after = $1 WHERE serial = $2", previousEnd, first.Serial);

        var renewal = await CaTestSupport.IssueAsync(app, "10000000146", "Pencere Üniversitesi");
        using var parsed = X509CertificateLoader.LoadCertificate(renewal.Der);

        // R-REN-2: the new certificate is not usable before the previous one ends.
        Assert.Equal(previousEnd, renewal.NotBefore);
        Assert.Equal(previousEnd.UtcDateTime, parsed.NotBefore.ToUniversalTime());
    }

    [Fact]
    public async Task Issue_SameHolderOtherInstitution_IsNotARenewal()
    {
        await CaTestSupport.IssueAsync(app, "99000000042", "Birinci Kurum");

        var other = await CaTestSupport.TryIssueAsync(app, "99000000042", "İkinci Kurum");

        Assert.Equal(IssueOutcome.Issued, other.Outcome);
    }

    [Fact]
    public async Task IssueMany_BatchSignedInParallel_EverySignatureVerifiesAndDuplicatesAreRenewalChecked()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var holders = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => CaTestSupport.RegisterAsync(app, "10000000146", $"Toplu Kurum {i}", "Toplu", "Kişi")));
        var invalid = await CaTestSupport.RegisterAsync(app, "10000000147", "Toplu Kurum", "Geçersiz", "Kişi");
        var requests = holders
            .Select(h => new IssueCertificateRequest(new PublicKey(key), h.PersonId, h.InstitutionId))
            .Append(new IssueCertificateRequest(new PublicKey(key), holders[0].PersonId, holders[0].InstitutionId))
            .Append(new IssueCertificateRequest(new PublicKey(key), invalid.PersonId, invalid.InstitutionId))
            .ToList();
        await using var scope = app.Services.CreateAsyncScope();
        var ca = await CaTestSupport.CaAsync(app);

        var results = await scope.ServiceProvider.GetRequiredService<IssueCertificate>().RunManyAsync(requests, "test", CancellationToken.None);

        Assert.Equal(60, results.Count(r => r.Outcome == IssueOutcome.Issued));
        Assert.Equal(IssueOutcome.RenewalTooEarly, results[60].Outcome);
        Assert.Equal(IssueOutcome.InvalidIdentifier, results[61].Outcome);
        foreach (var result in results.Where(r => r.Outcome == IssueOutcome.Issued))
        {
            using var certificate = X509CertificateLoader.LoadCertificate(result.Certificate!.Der);
            Assert.Equal(result.Certificate.Serial, certificate.SerialNumberBytes.ToArray());
            Assert.Equal(result.Certificate.NotBefore.UtcDateTime, certificate.NotBefore.ToUniversalTime());
            Assert.Equal(result.Certificate.NotAfter.UtcDateTime, certificate.NotAfter.ToUniversalTime());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca.Root);
            chain.ChainPolicy.ExtraStore.Add(ca.Issuing);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(certificate), string.Join(", ", chain.ChainStatus.Select(c => c.StatusInformation)));
        }

        var verification = await scope.ServiceProvider.GetRequiredService<Muhur.Server.Features.Audit.VerifyAuditLog>().RunAsync(CancellationToken.None);
        Assert.True(verification.IsIntact);
    }

    [Fact]
    public async Task ChangeStatus_FullLifecycle_IsIdempotentAndRevocationIsFinal()
    {
        var certificate = await CaTestSupport.IssueAsync(app, "12345678950", "Durum Üniversitesi");
        var serial = certificate.Serial;

        var suspended = await CaTestSupport.ChangeAsync(app, serial, StatusChangeKind.Suspend);
        var suspendedAgain = await CaTestSupport.ChangeAsync(app, serial, StatusChangeKind.Suspend);
        var reinstated = await CaTestSupport.ChangeAsync(app, serial, StatusChangeKind.Reinstate);
        var revoked = await CaTestSupport.ChangeAsync(app, serial, StatusChangeKind.Revoke, X509RevocationReason.KeyCompromise);
        var revokedAgain = await CaTestSupport.ChangeAsync(app, serial, StatusChangeKind.Revoke, X509RevocationReason.KeyCompromise);
        var back = await CaTestSupport.ChangeAsync(app, serial, StatusChangeKind.Reinstate);

        Assert.Equal((StatusChangeOutcome.Changed, CertificateStatus.Suspended), (suspended.Outcome, suspended.Status));
        Assert.Equal((StatusChangeOutcome.Unchanged, CertificateStatus.Suspended), (suspendedAgain.Outcome, suspendedAgain.Status));
        Assert.Equal((StatusChangeOutcome.Changed, CertificateStatus.Good), (reinstated.Outcome, reinstated.Status));
        Assert.Equal((StatusChangeOutcome.Changed, CertificateStatus.Revoked, X509RevocationReason.KeyCompromise), (revoked.Outcome, revoked.Status, revoked.Reason));
        Assert.Equal(revoked with { Outcome = StatusChangeOutcome.Unchanged }, revokedAgain);
        Assert.Equal((StatusChangeOutcome.Refused, CertificateStatus.Revoked), (back.Outcome, back.Status));
        Assert.Equal(3, await app.Database.ScalarAsync<long>("SELECT count(*) FROM certificate_status_changes WHERE serial = $1", serial));
        Assert.Equal(3, await app.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE subject = $1 AND action <> 'certificate.issued'", $"certificate:{certificate.SerialHex}"));
    }

    [Fact]
    public async Task Crl_AfterRevocation_IsServedWithEntryReasonAndCacheHeaders()
    {
        var certificate = await CaTestSupport.IssueAsync(app, "11111111110", "SİL Üniversitesi");
        await CaTestSupport.ChangeAsync(app, certificate.Serial, StatusChangeKind.Revoke, X509RevocationReason.AffiliationChanged);
        var published = await CaTestSupport.PublishAsync(app, forceFull: true);
        var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync("/crl/nitelikli.crl");
        var der = await response.Content.ReadAsByteArrayAsync();
        var crl = CertificateRevocationListBuilder.Load(der, out var number);
        var notModified = new HttpRequestMessage(HttpMethod.Get, "/crl/nitelikli.crl");
        notModified.Headers.IfNoneMatch.ParseAdd(response.Headers.ETag!.Tag);
        var second = await client.SendAsync(notModified);

        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(published.FullNumber, (long)number);
        Assert.True(crl.RemoveEntry(certificate.Serial));
        Assert.StartsWith("public, max-age=", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/crl/kok.crl")).StatusCode);
    }

    [Fact]
    public async Task DeltaCrl_AfterSuspensionAndLift_CarriesHoldThenRemoveFromCrl()
    {
        var certificate = await CaTestSupport.IssueAsync(app, "12345678950", "Delta Üniversitesi");
        var full = await CaTestSupport.PublishAsync(app, forceFull: true);
        var directory = await CaTestSupport.WriteChainAsync(app);
        var client = app.CreateBrowserLikeClient();

        await CaTestSupport.ChangeAsync(app, certificate.Serial, StatusChangeKind.Suspend);
        var firstDelta = await CaTestSupport.PublishAsync(app, forceFull: false);
        var held = await client.GetByteArrayAsync("/crl/nitelikli-delta.crl");
        await CaTestSupport.ChangeAsync(app, certificate.Serial, StatusChangeKind.Reinstate);
        var secondDelta = await CaTestSupport.PublishAsync(app, forceFull: false);
        var lifted = await client.GetByteArrayAsync("/crl/nitelikli-delta.crl");
        await File.WriteAllBytesAsync(Path.Combine(directory, "held.crl"), held);
        await File.WriteAllBytesAsync(Path.Combine(directory, "lifted.crl"), lifted);
        var heldText = await Tool.OpenSslAsync("crl", "-inform", "DER", "-in", Path.Combine(directory, "held.crl"), "-noout", "-text", "-CAfile", Path.Combine(directory, "chain.pem"));
        var liftedText = await Tool.OpenSslAsync("crl", "-inform", "DER", "-in", Path.Combine(directory, "lifted.crl"), "-noout", "-text", "-CAfile", Path.Combine(directory, "chain.pem"));

        Assert.NotNull(firstDelta.DeltaNumber);
        Assert.NotNull(secondDelta.DeltaNumber);
        Assert.Contains("verify OK", heldText.All, StringComparison.Ordinal);
        Assert.Contains("Delta CRL Indicator", heldText.All, StringComparison.Ordinal);
        Assert.Contains(full.FullNumber!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), heldText.Output, StringComparison.Ordinal);
        Assert.Contains(certificate.SerialHex, heldText.Output.Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant(), StringComparison.Ordinal);
        Assert.Contains("Certificate Hold", heldText.Output, StringComparison.Ordinal);
        Assert.Contains("Remove From CRL", liftedText.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslVerify_WithCrlCheck_AcceptsGoodThenReportsRevoked()
    {
        var certificate = await CaTestSupport.IssueAsync(app, "99000000042", "Doğrulama Üniversitesi");
        var directory = await CaTestSupport.WriteChainAsync(app);
        var leaf = Path.Combine(directory, "leaf.pem");
        await File.WriteAllTextAsync(leaf, CaTestSupport.Pem(certificate.Der));
        var client = app.CreateBrowserLikeClient();

        async Task<Tool.Result> VerifyAsync()
        {
            var crls = Path.Combine(directory, "crls.pem");
            var issuingCrl = await client.GetByteArrayAsync("/crl/nitelikli.crl");
            var rootCrl = await client.GetByteArrayAsync("/crl/kok.crl");
            await File.WriteAllTextAsync(crls, CaTestSupport.Pem(issuingCrl, "X509 CRL") + CaTestSupport.Pem(rootCrl, "X509 CRL"));
            return await Tool.OpenSslAsync("verify", "-crl_check_all", "-CAfile", Path.Combine(directory, "chain.pem"), "-CRLfile", crls, leaf);
        }

        await CaTestSupport.PublishAsync(app, forceFull: true);
        var good = await VerifyAsync();
        await CaTestSupport.ChangeAsync(app, certificate.Serial, StatusChangeKind.Revoke, X509RevocationReason.KeyCompromise);
        await CaTestSupport.PublishAsync(app, forceFull: true);
        var revoked = await VerifyAsync();

        Assert.True(good.ExitCode == 0, good.All);
        Assert.Contains(": OK", good.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, revoked.ExitCode);
        Assert.Contains("certificate revoked", revoked.All, StringComparison.Ordinal);
    }
}
