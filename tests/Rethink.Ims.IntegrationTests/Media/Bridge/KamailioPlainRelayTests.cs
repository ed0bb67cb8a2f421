using System.Net;
using Rethink.Ims.IntegrationTests.Kamailio;
using Rethink.Ims.IntegrationTests.Media.Control;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Tests.Media.Bridge;

namespace Rethink.Ims.IntegrationTests.Media.Bridge;

/// <summary>
/// A call between two plain SIP endpoints through a real Kamailio 5.6 whose rtpengine module anchors it on our bridge
/// (rtpengine's plain relay): each side is told the bridge's address and a port of its own, and RTP crosses unchanged.
/// </summary>
[Collection(KamailioCollection.Name)]
public sealed class KamailioPlainRelayTests(PlainRelayKamailioFixture fixture) : IClassFixture<PlainRelayKamailioFixture>
{
    [Fact]
    public async Task A_plain_call_through_kamailio_is_anchored_on_the_bridge_and_its_packets_cross_unchanged()
    {
        await using var callerMedia = new PlainEndpoint();
        await using var calleeMedia = new PlainEndpoint();
        using var caller = new SipPeer();
        var call = new KamailioTestCall(caller);
        // The caller's origin names another host, so replace-origin shows.
        var offerSdp = callerMedia.Offer().Replace("IN IP4 127.0.0.1\r\ns=", "IN IP4 192.0.2.10\r\ns=", StringComparison.Ordinal);

        await caller.SendAsync(call.Invite(offerSdp), fixture.Kamailio.Endpoint);
        var invite = await fixture.ExpectAsync(fixture.Callee, m => m.Method == "INVITE" && m.Header("Call-ID") == call.CallId, "forwarded INVITE");

        Assert.True(SessionDescription.TryParse(invite.BodyText, out var offer, out _), invite.BodyText);
        Assert.True(fixture.Bridge.TryGetPlainRelay(call.CallId, out var relay));
        var offered = offer.Media.Single();
        Assert.Equal(relay.Callee.LocalRtpEndPoint.Port, offered.Port);
        Assert.Equal("127.0.0.1", offer.Connection!.Host);
        Assert.Equal("127.0.0.1", offer.Origin.Address);
        Assert.Equal(["8", "0", "101"], offered.Formats.ToArray());
        calleeMedia.Remote = new IPEndPoint(IPAddress.Loopback, offered.Port);

        await fixture.Callee.SendAsync(call.Ok(invite, calleeMedia.Answer(8, "PCMA/8000")), fixture.Kamailio.Endpoint);
        var ok = await fixture.ExpectAsync(caller, m => m.StatusCode == 200 && m.Header("Call-ID") == call.CallId, "200 OK");
        Assert.True(SessionDescription.TryParse(ok.BodyText, out var answer, out _), ok.BodyText);
        Assert.Equal(relay.Caller.LocalRtpEndPoint.Port, answer.Media.Single().Port);
        callerMedia.Remote = new IPEndPoint(IPAddress.Loopback, answer.Media.Single().Port);

        var toCallee = Tones.G711(AudioCodec.Pcma, 8, 1000, 30, 0xA1);
        var toCaller = Tones.G711(AudioCodec.Pcma, 8, 440, 30, 0xB2);
        foreach (var (a, b) in toCallee.Zip(toCaller))
        {
            callerMedia.Send(a);
            calleeMedia.Send(b);
            await Task.Delay(3);
        }

        await BridgeKamailioFixture.WaitAsync(() => calleeMedia.ReceivedRtp.Count >= 30 && callerMedia.ReceivedRtp.Count >= 30);
        Assert.Equal(toCallee, calleeMedia.ReceivedRtp.ToArray());
        Assert.Equal(toCaller, callerMedia.ReceivedRtp.ToArray());

        await caller.SendAsync(call.InDialog("BYE", 2), fixture.Kamailio.Endpoint);
        await fixture.ExpectAsync(caller, m => m.StatusCode == 200 && m.Header("CSeq") == "2 BYE", "200 to BYE");
        Assert.False(fixture.Bridge.TryGetPlainRelay(call.CallId, out _));
    }
}
