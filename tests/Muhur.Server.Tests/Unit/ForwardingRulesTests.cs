using Muhur.Server.Features.Forwarding;

namespace Muhur.Server.Tests.Unit;

// R-APP-9: the pure rules of forwarding: the default letter number, the unit/title cell of the cover letter, the letter's
// file name, and a batch's life (prepared → sent → received, or prepared → cancelled; nothing else).
public class ForwardingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("ORNEK-UNI", 2026, 1L, "ORNEK-UNI-2026-000001")]
    [InlineData("BASKA-TEK", 2027, 123456L, "BASKA-TEK-2027-123456")]
    public void LetterNumber_CodeYearSequence_IsZeroPadded(string code, int year, long sequence, string expected)
    {
        // Act
        var number = CreateForwardingBatch.LetterNumber(code, year, sequence);

        // Assert
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("Hukuk Fakültesi", "Doç. Dr.", "Hukuk Fakültesi / Doç. Dr.")]
    [InlineData("Hukuk Fakültesi", null, "Hukuk Fakültesi")]
    [InlineData(null, "Prof. Dr.", "Prof. Dr.")]
    [InlineData(" ", null, null)]
    public void UnitAndTitle_EitherPart_JoinedOrNull(string? unit, string? title, string? expected)
    {
        // Act
        var cell = CreateForwardingBatch.UnitAndTitle(unit, title);

        // Assert
        Assert.Equal(expected, cell);
    }

    [Theory]
    [InlineData("ORNEK-UNI-2026-000001", "ORNEK-UNI-2026-000001")]
    [InlineData("BİDB/2026 12", "B-DB-2026-12")]
    public void FileNamePart_LetterNumber_OnlyAsciiLettersDigitsAndHyphens(string letterNumber, string expected)
    {
        // Act
        var part = LetterPdfModel.FileNamePart(letterNumber);

        // Assert
        Assert.Equal(expected, part);
    }

    [Fact]
    public void Batch_SentThenReceived_MovesThroughItsStates()
    {
        // Arrange
        var batch = ForwardingBatch.Create(Guid.NewGuid(), "ORNEK-UNI-2026-000001", new DateOnly(2026, 12, 3), [1], "staff:kurum.yetkili", Now);
        var prepared = batch.State;

        // Act
        batch.MarkSent("RR123456789TR", "staff:kurum.yetkili", Now.AddHours(1));
        var sent = batch.State;
        batch.MarkReceived("staff:merkez.operator", Now.AddDays(2));

        // Assert
        Assert.Equal(ForwardingBatchState.Prepared, prepared);
        Assert.Equal(ForwardingBatchState.Sent, sent);
        Assert.Equal(ForwardingBatchState.Received, batch.State);
        Assert.Equal("RR123456789TR", batch.CourierReference);
    }

    [Fact]
    public void Batch_OutOfOrder_IsRefused()
    {
        // Arrange
        var sent = ForwardingBatch.Create(Guid.NewGuid(), "A-1", new DateOnly(2026, 12, 3), [1], "staff:a", Now);
        sent.MarkSent(null, "staff:a", Now);
        var cancelled = ForwardingBatch.Create(Guid.NewGuid(), "A-2", new DateOnly(2026, 12, 3), [1], "staff:a", Now);
        cancelled.Cancel("staff:a", Now);
        var prepared = ForwardingBatch.Create(Guid.NewGuid(), "A-3", new DateOnly(2026, 12, 3), [1], "staff:a", Now);

        // Act + Assert: a sent batch is not cancelled or sent again; a cancelled one is not sent; an unsent one is not received.
        Assert.Throws<InvalidOperationException>(() => sent.Cancel("staff:a", Now));
        Assert.Throws<InvalidOperationException>(() => sent.MarkSent(null, "staff:a", Now));
        Assert.Throws<InvalidOperationException>(() => cancelled.MarkSent(null, "staff:a", Now));
        Assert.Throws<InvalidOperationException>(() => prepared.MarkReceived("staff:m", Now));
        Assert.Equal(ForwardingBatchState.Cancelled, cancelled.State);
    }
}
