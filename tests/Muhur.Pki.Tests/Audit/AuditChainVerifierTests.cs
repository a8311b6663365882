using Muhur.Pki.Audit;

namespace Muhur.Pki.Tests.Audit;

// R-CA-4: the audit log is tamper-evident; the verifier finds any edited or deleted entry.
public class AuditChainVerifierTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private static List<AuditRecord> BuildChain(int length)
    {
        var records = new List<AuditRecord>();
        AuditRecord? previous = null;
        for (var i = 0; i < length; i++)
        {
            previous = AuditChain.Next(previous, Start.AddSeconds(i), "kurum.yetkili", "person.registered", $"person:{i}", "{\"unit\":\"Bilgi İşlem\"}");
            records.Add(previous);
        }

        return records;
    }

    [Fact]
    public void Verify_UntouchedChain_IsIntact()
    {
        var chain = BuildChain(50);

        var result = AuditChainVerifier.Verify(chain);

        Assert.True(result.IsIntact);
        Assert.Equal(50, result.EntriesChecked);
        Assert.Equal(chain[^1].Hash, result.HeadHash);
    }

    [Fact]
    public void Verify_EmptyLog_IsIntact()
    {
        var result = AuditChainVerifier.Verify([]);

        Assert.True(result.IsIntact);
        Assert.Equal(0, result.EntriesChecked);
    }

    [Theory]
    [InlineData("actor")]
    [InlineData("action")]
    [InlineData("subject")]
    [InlineData("details")]
    [InlineData("time")]
    public void Verify_EditedField_ReportsEntryEditedAtThatEntry(string field)
    {
        var chain = BuildChain(10);
        var original = chain[4];
        chain[4] = field switch
        {
            "actor" => original with { Actor = "saldirgan" },
            "action" => original with { Action = "person.deleted" },
            "subject" => original with { Subject = "person:999" },
            "details" => original with { Details = "{\"unit\":\"Bilgi Islem\"}" },
            _ => original with { OccurredAt = original.OccurredAt.AddMinutes(-1) },
        };

        var result = AuditChainVerifier.Verify(chain);

        Assert.False(result.IsIntact);
        Assert.Equal(AuditChainFault.EntryEdited, result.Fault);
        Assert.Equal(5, result.FaultSequence);
    }

    [Fact]
    public void Verify_EditedEntryWithRecomputedHash_ReportsBrokenLinkAtNextEntry()
    {
        var chain = BuildChain(10);
        var original = chain[4];
        var forgedHash = AuditChain.ComputeHash(original.PreviousHash, original.Sequence, original.OccurredAt, "saldirgan", original.Action, original.Subject, original.Details);
        chain[4] = original with { Actor = "saldirgan", Hash = forgedHash };

        var result = AuditChainVerifier.Verify(chain);

        Assert.False(result.IsIntact);
        Assert.Equal(AuditChainFault.LinkBroken, result.Fault);
        Assert.Equal(6, result.FaultSequence);
    }

    [Fact]
    public void Verify_DeletedMiddleEntry_ReportsEntryMissing()
    {
        var chain = BuildChain(10);
        chain.RemoveAt(3);

        var result = AuditChainVerifier.Verify(chain);

        Assert.False(result.IsIntact);
        Assert.Equal(AuditChainFault.EntryMissing, result.Fault);
        Assert.Equal(4, result.FaultSequence);
    }

    [Fact]
    public void Verify_DeletedFirstEntry_ReportsEntryMissing()
    {
        var chain = BuildChain(3);
        chain.RemoveAt(0);

        var result = AuditChainVerifier.Verify(chain);

        Assert.Equal(AuditChainFault.EntryMissing, result.Fault);
        Assert.Equal(1, result.FaultSequence);
    }

    [Fact]
    public void Verify_DeletedTailWithCheckpoint_ReportsHeadMismatch()
    {
        var chain = BuildChain(10);
        var checkpoint = (chain[^1].Sequence, chain[^1].Hash);
        chain.RemoveAt(chain.Count - 1);

        var result = AuditChainVerifier.Verify(chain, checkpoint);

        Assert.False(result.IsIntact);
        Assert.Equal(AuditChainFault.HeadMismatch, result.Fault);
    }

    [Fact]
    public void Verify_ChainGrownPastCheckpoint_IsIntact()
    {
        var chain = BuildChain(10);
        var checkpoint = (chain[5].Sequence, chain[5].Hash);

        var result = AuditChainVerifier.Verify(chain, checkpoint);

        Assert.True(result.IsIntact);
    }

    [Fact]
    public void ComputeHash_FieldBoundaryMoved_ChangesHash()
    {
        var genesis = AuditChain.Genesis.ToArray();

        var a = AuditChain.ComputeHash(genesis, 1, Start, "ab", "c", null, null);
        var b = AuditChain.ComputeHash(genesis, 1, Start, "a", "bc", null, null);
        var c = AuditChain.ComputeHash(genesis, 1, Start, "a", "bc", string.Empty, null);

        Assert.NotEqual(a, b);
        Assert.NotEqual(b, c);
    }
}
