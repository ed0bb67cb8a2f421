using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Media.Rtp;
using static Rethink.Ims.Tests.Media.Bridge.BridgeFixture;
using static Rethink.Ims.Tests.Media.Bridge.MediaBridgeCallTests;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>What the bridge does with bad peers: forged or replayed SRTP, garbage, wrong ICE passwords and fingerprints, silence.</summary>
public class MediaBridgeFaultTests
{
    private const string Pcmu = "0 PCMU/8000";

    [Fact]
    public async Task SRTP_packets_with_a_bad_tag_and_replays_are_dropped_and_counted()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var answer = BrowserCallsPlain(bridge, browser, plain, "srtp-1", [Pcmu]);
        Assert.True((await browser.ConnectAsync(answer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("srtp-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);
        var packets = Tones.G711(AudioCodec.Pcmu, 0, 1000, 3, 0x77);

        var first = browser.SendRtp(packets[0]);
        await WaitAsync(() => plain.ReceivedRtp.Count == 1);

        var forged = (byte[])first.Clone();
        forged[1] = (byte)(forged[1] ^ 0x01);              // another payload type under the old tag
        forged[2]++;                                        // and another sequence number: not a replay
        browser.SendRaw(forged);
        var tampered = ProtectedCopy(browser, packets[1]);
        tampered[^1] ^= 0x80;                               // one bit of the tag
        browser.SendRaw(tampered);
        browser.SendRaw(first);                             // replay
        await WaitAsync(() => call.WebRtc.Counters.AuthenticationFailures == 2 && call.WebRtc.Counters.Replays == 1);

        browser.SendRtp(packets[2]);
        await WaitAsync(() => plain.ReceivedRtp.Count == 2);
        await Task.Delay(50);
        Assert.Equal(2, plain.ReceivedRtp.Count);
        Assert.Equal(3, call.WebRtc.Counters.Dropped);
    }

    [Fact]
    public async Task Garbage_on_either_port_is_ignored_and_counted_and_media_keeps_flowing()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var answer = BrowserCallsPlain(bridge, browser, plain, "junk-1", [Pcmu]);
        Assert.True((await browser.ConnectAsync(answer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("junk-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);

        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var junk = new byte[random.Next(1, 300)];
            random.NextBytes(junk);
            junk[0] = (byte)random.Next(64, 128);           // no RFC 7983 range
            browser.SendRaw(junk);
            plain.Send(junk);
        }

        var rtpLooking = new byte[100];
        random.NextBytes(rtpLooking);
        rtpLooking[0] = 0x80;
        rtpLooking[1] = 0;
        browser.SendRaw(rtpLooking);                        // RTP-shaped but not SRTP: fails authentication

        await WaitAsync(() => call.WebRtc.Counters.Garbage == 50 && call.Plain.Counters.Garbage == 50 &&
                              call.WebRtc.Counters.AuthenticationFailures == 1);
        browser.SendRtp(Tones.G711(AudioCodec.Pcmu, 0, 1000, 1, 9)[0]);
        await WaitAsync(() => plain.ReceivedRtp.Count == 1);
        Assert.Equal(WebRtcLegState.Connected, call.WebRtc.State);
    }

    [Fact]
    public async Task An_ICE_check_with_the_wrong_password_is_rejected_and_selects_nothing()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var answer = BrowserCallsPlain(bridge, browser, plain, "ice-1", [Pcmu]);

        var state = await browser.RunIceAsync(answer, "wrongPasswordWrongPassword", TimeSpan.FromSeconds(10));

        Assert.Equal(IceAgentState.Failed, state);
        Assert.True(bridge.TryGetCall("ice-1", out var call));
        Assert.Null(call.WebRtc.SelectedEndpoint);
        Assert.NotEqual(WebRtcLegState.Connected, call.WebRtc.State);
    }

    [Fact]
    public async Task A_DTLS_peer_whose_certificate_matches_no_offered_fingerprint_is_refused_and_the_call_ends()
    {
        await using var bridge = Create();
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var ended = new TaskCompletionSource<MediaCallEndReason>();
        bridge.CallEnded += (_, reason) => ended.TrySetResult(reason);
        var offer = browser.Offer([Pcmu], fingerprint: FakeBrowser.StrangerCertificate.Fingerprint);
        var answer = BrowserCallsPlain(bridge, browser, plain, "fp-1", [Pcmu], offer: offer);

        var result = await browser.ConnectAsync(answer, DtlsRole.Client);

        Assert.Equal(DtlsHandshakeStatus.FingerprintMismatch, result.Status);
        Assert.Equal(MediaCallEndReason.DtlsFailed, await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, bridge.CallCount);
        Assert.Equal(0, bridge.Ports.InUse);
    }

    [Fact]
    public async Task A_leg_that_stops_sending_is_torn_down_after_the_media_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options(o =>
        {
            o.MediaTimeout = TimeSpan.FromSeconds(10);
            o.Ice = new IceAgentOptions { ConsentTimeout = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromMinutes(5) };
        });
        await using var bridge = Create(options, time);
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var ended = new TaskCompletionSource<MediaCallEndReason>();
        bridge.CallEnded += (_, reason) => ended.TrySetResult(reason);
        var answer = BrowserCallsPlain(bridge, browser, plain, "quiet-1", [Pcmu]);
        Assert.True((await browser.ConnectAsync(answer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("quiet-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);

        // The plain side keeps talking; the browser has gone quiet.
        var packets = Tones.G711(AudioCodec.Pcmu, 0, 440, 20, 0x99);
        for (var second = 0; second < 9; second++)
        {
            plain.Send(packets[second]);
            await WaitAsync(() => call.Plain.Counters.RtpPacketsIn == second + 1);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.False(ended.Task.IsCompleted);
        plain.Send(packets[9]);
        await WaitAsync(() => call.Plain.Counters.RtpPacketsIn == 10);
        time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal(MediaCallEndReason.MediaTimeout, await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, bridge.Ports.InUse);
    }

    [Fact]
    public async Task An_offer_never_answered_is_dropped_after_the_answer_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bridge = Create(Options(o => o.AnswerTimeout = TimeSpan.FromSeconds(30)), time);
        await using var browser = new FakeBrowser();
        var ended = new TaskCompletionSource<MediaCallEndReason>();
        bridge.CallEnded += (_, reason) => ended.TrySetResult(reason);
        Assert.True(bridge.Offer(new MediaOfferRequest("ring-1", "f", Bytes(browser.Offer([Pcmu])), MediaLegProfile.Plain)).IsRewritten);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(ended.Task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(MediaCallEndReason.AnswerTimeout, await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, bridge.Ports.InUse);
    }

    [Fact]
    public async Task Each_leg_gets_its_own_RTCP_report_about_what_it_sent_and_received()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options(o => o.Ice = new IceAgentOptions { ConsentTimeout = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromMinutes(5) });
        await using var bridge = Create(options, time);
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var answer = BrowserCallsPlain(bridge, browser, plain, "rtcp-1", [Pcmu]);
        Assert.True((await browser.ConnectAsync(answer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("rtcp-1", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);

        var fromBrowser = Tones.G711(AudioCodec.Pcmu, 0, 1000, 10, 0xB1);
        foreach (var packet in fromBrowser.Where((_, i) => i != 4))          // one lost on the way
        {
            browser.SendRtp(packet);
        }

        await WaitAsync(() => plain.ReceivedRtp.Count == 9);
        time.Advance(TimeSpan.FromSeconds(5));
        await WaitAsync(() => !plain.ReceivedRtcp.IsEmpty && !browser.ReceivedRtcp.IsEmpty);

        // The plain side hears an SR for the stream the bridge sends it (9 packets), from that stream's SSRC.
        var toPlain = new RtcpCompoundReader(plain.ReceivedRtcp.First());
        Assert.True(toPlain.MoveNext());
        Assert.Equal(RtcpPacketType.SenderReport, toPlain.Current.PacketType);
        Assert.True(toPlain.Current.TryGetSenderInfo(out var info));
        Assert.Equal(0xB1u, info.Ssrc);
        Assert.Equal(9u, info.PacketCount);

        // The browser hears a report block about its own stream: one packet of ten lost.
        var toBrowser = new RtcpCompoundReader(browser.ReceivedRtcp.First());
        Assert.True(toBrowser.MoveNext());
        Assert.True(toBrowser.Current.TryGetReportBlock(0, out var block));
        Assert.Equal(0xB1u, block.Ssrc);
        Assert.Equal(1, block.CumulativeLost);
    }

    [Fact]
    public async Task A_report_due_while_the_WebRTC_leg_closes_under_the_call_is_skipped_without_an_exception()
    {
        // A browser's DTLS close_notify closes the leg before the call is marked ended; the report timer can fire in between.
        // An exception there escaped a timer callback and ended the media server's process.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options(o => o.Ice = new IceAgentOptions { ConsentTimeout = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromMinutes(5) });
        await using var bridge = Create(options, time);
        await using var browser = new FakeBrowser();
        await using var plain = new PlainEndpoint();
        var answer = BrowserCallsPlain(bridge, browser, plain, "rtcp-closing", [Pcmu]);
        Assert.True((await browser.ConnectAsync(answer, DtlsRole.Client)).Succeeded);
        Assert.True(bridge.TryGetCall("rtcp-closing", out var call));
        await WaitAsync(() => call.WebRtc.State == WebRtcLegState.Connected);
        foreach (var packet in Tones.G711(AudioCodec.Pcmu, 0, 1000, 3, 0xB2))
        {
            browser.SendRtp(packet);
        }

        await WaitAsync(() => plain.ReceivedRtp.Count == 3);
        await call.WebRtc.DisposeAsync();

        call.SendReports(null);
        var buffer = new byte[256];
        Assert.False(call.WebRtc.SendRtcp(buffer, 8));
        Assert.False(call.WebRtc.SendRtp(buffer, 12));
    }

    private static byte[] ProtectedCopy(FakeBrowser browser, byte[] rtp)
    {
        var buffer = new byte[rtp.Length + 64];
        rtp.CopyTo(buffer, 0);
        Assert.Equal(Rethink.Ims.Media.Srtp.SrtpResult.Ok, browser.Protect!.ProtectRtp(buffer, rtp.Length, out var length));
        return buffer[..length];
    }
}
