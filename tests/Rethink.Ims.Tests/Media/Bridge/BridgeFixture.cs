using System.Text;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>Builds a bridge on loopback for one test, with the call flows the tests share.</summary>
internal static class BridgeFixture
{
    private static int _nextRange;

    /// <summary>Each test its own 200-port slice of 42000–59999, so parallel tests do not meet.</summary>
    public static MediaBridgeOptions Options(Action<MediaBridgeOptions>? configure = null)
    {
        var slice = Interlocked.Increment(ref _nextRange) % 90;
        var options = new MediaBridgeOptions { PortMin = 42000 + (slice * 200), PortMax = 42000 + (slice * 200) + 199 };
        configure?.Invoke(options);
        return options;
    }

    public static MediaBridge Create(MediaBridgeOptions? options = null, TimeProvider? time = null, MediaBridgeMetrics? metrics = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options()), time, null, metrics);

    public static SessionDescription Parse(ReadOnlyMemory<byte> sdp)
    {
        Assert.True(SessionDescription.TryParse(sdp.Span, out var description, out var error), error.ToString());
        return description;
    }

    public static ReadOnlyMemory<byte> Bytes(string sdp) => Encoding.UTF8.GetBytes(sdp);

    /// <summary>Browser calls IMS: offer from the browser, answer from the plain endpoint. Returns the WebRTC answer.</summary>
    public static SessionDescription BrowserCallsPlain(MediaBridge bridge, FakeBrowser browser, PlainEndpoint plain, string callId,
        IEnumerable<string> browserCodecs, int plainPayloadType = 0, string plainRtpmap = "PCMU/8000", string? offer = null)
    {
        var offered = bridge.Offer(new MediaOfferRequest(callId, "from-1", Bytes(offer ?? browser.Offer(browserCodecs)), MediaLegProfile.Plain));
        Assert.Equal(MediaBridgeStatus.Rewritten, offered.Status);
        var plainOffer = Parse(offered.Sdp);
        var media = plainOffer.Media.Single(m => m.Port != 0);
        Assert.Equal("RTP/AVP", media.Protocol);
        plain.Remote = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(plainOffer.Connection!.Host), media.Port);
        var answered = bridge.Answer(new MediaAnswerRequest(callId, "from-1", "to-1", Bytes(plain.Answer(plainPayloadType, plainRtpmap))));
        Assert.Equal(MediaBridgeStatus.Rewritten, answered.Status);
        return Parse(answered.Sdp);
    }
}
