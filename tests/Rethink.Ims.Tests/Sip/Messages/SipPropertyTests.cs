using FsCheck.Xunit;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>Laws of the parser, writer and framer over generated messages, streams and garbage.</summary>
public class SipPropertyTests
{
    private static readonly SipParserOptions Full = new() { Validation = SipValidation.Full };

    [Property(Arbitrary = [typeof(SipGenerators)], MaxTest = 300)]
    public void Parsing_what_the_writer_wrote_gives_back_the_same_message(GeneratedMessage generated)
    {
        var result = SipParser.Parse(generated.Bytes, Full);
        Assert.True(result.IsSuccess, $"{result}\n{generated}");
        using var parsed = result.Message;

        AssertSameMessage(generated.Message, parsed);
        Assert.Equal(generated.Bytes, SipMessageWriter.ToArray(parsed));
    }

    [Property(Arbitrary = [typeof(SipGenerators)], MaxTest = 150)]
    public void The_framer_yields_the_same_messages_whatever_the_reads(GeneratedStream stream)
    {
        var all = new List<byte>();
        for (var i = 0; i < stream.Messages.Count; i++)
        {
            all.AddRange(KeepAlive(stream.KeepAlives[i]));
            all.AddRange(stream.Messages[i].Bytes);
        }

        all.AddRange(KeepAlive(stream.KeepAlives[^1]));
        var bytes = all.ToArray();

        var framer = new SipStreamFramer();
        var chunks = new ChunkedSequence();
        var frames = new List<SipFrame>();
        var offset = 0;
        var read = 0;
        while (offset < bytes.Length)
        {
            var size = Math.Min(stream.ReadSizes[read++ % stream.ReadSizes.Count], bytes.Length - offset);
            chunks.Append(bytes.AsSpan(offset, size));
            offset += size;
            var buffer = chunks.Current;
            while (framer.TryReadFrame(ref buffer, out var frame))
            {
                frames.Add(frame);
            }

            chunks.Consume(buffer);
        }

        // Messages come out whole and in order; pings are seen in the gap they were sent in
        // (a ping cut between its two CRLFs shows up as a pong followed by the ping).
        var messages = frames.Where(f => f.Kind == SipFrameKind.Message).ToList();
        Assert.Equal(stream.Messages.Count, messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            Assert.True(messages[i].Result.IsSuccess, messages[i].Result.ToString());
            Assert.Equal(stream.Messages[i].Bytes, SipMessageWriter.ToArray(messages[i].Result.Message!));
            messages[i].Result.Message!.Dispose();
        }

        var gap = 0;
        var pings = new int[stream.KeepAlives.Count];
        var pongs = new int[stream.KeepAlives.Count];
        foreach (var frame in frames)
        {
            switch (frame.Kind)
            {
                case SipFrameKind.Message:
                    gap++;
                    break;
                case SipFrameKind.Ping:
                    pings[gap]++;
                    break;
                default:
                    pongs[gap]++;
                    break;
            }
        }

        Assert.Equal(stream.KeepAlives.Select(k => k == 2 ? 1 : 0), pings);
        for (var i = 0; i < pongs.Length; i++)
        {
            switch (stream.KeepAlives[i])
            {
                case 0:
                    Assert.Equal(0, pongs[i]);
                    break;
                case 1:
                    Assert.Equal(1, pongs[i]);
                    break;
                default:
                    Assert.InRange(pongs[i], 0, 1);
                    break;
            }
        }

        Assert.Equal(0, chunks.Current.Length);
    }

    [Property(Arbitrary = [typeof(SipGenerators)], MaxTest = 1000)]
    public void Garbage_never_throws_and_allocation_stays_bounded(Garbage garbage)
    {
        var bytes = garbage.Bytes;
        var options = new SipParserOptions();

        // Warm once so type initialisation is not counted.
        SipParser.Parse(bytes, options).Message?.Dispose();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = SipParser.Parse(bytes, options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The message object, a failure with its strings and, at most, an extension method name.
        Assert.True(allocated <= 4096 + (2 * bytes.Length), $"{allocated} bytes allocated for {bytes.Length} input bytes");

        if (result.IsSuccess)
        {
            Rfc4475ConformanceTests.ReadEverything(result.Message);
            SipMessageWriter.ToArray(result.Message);
            result.Message.Dispose();
        }
        else
        {
            Assert.NotEqual(SipParseError.None, result.Failure.Error);
            if (result.Failure.Request is { } request)
            {
                SipMessageWriter.ToArray(SipResponse.CreateFor(request, result.Failure.StatusCode, result.Failure.ReasonPhrase));
            }
        }

        // The same bytes on a stream, whole and cut in two.
        foreach (var split in new[] { bytes.Length, bytes.Length / 2 })
        {
            var framer = new SipStreamFramer(options);
            var chunks = new ChunkedSequence();
            chunks.Append(bytes.AsSpan(0, split));
            var buffer = chunks.Current;
            while (framer.TryReadFrame(ref buffer, out var frame))
            {
                frame.Result.Message?.Dispose();
            }

            chunks.Consume(buffer);
            chunks.Append(bytes.AsSpan(split));
            buffer = chunks.Current;
            while (framer.TryReadFrame(ref buffer, out var frame))
            {
                frame.Result.Message?.Dispose();
            }
        }
    }

    private static byte[] KeepAlive(int kind) => kind switch
    {
        1 => "\r\n"u8.ToArray(),
        2 => "\r\n\r\n"u8.ToArray(),
        _ => [],
    };

    private static void AssertSameMessage(SipMessage expected, SipMessage actual)
    {
        Assert.Equal(expected.IsRequest, actual.IsRequest);
        if (expected is SipRequest request)
        {
            var other = (SipRequest)actual;
            Assert.Equal(request.Method, other.Method);
            Assert.Equal(request.RequestUri.Raw, other.RequestUri.Raw);
            Assert.Equal(request.RequestUri.Scheme, other.RequestUri.Scheme);
        }
        else
        {
            var response = (SipResponse)expected;
            var other = (SipResponse)actual;
            Assert.Equal(response.StatusCode, other.StatusCode);
            Assert.Equal(response.ReasonPhrase, other.ReasonPhrase);
        }

        Assert.Equal(expected.Headers.Count, actual.Headers.Count);
        for (var i = 0; i < expected.Headers.Count; i++)
        {
            var (e, a) = (expected.Headers[i], actual.Headers[i]);
            Assert.Equal(e.Id, a.Id);
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(e.Value, a.Value);
        }

        Assert.True(expected.Body.Span.SequenceEqual(actual.Body.Span));
        Assert.Equal(expected.TopVia.Raw, actual.TopVia.Raw);
        Assert.Equal(expected.TopVia.Branch, actual.TopVia.Branch);
        Assert.Equal(expected.Via.Count, actual.Via.Count);
        Assert.Equal(expected.From.Uri.Raw, actual.From.Uri.Raw);
        Assert.Equal(expected.From.DisplayName, actual.From.DisplayName);
        Assert.Equal(expected.From.Tag, actual.From.Tag);
        Assert.Equal(expected.To.Uri.Raw, actual.To.Uri.Raw);
        Assert.Equal(expected.CallId, actual.CallId);
        Assert.Equal(expected.CSeq, actual.CSeq);
        Assert.Equal(expected.Contact.Count, actual.Contact.Count);
        Assert.True(actual.Contact.AllValid);
        Assert.True(actual.Route.AllValid);
    }
}
