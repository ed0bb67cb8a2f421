using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Rethink.Ims.IntegrationTests.Kamailio;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.IntegrationTests.Media.Control;

/// <summary>
/// A real Kamailio 5.6 whose rtpengine module drives our <see cref="NgControlServer"/>: pings at start-up, offers
/// from INVITEs, answers from 2xx replies, deletes from BYEs and $rtpestat queries, retransmissions and refusals.
/// The media side is <see cref="ScriptedMediaControl"/>, a recording stand-in for the bridge.
/// Runs in the Kamailio collection so that Kamailio tests do not compete for the two cores.
/// </summary>
[Collection(KamailioCollection.Name)]
public sealed class KamailioRtpengineTests(NgKamailioFixture fixture) : IClassFixture<NgKamailioFixture>
{
    private const string BrowserOffer =
        "v=0\r\n" +
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n" +
        "a=ice-ufrag:EsAw\r\n" +
        "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\n" +
        "a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=sendrecv\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n";

    private const string ImsAnswer =
        "v=0\r\n" +
        "o=ims 1 1 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 40000 RTP/AVP 0 101\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=sendrecv\r\n";

    private ScriptedMediaControl Control => fixture.Control;

    private KamailioProcess Kamailio => fixture.Kamailio;

    [Fact]
    public async Task Kamailio_pings_the_server_at_start_up_and_considers_it_enabled()
    {
        Assert.True(fixture.StartupPings >= 1, "Kamailio did not ping the server while starting.");

        var show = await Kamcmd.RunAsync(fixture.ControlSocket, "rtpengine.show", "all");
        Assert.Contains($"url: {fixture.NgUrl}", show, StringComparison.Ordinal);
        Assert.Contains("disabled: 0", show, StringComparison.Ordinal);

        var pings = Control.Calls.Count(c => c.Method == "ping");
        var ping = await Kamcmd.RunAsync(fixture.ControlSocket, "rtpengine.ping", "all");
        Assert.Contains("status: success", ping, StringComparison.Ordinal);
        Assert.Equal(pings + 1, Control.Calls.Count(c => c.Method == "ping"));
    }

