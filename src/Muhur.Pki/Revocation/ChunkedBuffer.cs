namespace Muhur.Pki.Revocation;

/// <summary>
/// Append-only byte buffer made of fixed chunks, so growing never copies what was written: a million CRL entries cost
/// their encoded size plus one chunk of slack, not the up-to-4x of a doubling array.
/// </summary>
internal sealed class ChunkedBuffer
{
    public const int ChunkSize = 64 * 1024;

    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _used = [];

    public long Length { get; private set; }

    /// <summary>A writable span of exactly <paramref name="size"/> bytes; commit with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, ChunkSize);
        if (_chunks.Count == 0 || ChunkSize - _used[^1] < size)
        {
            _chunks.Add(new byte[ChunkSize]);
            _used.Add(0);
        }

        return _chunks[^1].AsSpan(_used[^1], size);
    }

    public void Advance(int count)
    {
        _used[^1] += count;
        Length += count;
    }

    /// <summary>The written bytes, chunk by chunk, for hashing and writing without one contiguous copy.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Segments()
    {
        for (int i = 0; i < _chunks.Count; i++)
        {
            yield return _chunks[i].AsMemory(0, _used[i]);
        }
    }
}
