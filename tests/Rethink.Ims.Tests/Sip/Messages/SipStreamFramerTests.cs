using System.Buffers;
using System.Text;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

public class SipStreamFramerTests
{
    private static readonly byte[] Register = SipTestData.Bench("register-ws.txt");
    private static readonly byte[] Invite = SipTestData.Bench("invite-webrtc.txt");

    /// <summary>Feeds the chunks one by one and collects every frame.</summary>
    private static List<SipFrame> Feed(SipStreamFramer framer, params byte[][] chunks)
    {
        var frames = new List<SipFrame>();
        var stream = new ChunkedSequence();
        foreach (var chunk in chunks)
        {
            stream.Append(chunk);
            var buffer = stream.Current;
            while (framer.TryReadFrame(ref buffer, out var frame))
            {
                frames.Add(frame);
            }

            stream.Consume(buffer);
        }

        return frames;
    }

    [Fact]
    public void Several_messages_in_one_read_give_one_frame_each()
    {
        var frames = Feed(new SipStreamFramer(), [.. Register, .. Invite, .. Register]);

        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.True(f.Result.IsSuccess));
        Assert.Equal(1523, frames[1].Result.Message!.Body.Length);
        Assert.True(SipMessageWriter.ToArray(frames[1].Result.Message!).AsSpan().SequenceEqual(Invite));
    }

    [Fact]
    public void A_message_split_at_any_byte_comes_out_once_and_only_when_complete()
    {
        for (var split = 1; split < Invite.Length; split += 37)
        {
            var framer = new SipStreamFramer();
            var stream = new ChunkedSequence();
            stream.Append(Invite.AsSpan(0, split));
            var buffer = stream.Current;
            Assert.False(framer.TryReadFrame(ref buffer, out _));
            Assert.Equal(split, buffer.Length);

            stream.Append(Invite.AsSpan(split));
            buffer = stream.Current;
            Assert.True(framer.TryReadFrame(ref buffer, out var frame));
            Assert.True(buffer.IsEmpty);
            Assert.True(frame.Result.IsSuccess);
            Assert.True(frame.Result.Message!.Body.Span.SequenceEqual(Invite.AsSpan(Invite.Length - 1523)));
        }
    }

    [Fact]
    public void Double_crlf_is_a_ping_and_a_lone_crlf_before_a_message_is_a_pong()
    {
        var frames = Feed(new SipStreamFramer(), [.. "\r\n\r\n"u8, .. Register, .. "\r\n"u8, .. Register]);

        Assert.Equal([SipFrameKind.Ping, SipFrameKind.Message, SipFrameKind.Pong, SipFrameKind.Message], frames.Select(f => f.Kind));
    }

    [Fact]
    public void A_ping_split_in_two_reads_is_still_reported_as_a_ping()
    {
        var frames = Feed(new SipStreamFramer(), "\r\n"u8.ToArray(), "\r\n"u8.ToArray(), Register);

        Assert.Equal([SipFrameKind.Pong, SipFrameKind.Ping, SipFrameKind.Message], frames.Select(f => f.Kind));
    }

    [Fact]
    public void A_lone_crlf_alone_in_the_buffer_is_a_pong_at_once()
    {
        var frames = Feed(new SipStreamFramer(), "\r\n"u8.ToArray());

        Assert.Equal(SipFrameKind.Pong, Assert.Single(frames).Kind);
    }

    [Fact]
    public void Three_bytes_of_a_ping_wait_for_the_fourth()
    {
        var framer = new SipStreamFramer();

        Assert.Empty(Feed(framer, "\r\n\r"u8.ToArray()));
        var buffer = new ReadOnlySequence<byte>("\r\n\r\n"u8.ToArray());
        Assert.True(framer.TryReadFrame(ref buffer, out var frame));
        Assert.Equal(SipFrameKind.Ping, frame.Kind);
    }

    [Fact]
    public void A_message_without_content_length_loses_framing_and_is_answered_then_closed()
    {
        var text = Encoding.UTF8.GetString(Register).Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal);

        var frame = Assert.Single(Feed(new SipStreamFramer(), text.Bytes()));

        var failure = frame.Result.Failure!;
        Assert.Equal(SipParseError.MissingContentLength, failure.Error);
        Assert.True(failure.CloseConnection);
        Assert.Equal(SipErrorDisposition.Respond, failure.Disposition);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("z9hG4bK6316744", failure.Request!.TopVia.Branch.ToString());
    }

    [Theory]
    [InlineData("mcl01.dat", SipParseError.DuplicateHeader)]
    [InlineData("ncl.dat", SipParseError.InvalidContentLength)]
    public void Conflicting_or_negative_content_length_closes_the_connection(string file, SipParseError error)
    {
        var framer = new SipStreamFramer();
        var frames = Feed(framer, SipTestData.Rfc4475(file), Register);

        var failure = Assert.Single(frames).Result.Failure!;
        Assert.Equal(error, failure.Error);
        Assert.True(failure.CloseConnection);
        Assert.Equal(400, failure.StatusCode);
        var more = new ReadOnlySequence<byte>(Register);
        Assert.False(framer.TryReadFrame(ref more, out _));
    }

    [Fact]
    public void Content_length_larger_than_what_arrived_waits_for_the_rest()
    {
        Assert.Empty(Feed(new SipStreamFramer(), SipTestData.Rfc4475("clerr.dat")));
    }

    [Fact]
    public void A_header_section_that_never_ends_waits_then_fails_past_the_size_limit()
    {
        var options = new SipParserOptions { MaxMessageSize = 1024 };
        var baddn = SipTestData.Rfc4475("baddn.dat");
        Assert.Empty(Feed(new SipStreamFramer(options), baddn));

        var frames = Feed(new SipStreamFramer(options), baddn, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("X-Pad: padding\r\n", 60))));
        var failure = Assert.Single(frames).Result.Failure!;
        Assert.Equal(SipParseError.MessageTooLarge, failure.Error);
        Assert.True(failure.CloseConnection);
    }

    [Fact]
    public void A_framed_message_that_fails_validation_keeps_the_connection()
    {
        var frames = Feed(new SipStreamFramer(), SipTestData.Rfc4475("insuf.dat"), Register);

        Assert.Equal(2, frames.Count);
        Assert.Equal(SipParseError.MissingHeader, frames[0].Result.Error);
        Assert.False(frames[0].Result.Failure!.CloseConnection);
        Assert.True(frames[1].Result.IsSuccess);
    }

    [Fact]
    public void Garbage_between_messages_is_a_framing_error()
    {
        var frames = Feed(new SipStreamFramer(), [.. Register, .. "\n\n"u8]);

        Assert.Equal(2, frames.Count);
        Assert.True(frames[1].Result.Failure!.CloseConnection);
    }

    [Fact]
    public void Framed_messages_own_their_bytes()
    {
        var stream = new ChunkedSequence();
        stream.Append(Invite);
        var buffer = stream.Current;
        Assert.True(new SipStreamFramer().TryReadFrame(ref buffer, out var frame));
        var message = frame.Result.Message!;

        stream.Consume(buffer);
        stream.Append(new byte[Invite.Length]);

        Assert.Equal("8ntc0fiqgk2b6m1p3urv", message.CallId.ToString());
        message.Dispose();
    }
}