    [Fact]
    public async Task A_server_that_refuses_ping_is_disabled_by_kamailio_and_enabled_again_once_it_answers_pong()
    {
        try
        {
            Control.PingResult = NgResult.Fail("Not ready");
            var ping = await Kamcmd.RunAsync(fixture.ControlSocket, "rtpengine.ping", "all");
            Assert.DoesNotContain("status: success", ping, StringComparison.Ordinal);
            Assert.Contains("disabled: 1", await Kamcmd.RunAsync(fixture.ControlSocket, "rtpengine.show", "all"), StringComparison.Ordinal);
        }
        finally
        {
            Control.PingResult = NgResult.Pong;
            await Kamcmd.RunAsync(fixture.ControlSocket, "rtpengine.enable", "all", "1");
        }

        Assert.Contains("disabled: 0", await Kamcmd.RunAsync(fixture.ControlSocket, "rtpengine.show", "all"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invite_reaches_the_control_as_an_offer_and_kamailio_forwards_the_sdp_it_returns_and_the_same_for_the_answer()
    {
        using var caller = new SipPeer();
        var call = new KamailioTestCall(caller);
        await caller.SendAsync(call.Invite(BrowserOffer), Kamailio.Endpoint);

        var forwarded = await ExpectAsync(fixture.Callee, m => m.Method == "INVITE" && m.Header("Call-ID") == call.CallId, "forwarded INVITE");
        var offer = Assert.Single(Control.CallsFor(call.CallId));
        Assert.Equal(NgCommandKind.Offer, offer.Kind);
        Assert.Equal(call.FromTag, offer.FromTag);
        Assert.Null(offer.ToTag);
        Assert.Equal(call.Branch, offer.ViaBranch);
        Assert.Equal(Encoding.UTF8.GetBytes(BrowserOffer), offer.Sdp!.Value.ToArray());
        Assert.True(offer.HasFlag("trust-address"), string.Join(',', offer.Flags));
        Assert.Equal(["origin", "session-connection"], offer.Replace);
        Assert.Equal(NgIceMode.Remove, offer.Ice);
        Assert.Equal(NgDtlsMode.Off, offer.Dtls);
        Assert.Equal("RTP/AVP", offer.TransportProtocol);
        Assert.Equal(NgRtcpMuxOptions.Demux, offer.RtcpMux);
        Assert.Equal(["opus"], offer.Codec.Mask);
        Assert.Equal(["PCMU", "PCMA"], offer.Codec.Transcode);
        Assert.Equal(["off"], offer.Sdes);
        Assert.Equal("caller", offer.Label);
        Assert.Equal(new NgReceivedFrom("IP4", "127.0.0.1"), offer.ReceivedFrom);
        Assert.True(offer.SupportsLoadLimit);

        var rewrittenOffer = ScriptedMediaControl.Rewrite("offer", Encoding.UTF8.GetBytes(BrowserOffer));
        Assert.Contains($"m=audio {ScriptedMediaControl.OfferPort} ", rewrittenOffer, StringComparison.Ordinal);
        Assert.Equal(rewrittenOffer, forwarded.BodyText);
        Assert.Equal(forwarded.Body.Length.ToString(CultureInfo.InvariantCulture), forwarded.Header("Content-Length"));

        await fixture.Callee.SendAsync(call.Ok(forwarded, ImsAnswer), Kamailio.Endpoint);
        var ok = await ExpectAsync(caller, m => m.StatusCode == 200 && m.Header("Call-ID") == call.CallId, "200 OK");
        var answer = Assert.Single(Control.CallsFor(call.CallId), r => r.Kind == NgCommandKind.Answer);
        Assert.Equal(call.FromTag, answer.FromTag);
        Assert.Equal(KamailioTestCall.CalleeTag, answer.ToTag);
        Assert.Equal(Encoding.UTF8.GetBytes(ImsAnswer), answer.Sdp!.Value.ToArray());
        Assert.Equal(NgIceMode.Force, answer.Ice);
        Assert.Equal(NgDtlsMode.Passive, answer.Dtls);
        Assert.Equal("UDP/TLS/RTP/SAVPF", answer.TransportProtocol);
        Assert.Equal(NgRtcpMuxOptions.Accept, answer.RtcpMux);
        Assert.Equal(ScriptedMediaControl.Rewrite("answer", Encoding.UTF8.GetBytes(ImsAnswer)), ok.BodyText);
    }

    [Fact]
    public async Task A_slow_offer_is_retransmitted_by_kamailio_with_the_same_cookie_and_runs_only_once()
    {
        var retransmissions = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "rethink.ims.ng.retransmissions" && ReferenceEquals(instrument.Meter.Scope, fixture.MeterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref retransmissions, value));
        listener.Start();

        using var caller = new SipPeer();
        var call = new KamailioTestCall(caller);

        // Longer than two of the module's waits: it resends the offer twice before the reply comes.
        var delay = (NgKamailioFixture.ModuleTimeout * 2) + TimeSpan.FromMilliseconds(150);
        Control.Script(call.CallId, async (method, request, cancellationToken) =>
        {
            await Task.Delay(delay, cancellationToken);
            return ScriptedMediaControl.Default(method, request);
        });
        await caller.SendAsync(call.Invite(BrowserOffer), Kamailio.Endpoint);

        var forwarded = await ExpectAsync(fixture.Callee, m => m.Method == "INVITE" && m.Header("Call-ID") == call.CallId, "forwarded INVITE");
        Assert.Equal(ScriptedMediaControl.Rewrite("offer", Encoding.UTF8.GetBytes(BrowserOffer)), forwarded.BodyText);
        Assert.Single(Control.CallsFor(call.CallId));
        Assert.True(Interlocked.Read(ref retransmissions) >= 1, "Kamailio did not retransmit the offer.");
        await fixture.Callee.SendAsync(call.Reject(forwarded), Kamailio.Endpoint);
    }

    [Fact]
    public Task A_refused_offer_makes_rtpengine_offer_fail_and_leaves_the_server_enabled() =>
        AssertOfferFailsWithTheServerStillEnabledAsync(NgResult.Fail("No bridge capacity for this call"));

    [Fact]
    public Task A_load_limit_result_makes_kamailio_look_for_another_server_and_fail_when_there_is_none() =>
        AssertOfferFailsWithTheServerStillEnabledAsync(NgResult.LoadLimit("All bridge ports in use"));

    /// <summary>
    /// The media server answers the offer with <paramref name="result"/>: Kamailio's rtpengine_offer fails (the script
    /// answers 500) after one ng call, and the module has not disabled the (only) server.
    /// </summary>
    private async Task AssertOfferFailsWithTheServerStillEnabledAsync(NgResult result)
    {
        using var caller = new SipPeer();
        var call = new KamailioTestCall(caller);
        Control.Script(call.CallId, (_, _, _) => Task.FromResult(result));
        await caller.SendAsync(call.Invite(BrowserOffer), Kamailio.Endpoint);

        var response = await ExpectAsync(caller, m => m.StatusCode >= 200 && m.Header("Call-ID") == call.CallId, "final response");
        Assert.Equal("SIP/2.0 500 rtpengine_offer failed", response.StartLine);
        Assert.Single(Control.CallsFor(call.CallId));
        Assert.Contains("disabled: 0", await Kamcmd.RunAsync(fixture.ControlSocket, "rtpengine.show", "all"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bye_deletes_the_session_and_rtpestat_prints_the_statistics_a_query_returns()
    {
        using var caller = new SipPeer();
        var call = new KamailioTestCall(caller);

        await caller.SendAsync(call.InDialog("INFO", 2), Kamailio.Endpoint);
        var info = await ExpectAsync(caller, m => m.StatusCode == 200 && m.Header("Call-ID") == call.CallId, "200 to INFO");
        Assert.Equal("RTP: 1234 bytes, 56 packets, 0 errors; RTCP: 78 bytes, 9 packets, 1 errors", info.Header("X-Rtp-Stat"));
        var query = Assert.Single(Control.CallsFor(call.CallId));
        Assert.Equal(NgCommandKind.Query, query.Kind);
        Assert.Equal(call.FromTag, query.FromTag);
        Assert.Equal(KamailioTestCall.CalleeTag, query.ToTag);

        await caller.SendAsync(call.InDialog("BYE", 3), Kamailio.Endpoint);
        var bye = await ExpectAsync(caller, m => m.StatusCode == 200 && m.Header("CSeq") == "3 BYE", "200 to BYE");
        Assert.Equal("1", bye.Header("X-Rtpengine-Delete"));
        var delete = Assert.Single(Control.CallsFor(call.CallId), r => r.Kind == NgCommandKind.Delete);
        Assert.Equal(call.FromTag, delete.FromTag);
        Assert.Equal(0, delete.DeleteDelay);
    }

    [Fact]
    public async Task A_refused_delete_makes_rtpengine_delete_fail()
    {
        using var caller = new SipPeer();
        var call = new KamailioTestCall(caller);
        Control.Script(call.CallId, (_, _, _) => Task.FromResult(NgResult.Fail("Unknown call-id")));
        await caller.SendAsync(call.InDialog("BYE", 2), Kamailio.Endpoint);
        var bye = await ExpectAsync(caller, m => m.StatusCode == 200 && m.Header("Call-ID") == call.CallId, "200 to BYE");
        Assert.Equal("-1", bye.Header("X-Rtpengine-Delete"));
    }

    /// <summary>Waits for a message at <paramref name="peer"/>; a timeout carries Kamailio's log tail.</summary>
    private async Task<SipText> ExpectAsync(SipPeer peer, Func<SipText, bool> match, string what)
    {
        try
        {
            return await peer.ReceiveAsync(match, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nng calls: {string.Join(", ", Control.Calls.Select(c => $"{c.Method} {c.Request?.CallId}"))}\n{Kamailio.Diagnostics()}", e);
        }
    }
}
