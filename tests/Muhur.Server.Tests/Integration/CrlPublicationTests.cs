using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Muhur.Server.Features.Certificates;
using Muhur.Server.Tests.Infrastructure;

namespace Muhur.Server.Tests.Integration;

// R-CA-3, RFC 5280 §5.2.4: under steady status changes the deltas follow one another on the served full CRL,
// which is rebuilt only when due and is never missing from /crl/nitelikli.crl.
public class CrlPublicationTests(MuhurAppFactory app) : IClassFixture<MuhurAppFactory>
{
    private const string CrlNumberOid = "2.5.29.20";
    private const string DeltaCrlIndicatorOid = "2.5.29.27";

    [Fact]
    public async Task ManyDeltaTicks_FullCrlStaysServedUnchangedAndDeltasPointAtIt()
    {
        // Arrange: a few holders, one full CRL, and a client polling the full CRL throughout.
        var holders = new List<IssuedCertificate>();
        for (var i = 0; i < 4; i++)
        {
            holders.Add(await CaTestSupport.IssueAsync(app, "12345678950", $"SİL Döngüsü {i}"));
        }

        var full = await CaTestSupport.PublishAsync(app, forceFull: true);
        var client = app.CreateBrowserLikeClient();
        var served = await client.GetByteArrayAsync("/crl/nitelikli.crl");
        var failures = new ConcurrentBag<string>();
        var polls = 0;
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            using var pollingClient = app.CreateBrowserLikeClient();
            while (!stop.IsCancellationRequested)
            {
                var response = await pollingClient.GetAsync("/crl/nitelikli.crl", CancellationToken.None);
                var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "application/pkix-crl" || !body.AsSpan().SequenceEqual(served))
                {
                    failures.Add($"{(int)response.StatusCode} {response.Content.Headers.ContentType} ({body.Length} bytes)");
                }

                Interlocked.Increment(ref polls);
            }
        });

        // Act: far more delta ticks than the five numbers the old pruning kept, each after a status change.
        var ticks = new List<(long? Full, long? DeltaNumber, long? Base, byte[] Served, byte[] DeltaDer)>();
        for (var tick = 0; tick < 16; tick++)
        {
            var holder = holders[tick % holders.Count];
            await CaTestSupport.ChangeAsync(app, holder.Serial, tick / holders.Count % 2 == 0 ? StatusChangeKind.Suspend : StatusChangeKind.Reinstate);
            var published = await CaTestSupport.PublishAsync(app, forceFull: false);
            ticks.Add((published.FullNumber, published.DeltaNumber, published.DeltaBaseNumber,
                await client.GetByteArrayAsync("/crl/nitelikli.crl"), await client.GetByteArrayAsync("/crl/nitelikli-delta.crl")));
        }

        await stop.CancelAsync();
        await poller;
        var kept = await app.Database.ScalarAsync<long>(
            "SELECT count(*) FROM crls c JOIN ca_certificates a ON a.id = c.issuer_id WHERE a.role = 'Issuing' AND c.base_number IS NOT NULL");

        // Assert: no new full CRL, the very same signed bytes served, and every delta on that base.
        Assert.All(ticks, t =>
        {
            Assert.Null(t.Full);
            Assert.NotNull(t.DeltaNumber);
            Assert.Equal(full.FullNumber, t.Base);
            Assert.Equal(served, t.Served);
            Assert.Equal(t.DeltaNumber, ExtensionInteger(t.DeltaDer, CrlNumberOid));
            Assert.Equal(full.FullNumber, ExtensionInteger(t.DeltaDer, DeltaCrlIndicatorOid));
        });
        Assert.True(polls > 0);
        Assert.Empty(failures);
        Assert.Equal(Muhur.Server.Features.Revocation.PublishCrl.KeptDeltaCrls, kept);
    }

    [Fact]
    public async Task FullCrlDue_IsRebuiltAndTheNextDeltaPointsAtTheNewBase()
    {
        // Arrange: a full CRL that has reached its interval (6 h), and a change after it.
        var holder = await CaTestSupport.IssueAsync(app, "10000000146", "SİL Takvimi");
        var first = await CaTestSupport.PublishAsync(app, forceFull: true);
        var client = app.CreateBrowserLikeClient();
        await CaTestSupport.ChangeAsync(app, holder.Serial, StatusChangeKind.Suspend);
        var beforeDue = await CaTestSupport.PublishAsync(app, forceFull: false);
        await app.Database.ExecuteAsync("UPDATE crls SET this_update = this_update - interval '7 hours' WHERE number = $1 AND base_number IS NULL", first.FullNumber!.Value);

        // Act
        var due = await CaTestSupport.PublishAsync(app, forceFull: false);
        var servedFull = await client.GetByteArrayAsync("/crl/nitelikli.crl");
        await CaTestSupport.ChangeAsync(app, holder.Serial, StatusChangeKind.Reinstate);
        var delta = await CaTestSupport.PublishAsync(app, forceFull: false);
        var servedDelta = await client.GetByteArrayAsync("/crl/nitelikli-delta.crl");

        // Assert
        Assert.Null(beforeDue.FullNumber);
        Assert.Equal(first.FullNumber, beforeDue.DeltaBaseNumber);
        Assert.NotNull(due.FullNumber);
        Assert.True(due.FullNumber > beforeDue.DeltaNumber);
        Assert.Equal(due.FullNumber, ExtensionInteger(servedFull, CrlNumberOid));
        Assert.True(CertificateRevocationListBuilder.Load(servedFull, out _).RemoveEntry(holder.Serial));
        Assert.Equal(due.FullNumber, delta.DeltaBaseNumber);
        Assert.Equal(delta.DeltaNumber, ExtensionInteger(servedDelta, CrlNumberOid));
        Assert.Equal(due.FullNumber, ExtensionInteger(servedDelta, DeltaCrlIndicatorOid));
        Assert.Equal($"delta #{delta.DeltaNumber} on base #{due.FullNumber}, 1 entries", delta.Describe());
    }

    /// <summary>An INTEGER-valued CRL extension: cRLNumber (RFC 5280 §5.2.3) or deltaCRLIndicator's BaseCRLNumber (§5.2.4).</summary>
    private static long? ExtensionInteger(byte[] der, string oid)
    {
        var tbs = new AsnReader(der, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        while (tbs.HasData)
        {
            var tag = tbs.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific || tag.TagValue != 0)
            {
                tbs.ReadEncodedValue();
                continue;
            }

            var extensions = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            while (extensions.HasData)
            {
                var extension = extensions.ReadSequence();
                if (extension.ReadObjectIdentifier() != oid)
                {
                    continue;
                }

                if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                {
                    extension.ReadBoolean();
                }

                return (long)new AsnReader(extension.ReadOctetString(), AsnEncodingRules.DER).ReadInteger();
            }
        }

        return null;
    }
}
