using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Muhur.Server.Features.Applications;
using Muhur.Server.Features.CardProduction;
using Muhur.Server.Features.Cards;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-CARD-1, issue 11 item 4: the card and its application are recorded together or not at all. An application cancelled
// while its card was being made is not linked, its card not recorded, and the certificate already issued is revoked at
// once, audited; the others of the batch are recorded. On the production path without the token (keys made beforehand).
public class ApprovedProductionRecordingTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    [Fact]
    public async Task RunMany_ApplicationCancelledWhileItsCardIsMade_NotRecordedCertificateRevokedOthersRecorded()
    {
        // Arrange
        var (cancelledId, cancelledHolder, _) = await ApprovedApplicationSupport.OpenAsync(app, "Kayıt Sırası Üniversitesi");
        var (keptId, _, _) = await ApprovedApplicationSupport.OpenAsync(app, "Kayıt Sırası Üniversitesi");
        using var cancelledKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var keptKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cancelling = new CancelledWhileWriting(new PremadeKeyMedium(new PublicKey(cancelledKey)), app, cancelledId);
        using var kept = new PremadeKeyMedium(new PublicKey(keptKey));
        IReadOnlyList<ApprovedCardResult> results;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Act
            results = await scope.ServiceProvider.GetRequiredService<ProduceApprovedCard>().RunManyAsync(
                [(cancelledId, cancelling), (keptId, kept)], "staff:merkez.operator", CancellationToken.None);
        }

        // Assert
        Assert.Equal(ProduceCardOutcome.RecordRefused, results[0].Card!.Outcome);
        Assert.Equal(ApplicationStateRules.RefusedFinished, results[0].Card!.RefusalId);
        Assert.True(results[1].Produced, results[1].OutcomeKey);
        Assert.Equal("Cancelled", await ApprovedApplicationSupport.StateAsync(app, cancelledId));
        Assert.Null(await app.Database.ScalarAsync<string>("SELECT card_serial FROM applications WHERE id = $1", cancelledId));
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM cards WHERE person_id = $1", cancelledHolder.PersonId));
        Assert.Equal("Revoked", await app.Database.ScalarAsync<string>("SELECT status FROM certificates WHERE person_id = $1", cancelledHolder.PersonId));
        Assert.Equal("CardProduced", await ApprovedApplicationSupport.StateAsync(app, keptId));
    }

    /// <summary>The officer cancels the application in another request while its certificate is being written.</summary>
    private sealed class CancelledWhileWriting(PremadeKeyMedium inner, MuhurAppFactory app, Guid applicationId) : ICardMedium
    {
        public string Manufacturer => inner.Manufacturer;

        public string Model => inner.Model;

        public PublicKey GenerateKey(CardCredentials credentials) => inner.GenerateKey(credentials);

        public void WriteCertificate(byte[] der)
        {
            using var scope = app.Services.CreateScope();
            var cancelled = scope.ServiceProvider.GetRequiredService<ChangeApplicationState>()
                .RunAsync(applicationId, ApplicationEvent.Cancel, "staff:kurum.yetkili", "vazgeçti", CancellationToken.None).GetAwaiter().GetResult();
            Assert.True(cancelled!.Changed);
            inner.WriteCertificate(der);
        }

        public void Complete() => inner.Complete();

        public void Abandon() => inner.Abandon();

        public void Dispose() => inner.Dispose();
    }
}
