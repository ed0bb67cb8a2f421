using System.Text;
using FsCheck.Xunit;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>Copies of messages (what a proxy keeps and forwards): the same bytes, independent of the original.</summary>
public class SipMessageCopyTests
{
    private static string Text(SipMessage m) => Encoding.UTF8.GetString(SipMessageWriter.ToArray(m));

    /// <summary>Received into a buffer that is overwritten once the message is disposed, as a transport's pooled one is.</summary>
    private static SipMessage Receive(byte[] bytes)
    {
        var buffer = new ScribbledBuffer(bytes);
        return SipParser.Parse(buffer.Array, buffer).Message!;
    }

    [Property(Arbitrary = [typeof(SipGenerators)], MaxTest = 300)]
    public void A_copy_writes_what_the_original_wrote_after_the_original_is_disposed(GeneratedMessage generated)
    {
        var received = Receive(generated.Bytes);
        received.Headers.Prepend(SipHeaderId.Via, "SIP/2.0/UDP stamped.example.com;branch=z9hG4bKstamp;received=192.0.2.1");
        var expected = Text(received);

        var copy = SipMessageCopy.Detach(received);
        received.Dispose();

        Assert.Equal(expected, Text(copy));
        Assert.Equal(expected, Text(SipMessageCopy.Detach(copy)));
    }

    [Fact]
    public void Copies_of_a_copy_change_independently_of_it_and_of_each_other()
    {
        var received = (SipRequest)Receive(SipTestData.Rfc4475("wsinv.dat"));
        var original = SipMessageCopy.Detach(received);
        received.Dispose();
        var before = Text(original);

        var first = SipMessageCopy.Detach(original);
        var second = SipMessageCopy.Detach(original);
        first.Headers.Prepend(SipHeaderId.Via, "SIP/2.0/UDP one.example.com;branch=z9hG4bKone");
        first.Headers.Set(SipHeaderId.MaxForwards, 1);
        Assert.True(first.RequestUri.Equals(original.RequestUri));
        Assert.True(SipUri.TryParse("sip:other@example.com", out var other));
        first.RequestUri = other;
        second.Headers.Prepend(SipHeaderId.Via, "SIP/2.0/UDP two.example.com;branch=z9hG4bKtwo");
        second.SetBody("v=0\r\n"u8.ToArray());

        Assert.Equal(before, Text(original));
        Assert.Equal("one.example.com", first.TopVia.Host.ToString());
        Assert.Equal(1, first.MaxForwards);
        Assert.Equal("two.example.com", second.TopVia.Host.ToString());
        Assert.Equal(original.MaxForwards, second.MaxForwards);
        Assert.Equal(original.RequestUri.ToString(), second.RequestUri.ToString());
        Assert.True(first.Body.Span.SequenceEqual(original.Body.Span));
        Assert.Equal("v=0\r\n", Encoding.UTF8.GetString(second.Body.Span));
    }

    [Fact]
    public void A_copied_response_keeps_its_reason_phrase_and_body()
    {
        var received = (SipResponse)Receive(Encoding.UTF8.GetBytes(
            "SIP/2.0 180 Ringing Loudly\r\n" +
            "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\n" +
            "CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n"));

        var copy = SipMessageCopy.Detach(received);
        received.Dispose();

        Assert.Equal(180, copy.StatusCode);
        Assert.Equal("Ringing Loudly", copy.ReasonPhrase);
        Assert.Equal("v=0\r\n", Encoding.UTF8.GetString(copy.Body.Span));
        Assert.Equal("a.example.com", copy.TopVia.Host.ToString());
    }

    /// <summary>Owns a copy of the bytes and fills it with garbage when disposed.</summary>
    [Fact]
    public void A_response_over_bytes_of_its_own_is_kept_as_it_is_and_reads_the_same_after_its_disposal()
    {
        var bytes = Encoding.ASCII.GetBytes(Response);
        var received = (SipResponse)SipParser.Parse(bytes, OwnedBytes.Instance).Message!;

        var kept = SipMessageCopy.KeepPastDisposal(received);
        received.Dispose();

        Assert.Same(received, kept);
        Assert.Equal(Response, Text(kept));
        Assert.Equal(180, kept.StatusCode);
        Assert.Equal("kept-1", kept.CallId.ToString());
    }

    [Fact]
    public void A_response_over_a_borrowed_buffer_is_copied_so_the_buffer_can_go_back()
    {
        var received = (SipResponse)Receive(Encoding.ASCII.GetBytes(Response));

        var kept = SipMessageCopy.KeepPastDisposal(received);
        received.Dispose();

        Assert.NotSame(received, kept);
        Assert.Equal(Response, Text(kept));
        Assert.Equal(0, received.Headers.Count);
    }

    private const string Response =
        "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-kept\r\nFrom: <sip:a@example.com>;tag=1\r\n" +
        "To: <sip:b@example.com>;tag=2\r\nCall-ID: kept-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

    private sealed class ScribbledBuffer(byte[] bytes) : IDisposable
    {
        public byte[] Array { get; } = (byte[])bytes.Clone();

        public void Dispose() => System.Array.Fill(Array, (byte)'#');
    }
}
