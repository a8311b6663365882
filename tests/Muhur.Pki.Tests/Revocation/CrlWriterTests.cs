using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Muhur.Pki.Revocation;
using Muhur.Pki.Tests.Support;

namespace Muhur.Pki.Tests.Revocation;

/// <summary>R-CA-3 (CRL publication) and R-CA-2 (hold, removeFromCRL): CRLs per RFC 5280 §5, checked with AsnReader, .NET's CRL loader and openssl.</summary>
public sealed class CrlWriterTests(CaFixture ca) : IClassFixture<CaFixture>
{
    private static readonly Uri CrlUrl = new("http://127.0.0.1:5080/crl/nitelikli.crl");
    private static readonly Uri DeltaUrl = new("http://127.0.0.1:5080/crl/nitelikli-delta.crl");

    [Fact]
    public void WriteFull_ThreeEntries_EncodesEntriesReasonsAndExtensions()
    {
        // Arrange
        DateTimeOffset revokedAt = ca.Now.AddHours(-5);
        RevokedEntry[] entries =
        [
            new(new BigInteger(0x1234), revokedAt, CrlReason.KeyCompromise, ca.Now.AddDays(-2)),
            new(new BigInteger(0x7F00FF), revokedAt, CrlReason.CertificateHold),
            new(new BigInteger(5), revokedAt, CrlReason.Unspecified),
        ];

        // Act
        byte[] crl = Writer().BuildFull(Parameters(42), entries);

        // Assert
        AsnReader tbs = new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        Assert.Equal(1, (int)tbs.ReadInteger());
        Assert.Equal(ca.IssuingKey.SignatureAlgorithmIdentifier.ToArray(), tbs.ReadEncodedValue().ToArray());
        Assert.Equal(ca.Issuing.SubjectName.RawData, tbs.ReadEncodedValue().ToArray());
        Assert.Equal(ca.Now, tbs.ReadUtcTime());
        Assert.Equal(ca.Now.AddDays(1), tbs.ReadUtcTime());

        AsnReader revoked = tbs.ReadSequence();
        AsnReader first = revoked.ReadSequence();
        Assert.Equal(new BigInteger(0x1234), first.ReadInteger());
        Assert.Equal(revokedAt, first.ReadUtcTime());
        AsnReader firstExtensions = first.ReadSequence();
        AssertReason(firstExtensions.ReadSequence(), 1);
        AsnReader invalidity = firstExtensions.ReadSequence();
        Assert.Equal("2.5.29.24", invalidity.ReadObjectIdentifier());
        Assert.Equal(ca.Now.AddDays(-2),
            new AsnReader(invalidity.ReadOctetString(), AsnEncodingRules.DER).ReadGeneralizedTime());

        AsnReader second = revoked.ReadSequence();
        Assert.Equal(new BigInteger(0x7F00FF), second.ReadInteger());
        second.ReadUtcTime();
        AssertReason(second.ReadSequence().ReadSequence(), 6);

        AsnReader third = revoked.ReadSequence();
        third.ReadInteger();
        third.ReadUtcTime();
        Assert.False(third.HasData); // RFC 5280 §5.3.1: unspecified is omitted.
        Assert.False(revoked.HasData);

        Dictionary<string, (bool Critical, byte[] Value)> extensions = ReadCrlExtensions(tbs);
        Assert.Equal(new BigInteger(42), new AsnReader(extensions["2.5.29.20"].Value, AsnEncodingRules.DER).ReadInteger());
        Assert.False(extensions["2.5.29.20"].Critical);
        var aki = new X509AuthorityKeyIdentifierExtension(extensions["2.5.29.35"].Value, false);
        var issuerSki = (X509SubjectKeyIdentifierExtension)Der.Extension(ca.Issuing, "2.5.29.14");
        Assert.Equal(Convert.FromHexString(issuerSki.SubjectKeyIdentifier!), aki.KeyIdentifier!.Value.ToArray());
        Assert.True(extensions["2.5.29.28"].Critical);
        AsnReader idp = new AsnReader(extensions["2.5.29.28"].Value, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(CrlUrl.AbsoluteUri, idp.ReadSequence(Ctx(0)).ReadSequence(Ctx(0))
            .ReadCharacterString(UniversalTagNumber.IA5String, Ctx(6)));
        Assert.True(idp.ReadBoolean(Ctx(1)));
        Assert.False(extensions.ContainsKey("2.5.29.27"));
    }

    [Fact]
    public void WriteFull_ThreeEntries_DotNetLoaderReadsNumberAndEntries()
    {
        // Arrange
        RevokedEntry[] entries =
        [
            new(new BigInteger(101), ca.Now, CrlReason.Superseded),
            new(new BigInteger(102), ca.Now, CrlReason.CessationOfOperation),
        ];
        byte[] crl = Writer().BuildFull(Parameters(7), entries);

        // Act
        CertificateRevocationListBuilder loaded = CertificateRevocationListBuilder.Load(crl, out BigInteger number);

        // Assert: RemoveEntry only succeeds for serials that the loader found in the list.
        Assert.Equal(new BigInteger(7), number);
        Assert.True(loaded.RemoveEntry(new BigInteger(101).ToByteArray(isUnsigned: false, isBigEndian: true)));
        Assert.True(loaded.RemoveEntry(new BigInteger(102).ToByteArray(isUnsigned: false, isBigEndian: true)));
        Assert.False(loaded.RemoveEntry(new BigInteger(103).ToByteArray(isUnsigned: false, isBigEndian: true)));
    }

    [Fact]
    public void WriteFull_Entries_OpenSslShowsThemAndVerifiesSignature()
    {
        // Arrange
        RevokedEntry[] entries =
        [
            new(Convert.FromHexString("0A1B2C3D4E5F"), ca.Now.AddHours(-1), CrlReason.KeyCompromise),
            new(Convert.FromHexString("7FEEDDCC"), ca.Now.AddHours(-2), CrlReason.CertificateHold),
        ];
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("full.crl"), Writer().BuildFull(Parameters(3), entries));
        File.WriteAllBytes(temp.File("issuing.pem"), Der.Pem("CERTIFICATE", ca.Issuing.RawData));

        // Act
        OpenSslResult result = OpenSsl.Run(temp.Path, "crl", "-inform", "DER", "-in", "full.crl", "-noout", "-text",
            "-CAfile", "issuing.pem");

        // Assert
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("verify OK", result.All, StringComparison.Ordinal);
        Assert.Contains("Serial Number: 0A1B2C3D4E5F", result.Output, StringComparison.Ordinal);
        Assert.Contains("Key Compromise", result.Output, StringComparison.Ordinal);
        Assert.Contains("Serial Number: 7FEEDDCC", result.Output, StringComparison.Ordinal);
        Assert.Contains("Certificate Hold", result.Output, StringComparison.Ordinal);
        Assert.Contains("X509v3 CRL Number: \n                3", result.Output, StringComparison.Ordinal);
        Assert.Contains("X509v3 Issuing Distribution Point: critical", result.Output, StringComparison.Ordinal);
        Assert.Contains("Only User Certificates", result.Output, StringComparison.Ordinal);
        Assert.Contains(CrlUrl.AbsoluteUri, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteDelta_RemoveFromCrl_OpenSslShowsDeltaIndicatorAndVerifies()
    {
        // Arrange
        RevokedEntry[] entries =
        [
            new(Convert.FromHexString("7FEEDDCC"), ca.Now, CrlReason.RemoveFromCrl),
            new(Convert.FromHexString("0102"), ca.Now, CrlReason.AffiliationChanged),
        ];
        CrlParameters parameters = Parameters(11);
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("delta.crl"), Writer().BuildDelta(parameters, new BigInteger(10), entries));
        File.WriteAllBytes(temp.File("issuing.pem"), Der.Pem("CERTIFICATE", ca.Issuing.RawData));

        // Act
        OpenSslResult result = OpenSsl.Run(temp.Path, "crl", "-inform", "DER", "-in", "delta.crl", "-noout", "-text",
            "-CAfile", "issuing.pem");

        // Assert (RFC 5280 §5.2.4)
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("verify OK", result.All, StringComparison.Ordinal);
        Assert.Contains("X509v3 Delta CRL Indicator: critical\n                10", result.Output, StringComparison.Ordinal);
        Assert.Contains("Remove From CRL", result.Output, StringComparison.Ordinal);
        Assert.Contains("Affiliation Changed", result.Output, StringComparison.Ordinal);
        Assert.Contains("X509v3 CRL Number: \n                11", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFull_WithFreshestCrlUrl_CarriesFreshestCrlNonCriticalAndOpenSslShowsIt()
    {
        // Arrange
        CrlParameters parameters = Parameters(12) with { FreshestCrlUrl = DeltaUrl };
        using var temp = new TempDirectory();
        byte[] crl = Writer().BuildFull(parameters, []);
        File.WriteAllBytes(temp.File("full.crl"), crl);
        File.WriteAllBytes(temp.File("issuing.pem"), Der.Pem("CERTIFICATE", ca.Issuing.RawData));

        // Act
        Dictionary<string, (bool Critical, byte[] Value)> extensions =
            ReadCrlExtensions(SkipToExtensions(new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence()));
        OpenSslResult result = OpenSsl.Run(temp.Path, "crl", "-inform", "DER", "-in", "full.crl", "-noout", "-text",
            "-CAfile", "issuing.pem");

        // Assert (RFC 5280 §5.2.6)
        Assert.False(extensions["2.5.29.46"].Critical);
        Assert.Equal([DeltaUrl.AbsoluteUri], Der.DistributionPointUris(extensions["2.5.29.46"].Value));
        Assert.Contains("verify OK", result.All, StringComparison.Ordinal);
        Assert.Contains("X509v3 Freshest CRL", result.Output, StringComparison.Ordinal);
        Assert.Contains("URI:" + DeltaUrl.AbsoluteUri, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteDelta_WithFreshestCrlUrl_ThrowsBecauseDeltasMustNotCarryIt()
    {
        // Act + Assert (RFC 5280 §5.2.6)
        Assert.Throws<ArgumentException>(
            () => Writer().BuildDelta(Parameters(13) with { FreshestCrlUrl = DeltaUrl }, new BigInteger(12), []));
    }

    [Fact]
    public void WriteDelta_Always_SameIssuingDistributionPointAsItsBaseAndNoFreshestCrl()
    {
        // Arrange
        RevokedEntry[] entries = [new(new BigInteger(3), ca.Now, CrlReason.KeyCompromise)];
        byte[] full = Writer().BuildFull(Parameters(20) with { FreshestCrlUrl = DeltaUrl }, entries);

        // Act
        byte[] delta = Writer().BuildDelta(Parameters(21), new BigInteger(20), entries);

        // Assert (RFC 5280 §5.2.4: same scope means equal issuingDistributionPoint fields)
        var fullExtensions = ReadCrlExtensions(SkipToExtensions(new AsnReader(full, AsnEncodingRules.DER).ReadSequence().ReadSequence()));
        var deltaExtensions = ReadCrlExtensions(SkipToExtensions(new AsnReader(delta, AsnEncodingRules.DER).ReadSequence().ReadSequence()));
        Assert.Equal(fullExtensions["2.5.29.28"].Value, deltaExtensions["2.5.29.28"].Value);
        Assert.False(deltaExtensions.ContainsKey("2.5.29.46"));
        Assert.True(deltaExtensions.ContainsKey("2.5.29.27"));
    }

    [Fact]
    public void WriteFull_RemoveFromCrl_ThrowsBecauseOnlyDeltasMayCarryIt()
    {
        // Arrange
        RevokedEntry[] entries = [new(new BigInteger(9), ca.Now, CrlReason.RemoveFromCrl)];

        // Act + Assert (RFC 5280 §5.3.1)
        Assert.Throws<ArgumentException>(() => Writer().BuildFull(Parameters(1), entries));
    }

    [Fact]
    public void WriteDelta_BaseNotBelowNumber_Throws()
    {
        // Act + Assert (RFC 5280 §5.2.4)
        Assert.Throws<ArgumentException>(() => Writer().BuildDelta(Parameters(5), new BigInteger(5), []));
    }

    [Fact]
    public void WriteFull_NoUrlAndAllCertificates_OmitsIssuingDistributionPoint()
    {
        // Arrange: a root's CRL as the server publishes it, checked by openssl verify -crl_check_all.
        var writer = new CrlWriter(ca.RootKey, ca.Root);
        CrlParameters parameters = Parameters(1) with { DistributionPointUrl = null, Scope = CrlScope.AllCertificates };

        // Act
        byte[] crl = writer.BuildFull(parameters, []);
        AsnReader tbs = new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        for (int i = 0; i < 5; i++)
        {
            tbs.ReadEncodedValue();
        }

        // Assert (RFC 5280 §5.2.5: the IDP extension is optional)
        Dictionary<string, (bool Critical, byte[] Value)> extensions = ReadCrlExtensions(tbs);
        Assert.False(extensions.ContainsKey("2.5.29.28"));
        Assert.True(extensions.ContainsKey("2.5.29.20"));
    }

    [Fact]
    public void WriteFull_RootCrlWithoutEntries_OmitsListStatesCaScopeAndVerifiesWithRoot()
    {
        // Arrange
        var writer = new CrlWriter(ca.RootKey, ca.Root);
        CrlParameters parameters = Parameters(1) with
        {
            DistributionPointUrl = CaFixture.RootCrlUrl,
            Scope = CrlScope.OnlyCaCertificates,
        };
        using var temp = new TempDirectory();
        byte[] crl = writer.BuildFull(parameters, []);
        File.WriteAllBytes(temp.File("root.crl"), crl);
        File.WriteAllBytes(temp.File("root.pem"), Der.Pem("CERTIFICATE", ca.Root.RawData));

        // Act
        OpenSslResult result = OpenSsl.Run(temp.Path, "crl", "-inform", "DER", "-in", "root.crl", "-noout", "-text",
            "-CAfile", "root.pem");

        // Assert (RFC 5280 §5.1.2.6: no empty revokedCertificates)
        AsnReader tbs = new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        for (int i = 0; i < 5; i++)
        {
            tbs.ReadEncodedValue();
        }

        Assert.Equal(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true), tbs.PeekTag());
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("verify OK", result.All, StringComparison.Ordinal);
        Assert.Contains("No Revoked Certificates.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Only CA Certificates", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFull_HundredThousandEntries_AllocatesAboutTheOutputSizeNotPerEntryObjects()
    {
        // Arrange: the producer reuses one serial buffer, as a database reader streaming rows would.
        const int count = 100_000;
        CrlWriter writer = Writer();
        CrlParameters parameters = Parameters(99);

        // Warm-up of the same size: besides JIT, the platform signing path copies its input into an ArrayPool buffer
        // that is allocated on first use of that size and reused afterwards; steady state is what matters here.
        writer.BuildFull(parameters, Entries(count));
        using var output = new MemoryStream(capacity: 8 * 1024 * 1024);

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        writer.WriteFull(output, parameters, Entries(count));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert: chunks (~1x) + contiguous TBS for signing (~1x) + slack; a per-entry AsnWriter or byte[] would
        // cost well over 100 bytes per entry on top.
        long size = output.Length;
        Assert.True(allocated < (3 * size) + (1024 * 1024), $"allocated {allocated} bytes for a {size}-byte CRL");
        CertificateRevocationListBuilder.Load(output.ToArray(), out BigInteger number);
        Assert.Equal(new BigInteger(99), number);
        Assert.Equal(count, CountEntries(output.ToArray()));

        IEnumerable<RevokedEntry> Entries(int n)
        {
            byte[] serial = new byte[16];
            serial[0] = 0x40;
            DateTimeOffset when = ca.Now.AddDays(-1);
            for (int i = 0; i < n; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(serial.AsSpan(12), i);
                yield return new RevokedEntry(serial, when, (i % 3) switch
                {
                    0 => CrlReason.KeyCompromise,
                    1 => CrlReason.CertificateHold,
                    _ => null,
                });
            }
        }
    }

    private CrlWriter Writer() => new(ca.IssuingKey, ca.Issuing);

    private CrlParameters Parameters(int number) => new()
    {
        CrlNumber = number,
        ThisUpdate = ca.Now,
        NextUpdate = ca.Now.AddDays(1),
        DistributionPointUrl = CrlUrl,
    };

    private static Asn1Tag Ctx(int value) => new(TagClass.ContextSpecific, value);

    private static void AssertReason(AsnReader extension, int reason)
    {
        Assert.Equal("2.5.29.21", extension.ReadObjectIdentifier());
        Assert.Equal(reason, (int)new AsnReader(extension.ReadOctetString(), AsnEncodingRules.DER)
            .ReadEnumeratedValue<CrlReason>());
    }

    private static Dictionary<string, (bool Critical, byte[] Value)> ReadCrlExtensions(AsnReader tbs)
    {
        var result = new Dictionary<string, (bool, byte[])>();
        AsnReader extensions = tbs.ReadSequence(Ctx(0)).ReadSequence();
        while (extensions.HasData)
        {
            AsnReader extension = extensions.ReadSequence();
            string oid = extension.ReadObjectIdentifier();
            bool critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            result.Add(oid, (critical, extension.ReadOctetString()));
        }

        return result;
    }

    // version, signature, issuer, thisUpdate, nextUpdate, then revokedCertificates if any.
    private static AsnReader SkipToExtensions(AsnReader tbs)
    {
        for (int i = 0; i < 5; i++)
        {
            tbs.ReadEncodedValue();
        }

        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            tbs.ReadEncodedValue();
        }

        return tbs;
    }

    private static int CountEntries(byte[] crl)
    {
        AsnReader tbs = new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        for (int i = 0; i < 5; i++)
        {
            tbs.ReadEncodedValue();
        }

        AsnReader revoked = tbs.ReadSequence();
        int count = 0;
        while (revoked.HasData)
        {
            revoked.ReadEncodedValue();
            count++;
        }

        return count;
    }
}
