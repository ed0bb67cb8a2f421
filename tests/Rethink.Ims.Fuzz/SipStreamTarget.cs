using System.Buffers;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Fuzz;

/// <summary>
/// SIP over a stream (TCP, TLS): <see cref="SipStreamFramer"/> over the input as it would arrive in
/// one read, and in reads of odd sizes held as a multi-segment sequence (the System.IO.Pipelines way).
/// Law: the messages framed do not depend on how the bytes were cut into reads (keep-alives may:
/// a CRLF CRLF ping cut in half shows up as a pong and a ping, by design).
/// </summary>
internal static class SipStreamTarget
{
    private static readonly int[] ReadSizes = [1, 3, 7, 16, 61, 200, 2];

    public static void Run(byte[] input)
    {
        foreach (var options in new[] { new SipParserOptions(), SipDatagramTarget.Tight })
        {
            var whole = Frame(input, [input.Length], options);
            var cut = Frame(input, ReadSizes, options);
            if (!whole.SequenceEqual(cut))
            {
                throw new LawViolationException(
                    $"framing depends on the reads:\nin one read:\n  {string.Join("\n  ", whole)}\nin small reads:\n  {string.Join("\n  ", cut)}");
            }
        }
    }

    /// <summary>Frames the input as reads of the given sizes (cycled); describes every message frame.</summary>
    private static List<string> Frame(byte[] input, int[] sizes, SipParserOptions options)
    {
        var framer = new SipStreamFramer(options);
        var frames = new List<string>();
        Segment? first = null;
        Segment? last = null;
        var offset = 0;
        var consumed = 0L;
        for (var i = 0; offset < input.Length; i++)
        {
            var size = Math.Min(sizes[i % sizes.Length], input.Length - offset);
            var memory = input.AsMemory(offset, size);
            offset += size;
            last = last is null ? new Segment(memory, 0) : last.Append(memory);
            first ??= last;

            // The unread bytes: from where the framer left off to all that has arrived.
            var all = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
            var buffer = all.Slice(consumed);
            while (framer.TryReadFrame(ref buffer, out var frame))
            {
                if (frame.Kind != SipFrameKind.Message)
                {
                    continue;
                }

                frames.Add(Describe(frame.Result));
                if (frame.Result.Failure is { CloseConnection: true })
                {
                    return frames;
                }
            }

            consumed = all.Length - buffer.Length;
        }

        return frames;
    }

    private static string Describe(SipParseResult result)
    {
        if (result.Message is { } message)
        {
            using (message)
            {
                SipReaders.ReadAll(message);
                return "message " + SipDatagramTarget.Show(SipMessageWriter.ToArray(message));
            }
        }

        var failure = result.Failure!;
        using (failure.Request)
        {
            if (failure.Request is { } request)
            {
                SipReaders.ReadAll(request);
            }

            return $"failure {failure.Error} {failure.Disposition} {failure.StatusCode} close={failure.CloseConnection} request={failure.Request is not null}";
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
