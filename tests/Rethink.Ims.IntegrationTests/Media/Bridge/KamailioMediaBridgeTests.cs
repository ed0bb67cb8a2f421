using System.Net;
using System.Text;
using Rethink.Ims.IntegrationTests.Kamailio;
using Rethink.Ims.IntegrationTests.Media.Control;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Tests.Media.Bridge;

namespace Rethink.Ims.IntegrationTests.Media.Bridge;

/// <summary>
/// A browser-to-IMS call through a real Kamailio 5.6 whose rtpengine module drives our bridge: the INVITE's WebRTC
/// offer reaches the callee as plain RTP/AVP pointing at the bridge, the callee's plain answer reaches the browser as
/// WebRTC (ICE-lite, DTLS, SAVPF), and then media flows both ways between our fake browser and a plain RTP endpoint.
/// </summary>
[Collection(KamailioCollection.Name)]
public sealed class KamailioMediaBridgeTests(BridgeKamailioFixture fixture) : IClassFixture<BridgeKamailioFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_browser_call_through_kamailio_is_rewritten_by_the_bridge_and_media_flows_both_ways(bool opusOnly)
    {
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        using var caller = new SipPeer();
        var call = new KamailioTestCall(caller);
        string[] codecs = opusOnly ? ["111 opus/48000/2"] : ["111 opus/48000/2", "0 PCMU/8000", "8 PCMA/8000"];

        await caller.SendAsync(call.Invite(browser.Offer(codecs)), fixture.Kamailio.Endpoint);
        var invite = await fixture.ExpectAsync(fixture.Callee, m => m.Method == "INVITE" && m.Header("Call-ID") == call.CallId, "forwarded INVITE");

        // The callee sees plain RTP/AVP at the bridge: no ICE, no DTLS, G.711.
        Assert.True(SessionDescription.TryParse(invite.BodyText, out var plainOffer, out _), invite.BodyText);
        var offered = plainOffer.Media.Single(m => m.Port != 0);
        Assert.Equal("RTP/AVP", offered.Protocol);
        Assert.Null(offered.IceUfrag);
        Assert.Empty(offered.Fingerprints);
        Assert.Equal("PCMU", offered.PayloadFormats[0].EncodingName);
        Assert.True(fixture.Bridge.TryGetCall(call.CallId, out var bridged));
        Assert.Equal(bridged.Plain.LocalRtpEndPoint.Port, offered.Port);
        plain.Remote = new IPEndPoint(IPAddress.Parse(plainOffer.Connection!.Host), offered.Port);

        await fixture.Callee.SendAsync(call.Ok(invite, plain.Answer(0, "PCMU/8000")), fixture.Kamailio.Endpoint);
        var ok = await fixture.ExpectAsync(caller, m => m.StatusCode == 200 && m.Header("Call-ID") == call.CallId, "200 OK");

        // The browser sees the bridge as an ICE-lite, DTLS-SRTP peer.
        Assert.True(SessionDescription.TryParse(ok.BodyText, out var webAnswer, out _), ok.BodyText);
        var answered = webAnswer.Media.Single(m => m.Port != 0);
        Assert.Equal("UDP/TLS/RTP/SAVPF", answered.Protocol);
        Assert.True(webAnswer.IceLite);
        Assert.Equal(bridged.WebRtc.LocalEndPoint.Port, answered.Port);
        Assert.Equal(opusOnly ? "opus" : "PCMU", answered.PayloadFormats[0].EncodingName);

        var handshake = await browser.ConnectAsync(webAnswer, DtlsRole.Client);
        Assert.True(handshake.Succeeded, handshake.ToString());
        await BridgeKamailioFixture.WaitAsync(() => bridged.WebRtc.State == Rethink.Ims.Media.Bridge.WebRtcLegState.Connected);
        Assert.Equal(!opusOnly, bridged.IsPassthrough);

        var outgoing = opusOnly ? Tones.Opus(111, 1000, 60, 0xA1) : Tones.G711(AudioCodec.Pcmu, 0, 1000, 60, 0xA1);
        foreach (var packet in outgoing)
        {
            browser.SendRtp(packet);
            await Task.Delay(3);
        }

        await BridgeKamailioFixture.WaitAsync(() => plain.ReceivedRtp.Count >= 55);
        Assert.Equal(1000, Tones.G711Frequency(plain.ReceivedRtp, AudioCodec.Pcmu));

        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 440, 60, 0xB2))
        {
            plain.Send(packet);
            await Task.Delay(3);
        }

        await BridgeKamailioFixture.WaitAsync(() => browser.ReceivedRtp.Count >= 55);
        Assert.Equal(440, opusOnly ? Tones.OpusFrequency(browser.ReceivedRtp) : Tones.G711Frequency(browser.ReceivedRtp, AudioCodec.Pcmu));

        await caller.SendAsync(call.InDialog("BYE", 2), fixture.Kamailio.Endpoint);
        var bye = await fixture.ExpectAsync(caller, m => m.StatusCode == 200 && m.Header("CSeq") == "2 BYE", "200 to BYE");
        Assert.Equal("1", bye.Header("X-Rtpengine-Delete"));
        Assert.False(fixture.Bridge.TryGetCall(call.CallId, out _));
    }
}
