using System.Buffers;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>
/// Feeds a framer the way a pipe reader would: bytes arrive in chunks, each chunk its own segment,
/// and unconsumed bytes stay in front of the next ones.
/// </summary>
internal sealed class ChunkedSequence
{
    private readonly List<byte[]> _pending = [];

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (!chunk.IsEmpty)
        {
            _pending.Add(chunk.ToArray());
        }
    }

    public ReadOnlySequence<byte> Current => Build(_pending);

    /// <summary>Keeps only what <paramref name="remaining"/> (a slice of <see cref="Current"/>) still holds.</summary>
    public void Consume(ReadOnlySequence<byte> remaining)
    {
        var rest = remaining.ToArray();
        _pending.Clear();
        Append(rest);
    }

    private static ReadOnlySequence<byte> Build(List<byte[]> chunks)
    {
        if (chunks.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(chunks[0], 0);
        var last = first;
        foreach (var chunk in chunks.Skip(1))
        {
            last = last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
