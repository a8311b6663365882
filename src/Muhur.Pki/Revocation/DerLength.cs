namespace Muhur.Pki.Revocation;

/// <summary>DER tag-and-length headers (X.690 §8.1.3, definite form) for content whose length is known only afterwards.</summary>
internal static class DerLength
{
    public static int HeaderSize(long contentLength) => 1 + LengthSize(contentLength);

    /// <summary>The tag and length octets of a DER element with <paramref name="contentLength"/> content octets.</summary>
    public static byte[] Header(byte tag, long contentLength)
    {
        byte[] header = new byte[HeaderSize(contentLength)];
        WriteHeader(header, tag, contentLength);
        return header;
    }

    /// <summary>Writes tag and length at the start of <paramref name="destination"/> and returns the rest.</summary>
    public static Span<byte> WriteHeader(Span<byte> destination, byte tag, long contentLength)
    {
        int size = HeaderSize(contentLength);
        WriteHeaderInto(destination[..size], tag, contentLength);
        return destination[size..];
    }

    /// <summary>Fills an exactly-sized span with the header and returns it.</summary>
    public static ReadOnlySpan<byte> WriteHeaderInto(this Span<byte> header, byte tag, long contentLength)
    {
        header[0] = tag;
        if (contentLength < 0x80)
        {
            header[1] = (byte)contentLength;
            return header;
        }

        int octets = LengthSize(contentLength) - 1;
        header[1] = (byte)(0x80 | octets);
        for (int i = 0; i < octets; i++)
        {
            header[1 + octets - i] = (byte)(contentLength >> (8 * i));
        }

        return header;
    }

    private static int LengthSize(long contentLength)
    {
        if (contentLength < 0x80)
        {
            return 1;
        }

        int octets = 0;
        for (long value = contentLength; value != 0; value >>= 8)
        {
            octets++;
        }

        return 1 + octets;
    }
}
