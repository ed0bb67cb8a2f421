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
        var call = new TestCall(caller);
        string[] codecs = opusOnly ? ["111 opus/48000/2"] : ["111 opus/48000/2", "0 PCMU/8000", "8 PCMA/8000"];

        await caller.SendAsync(call.Invite(browser.Offer(codecs)), fixture.Kamailio.Endpoint);
        var invite = await Expect(fixture.Callee, m => m.Method == "INVITE" && m.Header("Call-ID") == call.CallId, "forwarded INVITE");

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
        var ok = await Expect(caller, m => m.StatusCode == 200 && m.Header("Call-ID") == call.CallId, "200 OK");

        // The browser sees the bridge as an ICE-lite, DTLS-SRTP peer.
        Assert.True(SessionDescription.TryParse(ok.BodyText, out var webAnswer, out _), ok.BodyText);
        var answered = webAnswer.Media.Single(m => m.Port != 0);
        Assert.Equal("UDP/TLS/RTP/SAVPF", answered.Protocol);
        Assert.True(webAnswer.IceLite);
        Assert.Equal(bridged.WebRtc.LocalEndPoint.Port, answered.Port);
        Assert.Equal(opusOnly ? "opus" : "PCMU", answered.PayloadFormats[0].EncodingName);

        var handshake = await browser.ConnectAsync(webAnswer, DtlsRole.Client);
        Assert.True(handshake.Succeeded, handshake.ToString());
        await WaitAsync(() => bridged.WebRtc.State == Rethink.Ims.Media.Bridge.WebRtcLegState.Connected);
        Assert.Equal(!opusOnly, bridged.IsPassthrough);

        var outgoing = opusOnly ? Tones.Opus(111, 1000, 60, 0xA1) : Tones.G711(AudioCodec.Pcmu, 0, 1000, 60, 0xA1);
        foreach (var packet in outgoing)
        {
            browser.SendRtp(packet);
            await Task.Delay(3);
        }

        await WaitAsync(() => plain.ReceivedRtp.Count >= 55);
        Assert.Equal(1000, Tones.G711Frequency(plain.ReceivedRtp, AudioCodec.Pcmu));

        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 440, 60, 0xB2))
        {
            plain.Send(packet);
            await Task.Delay(3);
        }

        await WaitAsync(() => browser.ReceivedRtp.Count >= 55);
        Assert.Equal(440, opusOnly ? Tones.OpusFrequency(browser.ReceivedRtp) : Tones.G711Frequency(browser.ReceivedRtp, AudioCodec.Pcmu));

        await caller.SendAsync(call.InDialog("BYE", 2), fixture.Kamailio.Endpoint);
        var bye = await Expect(caller, m => m.StatusCode == 200 && m.Header("CSeq") == "2 BYE", "200 to BYE");
        Assert.Equal("1", bye.Header("X-Rtpengine-Delete"));
        Assert.False(fixture.Bridge.TryGetCall(call.CallId, out _));
    }

    private async Task<SipText> Expect(SipPeer peer, Func<SipText, bool> match, string what)
    {
        try
        {
            return await peer.ReceiveAsync(match, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{fixture.Kamailio.Diagnostics()}", e);
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for media");
            await Task.Delay(10);
        }
    }

    /// <summary>One call's identifiers and the SIP text of caller and callee.</summary>
    private sealed class TestCall(SipPeer caller)
    {
        private const string CalleeTag = "bridge-callee-1";

        public string CallId { get; } = $"bridge-{Guid.NewGuid():N}@127.0.0.1";

        private string FromTag { get; } = $"ft{Random.Shared.Next():x}";

        public string Invite(string sdp) =>
            "INVITE sip:bob@example.com SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{Guid.NewGuid():N};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:alice@example.com>;tag={FromTag}\r\n" +
            "To: <sip:bob@example.com>\r\n" +
            $"Call-ID: {CallId}\r\nCSeq: 1 INVITE\r\n" +
            $"Contact: <sip:alice@{caller.EndPoint}>\r\n" +
            $"Content-Type: application/sdp\r\nContent-Length: {Encoding.UTF8.GetByteCount(sdp)}\r\n\r\n" + sdp;

        public string InDialog(string method, int cseq) =>
            $"{method} sip:bob@example.com SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{Guid.NewGuid():N};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:alice@example.com>;tag={FromTag}\r\n" +
            $"To: <sip:bob@example.com>;tag={CalleeTag}\r\n" +
            $"Call-ID: {CallId}\r\nCSeq: {cseq} {method}\r\nContent-Length: 0\r\n\r\n";

        public string Ok(SipText invite, string sdp)
        {
            var text = new StringBuilder("SIP/2.0 200 OK\r\n");
            foreach (var via in invite.AllHeaders("Via"))
            {
                text.Append("Via: ").Append(via).Append("\r\n");
            }

            text.Append("From: ").Append(invite.Header("From")).Append("\r\n")
                .Append("To: ").Append(invite.Header("To")).Append(";tag=").Append(CalleeTag).Append("\r\n")
                .Append("Call-ID: ").Append(invite.Header("Call-ID")).Append("\r\n")
                .Append("CSeq: ").Append(invite.Header("CSeq")).Append("\r\n")
                .Append("Contact: <sip:bob@127.0.0.1>\r\nContent-Type: application/sdp\r\n")
                .Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(sdp)).Append("\r\n\r\n").Append(sdp);
            return text.ToString();
        }
    }
}
