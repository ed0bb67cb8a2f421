using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Media.Sdp;
using static Rethink.Ims.Tests.Media.Bridge.BridgeFixture;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>Whole calls over loopback sockets: our primitives play the browser, a plain socket pair plays IMS.</summary>
public class MediaBridgeCallTests
{
    private const string Opus = "111 opus/48000/2";
    private const string Pcmu = "0 PCMU/8000";

    [Fact]
    public async Task Browser_to_plain_with_PCMU_on_both_legs_is_relayed_and_both_tones_arrive()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var answer = BrowserCallsPlain(bridge, browser, plain, "pass-1", [Opus, Pcmu]);

        var media = answer.Media.Single(m => m.Port != 0);
        Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
        Assert.True(answer.IceLite);
        Assert.Equal(DtlsSetup.Passive, media.Setup);
        Assert.Equal(0, media.PayloadFormats[0].PayloadType);   // passthrough preferred: PCMU first
        Assert.Equal("0", answer.BundleGroup!.Tags.Single());

        var result = await browser.ConnectAsync(answer, DtlsRole.Client);
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(bridge.TryGetCall("pass-1", out var call));
        Assert.True(call.IsPassthrough);
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);

        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 1000, 50, 0x1111))
        {
            browser.SendRtp(packet);
            await Task.Delay(2);
        }

        await WaitAsync(() => plain.ReceivedRtp.Count >= 48);
        Assert.All(plain.ReceivedRtp, p => Assert.Equal(0, Tones.PayloadType(p)));
        Assert.Equal(1000, Tones.G711Frequency(plain.ReceivedRtp, AudioCodec.Pcmu));

        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 440, 50, 0x2222))
        {
            plain.Send(packet);
            await Task.Delay(2);
        }

        await WaitAsync(() => browser.ReceivedRtp.Count >= 48);
        Assert.Equal(440, Tones.G711Frequency(browser.ReceivedRtp, AudioCodec.Pcmu));
        Assert.True(call.WebRtc.Counters.RtpPacketsIn >= 48);
        Assert.True(call.Plain.Counters.RtpPacketsOut >= 48);

        Assert.True(await bridge.DeleteAsync("pass-1"));
        Assert.Equal(0, bridge.CallCount);
        Assert.Equal(0, bridge.Ports.InUse);
    }

    [Fact]
    public async Task A_re_offer_with_new_ICE_credentials_restarts_ICE_with_new_ones_of_ours_and_media_flows_after_the_new_checks()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var answer = BrowserCallsPlain(bridge, browser, plain, "restart-1", [Pcmu]);
        Assert.True((await browser.ConnectAsync(answer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("restart-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);
        var first = call.WebRtc.LocalIce;

        // A re-offer with the same credentials (a hold, a codec change) is no restart.
        var same = BrowserCallsPlain(bridge, browser, plain, "restart-1", [Pcmu]);
        Assert.Equal(first.Ufrag, same.Media.Single(m => m.Port != 0).IceUfrag);

        browser.Ice = IceCredentials.Generate();
        var restarted = BrowserCallsPlain(bridge, browser, plain, "restart-1", [Pcmu]);
        var media = restarted.Media.Single(m => m.Port != 0);
        Assert.NotEqual(first.Ufrag, media.IceUfrag);
        Assert.Equal(call.WebRtc.LocalIce.Ufrag, media.IceUfrag);
        Assert.Equal(call.WebRtc.LocalIce.Password, media.IcePwd);
        Assert.Equal(IceAgentState.Connected, await browser.RestartIceAsync(restarted, TimeSpan.FromSeconds(10)));

        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 1000, 30, 0x3333))
        {
            browser.SendRtp(packet);
            await Task.Delay(2);
        }

        await WaitAsync(() => plain.ReceivedRtp.Count >= 28);
        Assert.Equal(WebRtcLegState.Connected, call.WebRtc.State);
    }

    [Fact]
    public async Task Forked_to_two_browsers_the_one_that_answers_gets_the_media_though_the_other_did_ICE_and_started_DTLS_first()
    {
        await using var bridge = Create();
        await using var winner = new FakeBrowser();
        await using var loser = new FakeBrowser(FakeBrowser.StrangerCertificate);
        await using var plain = new PlainEndpoint();
        var offered = bridge.Offer(new MediaOfferRequest("fork-1", "f", Bytes(plain.Offer()), MediaLegProfile.WebRtc));
        var webOffer = Parse(offered.Sdp);

        // Both branches ring with the same offer; the losing browser checks and sends its ClientHello at once.
        var losing = loser.ConnectAsync(webOffer, DtlsRole.Client);
        await WaitAsync(() => loser.IceClient is { State: IceAgentState.Connected });
        await Task.Delay(300);
        var answered = bridge.Answer(new MediaAnswerRequest("fork-1", "f", "winner-tag", Bytes(winner.Answer(webOffer, "0 PCMU/8000"))));
        Assert.Equal(MediaBridgeStatus.Rewritten, answered.Status);
        var plainAnswer = Parse(answered.Sdp);
        plain.Remote = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(plainAnswer.Connection!.Host), plainAnswer.Media.Single().Port);

        var result = await winner.ConnectAsync(webOffer, DtlsRole.Client);
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(bridge.TryGetCall("fork-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);
        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 1000, 30, 0x4444))
        {
            winner.SendRtp(packet);
            plain.Send(packet);
            await Task.Delay(2);
        }

        await WaitAsync(() => plain.ReceivedRtp.Count >= 28 && winner.ReceivedRtp.Count >= 28);
        Assert.Empty(loser.ReceivedRtp);
        Assert.False((await losing.WaitAsync(TimeSpan.FromSeconds(30))).Succeeded);
    }

    [Fact]
    public async Task Deleting_a_call_stops_receiving_on_all_its_sockets_and_adds_no_thread_per_call()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var pollerThreads = MediaSocketPoller.ThreadCount;
        var answer = BrowserCallsPlain(bridge, browser, plain, "teardown-1", [Pcmu]);
        Assert.True((await browser.ConnectAsync(answer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("teardown-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);
        Assert.True(call.WebRtc.IsReceiving);
        Assert.True(call.Plain.IsReceiving);
        if (MediaSocketPoller.IsSupported)
        {
            // The legs registered with the shared receive threads: none was started for this call.
            Assert.InRange(MediaSocketPoller.ThreadCount, Math.Max(1, pollerThreads), Environment.ProcessorCount);
        }

        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 440, 10, 0x5555))
        {
            plain.Send(packet);
        }

        await WaitAsync(() => browser.ReceivedRtp.Count >= 5);
        Assert.True(await bridge.DeleteAsync("teardown-1"));
        Assert.False(call.WebRtc.IsReceiving);
        Assert.False(call.Plain.IsReceiving);
        Assert.Equal(0, bridge.Ports.InUse);
        var received = browser.ReceivedRtp.Count;
        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 440, 10, 0x5555))
        {
            plain.Send(packet);
        }

        await Task.Delay(200);
        Assert.Equal(received, browser.ReceivedRtp.Count);
    }

    [Fact]
    public async Task Browser_sending_Opus_is_transcoded_to_PCMU_and_back_with_the_tones_kept()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var answer = BrowserCallsPlain(bridge, browser, plain, "opus-1", [Opus]);
        Assert.Equal("opus", answer.Media.Single(m => m.Port != 0).PayloadFormats[0].EncodingName);
        // The far end is G.711: the browser is asked for SILK-only Opus (RFC 7587 maxplaybackrate).
        Assert.Contains("maxplaybackrate=16000", answer.Media.Single(m => m.Port != 0).PayloadFormats[0].Parameters, StringComparison.Ordinal);

        var result = await browser.ConnectAsync(answer, DtlsRole.Client);
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(bridge.TryGetCall("opus-1", out var call));
        Assert.False(call.IsPassthrough);
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);

        foreach (var packet in Tones.Opus(111, 1000, 60, 0x3333))
        {
            browser.SendRtp(packet);
            await Task.Delay(3);
        }

        await WaitAsync(() => plain.ReceivedRtp.Count >= 58);
        Assert.All(plain.ReceivedRtp, p => Assert.Equal(0, Tones.PayloadType(p)));
        Assert.All(plain.ReceivedRtp, p => Assert.Equal(12 + 160, p.Length));
        Assert.Equal(1000, Tones.G711Frequency(plain.ReceivedRtp, AudioCodec.Pcmu));

        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 440, 60, 0x4444))
        {
            plain.Send(packet);
            await Task.Delay(3);
        }

        await WaitAsync(() => browser.ReceivedRtp.Count >= 58);
        Assert.All(browser.ReceivedRtp, p => Assert.Equal(111, Tones.PayloadType(p)));
        Assert.Equal(440, Tones.OpusFrequency(browser.ReceivedRtp));
    }

    [Fact]
    public async Task Plain_caller_to_browser_gets_a_WebRTC_offer_and_the_bridge_takes_the_DTLS_server_role_for_an_active_answer()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var offered = bridge.Offer(new MediaOfferRequest("ims-1", "f", Bytes(plain.Offer()), MediaLegProfile.WebRtc));
        Assert.Equal(MediaBridgeStatus.Rewritten, offered.Status);
        var webOffer = Parse(offered.Sdp);
        var media = webOffer.Media.Single(m => m.Port != 0);
        Assert.Equal(DtlsSetup.ActPass, media.Setup);
        Assert.Equal("PCMA", media.PayloadFormats[0].EncodingName);   // the IMS side's first codec leads

        var answered = bridge.Answer(new MediaAnswerRequest("ims-1", "f", "t", Bytes(browser.Answer(webOffer, "8 PCMA/8000"))));
        Assert.Equal(MediaBridgeStatus.Rewritten, answered.Status);
        var plainAnswer = Parse(answered.Sdp);
        var plainMedia = plainAnswer.Media.Single();
        Assert.Equal("RTP/AVP", plainMedia.Protocol);
        Assert.Equal(8, plainMedia.PayloadFormats[0].PayloadType);
        Assert.Null(plainMedia.IceUfrag);
        plain.Remote = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(plainAnswer.Connection!.Host), plainMedia.Port);

        var result = await browser.ConnectAsync(webOffer, DtlsRole.Client);
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(bridge.TryGetCall("ims-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);

        foreach (var packet in Tones.G711(AudioCodec.Pcma, 8, 700, 40, 0x5555))
        {
            plain.Send(packet);
            await Task.Delay(2);
        }

        await WaitAsync(() => browser.ReceivedRtp.Count >= 38);
        Assert.Equal(700, Tones.G711Frequency(browser.ReceivedRtp, AudioCodec.Pcma));
    }

    [Fact]
    public async Task Offers_beyond_the_call_limit_are_refused_and_same_profile_offers_pass_unchanged()
    {
        await using var browser = new FakeBrowser();
        var bridge = Create(Options(o => o.MaxCalls = 1));
        await using (bridge)
        {
            var first = bridge.Offer(new MediaOfferRequest("a", "f", Bytes(browser.Offer([Pcmu])), MediaLegProfile.Plain));
            Assert.Equal(MediaBridgeStatus.Rewritten, first.Status);
            var second = bridge.Offer(new MediaOfferRequest("b", "f", Bytes(browser.Offer([Pcmu])), MediaLegProfile.Plain));
            Assert.Equal(MediaBridgeStatus.CallLimitReached, second.Status);
            var same = bridge.Offer(new MediaOfferRequest("c", "f", Bytes(browser.Offer([Pcmu])), MediaLegProfile.WebRtc));
            Assert.Equal(MediaBridgeStatus.Unchanged, same.Status);
            var garbage = bridge.Offer(new MediaOfferRequest("d", "f", Bytes("not sdp"), MediaLegProfile.Plain));
            Assert.Equal(MediaBridgeStatus.InvalidSdp, garbage.Status);
            Assert.Equal(MediaBridgeStatus.UnknownCall, bridge.Answer(new MediaAnswerRequest("zz", "f", "t", Bytes("v=0"))).Status);
            Assert.Equal(1, bridge.CallCount);
            Assert.Equal(3, bridge.Ports.InUse);
        }

        Assert.Equal(0, bridge.Ports.InUse);
    }

    internal static async Task WaitAsync(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for a condition");
            await Task.Delay(10);
        }
    }
}
