using System.Text;
using Rethink.Ims.Sip.Services;

namespace Rethink.Ims.Tests.SystemHost;

/// <summary>Which payload the echo service answers with, from the offer the media bridge (or a phone) sends it.</summary>
public sealed class SipEchoPayloadTests
{
    [Theory]
    [InlineData("m=audio 4000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\n", 0, 101)]
    [InlineData("m=audio 4000 RTP/AVP 8\r\n", 8, null)]
    [InlineData("m=audio 4000 RTP/AVP 0 96\r\na=rtpmap:96 telephone-event/8000\r\n", 0, 96)]
    [InlineData("m=audio 4000 RTP/AVP 0\r\na=rtpmap:101 telephone-event/8000\r\n", 0, null)]
    public void Echo_prefers_PCMU_then_PCMA_and_keeps_an_offered_telephone_event(string media, int payload, int? events)
    {
        Assert.True(SipEchoService.TryChoosePayload(Offer(media), out var chosen, out var eventType));
        Assert.Equal(payload, chosen);
        Assert.Equal(events, eventType);
    }

    [Theory]
    [InlineData("m=audio 4000 RTP/AVP 9 18\r\n")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 0 8\r\n")]
    [InlineData("m=video 4000 RTP/AVP 0\r\n")]
    public void Echo_refuses_offers_without_plain_G711_audio(string media) =>
        Assert.False(SipEchoService.TryChoosePayload(Offer(media), out _, out _));

    private static byte[] Offer(string media) =>
        Encoding.ASCII.GetBytes("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + media);
}
