namespace Muhur.SmartCard.Tests;

// R-CARD-4, R-CARD-5: signatures made on the card become DER ECDSA-Sig-Value for X.509 and CMS.
public sealed class EcdsaSignatureTests
{
    [Fact]
    public void ToDer_HighBitAndLeadingZero_MinimalPositiveIntegers()
    {
        // Arrange: r has its high bit set (needs a 0x00 pad to stay positive), s has leading zeros (must be
        // dropped) — the two cases RFC 3279 §2.2.3 / X.690 §8.3.2 DER INTEGER rules decide.
        byte[] raw = [0x80, 0x01, 0x00, 0x00, 0x00, 0x7F];

        // Act
        var der = EcdsaSignature.ToDer(raw);

        // Assert
        Assert.Equal([0x30, 0x09, 0x02, 0x04, 0x00, 0x80, 0x01, 0x00, 0x02, 0x01, 0x7F], der);
    }

    [Fact]
    public void ToDer_OddLength_ThrowsArgumentException()
    {
        // Act and Assert: r || s always has an even length.
        Assert.Throws<ArgumentException>(() => EcdsaSignature.ToDer([1, 2, 3]));
    }
}
