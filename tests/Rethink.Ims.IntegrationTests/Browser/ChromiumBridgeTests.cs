using System.Text;
using Microsoft.Extensions.Options;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Sip.Proxy;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// Headless Chromium ↔ our media bridge ↔ a plain RTP/AVP endpoint (<see cref="PlainRtpEndpoint"/>, G.711), driven
/// through the edge proxy's media-anchoring hook (<see cref="MediaBridgeControl"/> as <see cref="ISipMediaAnchor"/>)
/// for calls from the browser, and through <see cref="MediaBridge"/>'s own offer/answer API for calls towards it. The
/// page sends 440 Hz and must hear the plain endpoint's 1 kHz; the plain endpoint decodes G.711 and must hear 440 Hz.
/// Passthrough when the browser's leg is PCMU, transcoding when it is Opus (chosen by the page's codec preferences
/// when it offers, by stripping G.711 from the bridge's offer when it answers).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChromiumBridgeTests(ITestOutputHelper output)
{
    private const double BrowserToneHz = 440;
    private const double PlainToneHz = 1000;

    [Theory]
    [InlineData("PCMU", true)]
    [InlineData("opus", false)]
    public async Task Browser_calls_a_plain_RTP_endpoint_through_the_bridge_and_each_hears_the_others_tone(string browserCodec, bool passthrough)
    {
        var logs = new CollectingLoggerFactory();
        using var metrics = new BridgeMetricsRecorder();
        await using var bridge = CreateBridge(logs, metrics);
        await using var plain = new PlainRtpEndpoint(PlainToneHz);
        var callId = Guid.NewGuid().ToString("N");
        ISipMediaAnchor anchor = new MediaBridgeControl(bridge);
        var dialog = new SipMediaDialog(callId, "caller-tag");
        await BrowserTestRun.RunAsync($"Bridge_browser_calls_plain_{browserCodec}", output, () => Describe(bridge, callId, plain, logs, metrics), async (page, context, cancel) =>
        {
            // Through the edge proxy's media-anchoring hook, as a browser's INVITE and the IMS side's 200 would cross it.
            var offer = await page.CreateOfferAsync(BrowserToneHz, [browserCodec], cancel);
            var plainOffer = await anchor.OfferAsync(new SipMediaOffer(dialog, Encoding.UTF8.GetBytes(offer), FromCaller: true, SipMediaProfile.WebRtc, SipMediaProfile.Plain), cancel);
            Assert.True(plainOffer.Outcome == SipMediaAnchorOutcome.Rewritten, context($"the bridge did not rewrite the browser's offer: {plainOffer.Outcome} {plainOffer.StatusCode} {plainOffer.Reason}"));
            output.WriteLine("plain offer:\n" + Encoding.UTF8.GetString(plainOffer.Sdp.Span));

            var plainAnswer = plain.Answer(Encoding.UTF8.GetString(plainOffer.Sdp.Span));
            var answer = await anchor.AnswerAsync(new SipMediaAnswer(dialog with { ToTag = "callee-tag" }, Encoding.UTF8.GetBytes(plainAnswer), FromCaller: false, SipMediaProfile.Plain), cancel);
            Assert.True(answer.Outcome == SipMediaAnchorOutcome.Rewritten, context($"the bridge did not rewrite the plain answer: {answer.Outcome} {answer.StatusCode} {answer.Reason}"));
            var webAnswer = Encoding.UTF8.GetString(answer.Sdp.Span);
            output.WriteLine("answer to the browser:\n" + webAnswer);
            await page.AcceptAnswerAsync(webAnswer, cancel);
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(15), cancel);

            await VerifyBothWaysAsync(page, bridge, metrics, callId, plain, browserCodec, passthrough, context, cancel);

            // BYE: the hook deletes the call and its ports go back to the range.
            await anchor.DeleteAsync(dialog with { ToTag = "callee-tag" }, cancel);
            Assert.True(bridge.CallCount == 0 && bridge.Ports.InUse == 0, context($"after the delete the bridge still holds {bridge.CallCount} call(s), {bridge.Ports.InUse} port(s)"));
        });
    }

    [Theory]
    [InlineData("PCMU", true)]
    [InlineData("opus", false)]
    public async Task Plain_RTP_endpoint_calls_the_browser_through_the_bridge_and_each_hears_the_others_tone(string browserCodec, bool passthrough)
    {
        var logs = new CollectingLoggerFactory();
        using var metrics = new BridgeMetricsRecorder();
        await using var bridge = CreateBridge(logs, metrics);
        await using var plain = new PlainRtpEndpoint(PlainToneHz);
        var callId = Guid.NewGuid().ToString("N");
        await BrowserTestRun.RunAsync($"Bridge_plain_calls_browser_{browserCodec}", output, () => Describe(bridge, callId, plain, logs, metrics), async (page, context, cancel) =>
        {
            // Chromium as answerer sends the offer's first codec it supports, whatever setCodecPreferences made its answer
            // list (observed with 156: an answer of only opus to "0 111 8" still sends PCMU). So the Opus case strips
            // G.711 from the bridge's WebRTC offer (ng codec-strip) rather than steering the page.
            var negotiation = new MediaNegotiationOptions { Strip = browserCodec == "opus" ? ["PCMU", "PCMA"] : [] };
            var webOffer = bridge.Offer(new MediaOfferRequest(callId, "caller-tag", Encoding.UTF8.GetBytes(plain.Offer()), MediaLegProfile.WebRtc, MediaLegProfile.Plain) { Negotiation = negotiation });
            Assert.True(webOffer.IsRewritten, context($"the bridge refused the plain offer: {webOffer.Status} {webOffer.Detail}"));
            var offer = Encoding.UTF8.GetString(webOffer.Sdp.Span);
            output.WriteLine("offer to the browser:\n" + offer);

            var browserAnswer = await page.AcceptOfferAsync(offer, BrowserToneHz, cancellationToken: cancel);
            output.WriteLine("the browser's answer:\n" + browserAnswer);
            var answer = bridge.Answer(new MediaAnswerRequest(callId, "caller-tag", "callee-tag", Encoding.UTF8.GetBytes(browserAnswer)));
            Assert.True(answer.IsRewritten, context($"the bridge refused the browser's answer: {answer.Status} {answer.Detail}"));
            var plainAnswer = Encoding.UTF8.GetString(answer.Sdp.Span);
            output.WriteLine("plain answer:\n" + plainAnswer);
            plain.AcceptAnswer(plainAnswer);
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(15), cancel);

            await VerifyBothWaysAsync(page, bridge, metrics, callId, plain, browserCodec, passthrough, context, cancel);
        });
    }

    [Fact]
    public async Task Browser_answering_only_opus_but_sending_the_offers_first_codec_is_still_heard_on_the_plain_leg()
    {
        var logs = new CollectingLoggerFactory();
        using var metrics = new BridgeMetricsRecorder();
        await using var bridge = CreateBridge(logs, metrics);
        await using var plain = new PlainRtpEndpoint(PlainToneHz);
        var callId = Guid.NewGuid().ToString("N");
        await BrowserTestRun.RunAsync("Bridge_browser_answers_opus_sends_pcmu", output, () => Describe(bridge, callId, plain, logs, metrics), async (page, context, cancel) =>
        {
            // No codec-strip: the offer keeps PCMU first, the page's answer lists only opus, and Chromium sends PCMU.
            var webOffer = bridge.Offer(new MediaOfferRequest(callId, "caller-tag", Encoding.UTF8.GetBytes(plain.Offer()), MediaLegProfile.WebRtc, MediaLegProfile.Plain));
            Assert.True(webOffer.IsRewritten, context($"the bridge refused the plain offer: {webOffer.Status} {webOffer.Detail}"));
            var browserAnswer = await page.AcceptOfferAsync(Encoding.UTF8.GetString(webOffer.Sdp.Span), BrowserToneHz, ["opus"], cancel);
            output.WriteLine("the browser's answer:\n" + browserAnswer);
            var answer = bridge.Answer(new MediaAnswerRequest(callId, "caller-tag", "callee-tag", Encoding.UTF8.GetBytes(browserAnswer)));
            Assert.True(answer.IsRewritten, context($"the bridge refused the browser's answer: {answer.Status} {answer.Detail}"));
            plain.AcceptAnswer(Encoding.UTF8.GetString(answer.Sdp.Span));
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(15), cancel);

            var stats = await AudioAssert.PageHearsAsync(page, PlainToneHz, context, output, cancel);
            output.WriteLine($"the page sends {stats.Outbound?.Codec}, receives {stats.Inbound?.Codec}");
            await AudioAssert.ContainsToneAsync(plain.ReceivedAudio, plain.SampleRate, BrowserToneHz, context, output, cancel);
            Assert.True(bridge.TryGetCall(callId, out var call), context("the bridge no longer holds the call"));
            Assert.True(call.WebRtc.Counters.RtpPacketsIn >= 25, context("the bridge received no RTP from Chromium"));
            var unknown = metrics.Sum("rethink.ims.media.packets.dropped", "leg=webrtc", "reason=unknown-payload-type");
            Assert.True(unknown == 0, context($"{unknown} packets from Chromium dropped as an unknown payload type"));
        });
    }

    [Fact]
    public async Task An_ICE_restart_mid_call_gets_new_credentials_from_the_bridge_and_checks_with_them_pass_while_media_keeps_flowing()
    {
        var logs = new CollectingLoggerFactory();
        using var metrics = new BridgeMetricsRecorder();
        await using var bridge = CreateBridge(logs, metrics);
        await using var plain = new PlainRtpEndpoint(PlainToneHz);
        var callId = Guid.NewGuid().ToString("N");
        ISipMediaAnchor anchor = new MediaBridgeControl(bridge);
        var dialog = new SipMediaDialog(callId, "caller-tag");
        await BrowserTestRun.RunAsync("Bridge_browser_ice_restart", output, () => Describe(bridge, callId, plain, logs, metrics), async (page, context, cancel) =>
        {
            var offer = await page.CreateOfferAsync(BrowserToneHz, ["PCMU"], cancel);
            var plainOffer = await anchor.OfferAsync(new SipMediaOffer(dialog, Encoding.UTF8.GetBytes(offer), FromCaller: true, SipMediaProfile.WebRtc, SipMediaProfile.Plain), cancel);
            var plainAnswer = Encoding.UTF8.GetBytes(plain.Answer(Encoding.UTF8.GetString(plainOffer.Sdp.Span)));
            var answered = dialog with { ToTag = "callee-tag" };
            var answer = await anchor.AnswerAsync(new SipMediaAnswer(answered, plainAnswer, FromCaller: false, SipMediaProfile.Plain), cancel);
            await page.AcceptAnswerAsync(Encoding.UTF8.GetString(answer.Sdp.Span), cancel);
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(15), cancel);
            await AudioAssert.PageHearsAsync(page, PlainToneHz, context, output, cancel);
            Assert.True(bridge.TryGetCall(callId, out var call), context("the bridge does not hold the call"));
            var firstUfrag = call.WebRtc.LocalIce.Ufrag;

            // The page restarts ICE; the re-INVITE crosses the hook, the IMS side answers as before.
            var restart = await page.RestartIceAsync(cancel);
            output.WriteLine("restart offer:\n" + restart);
            var rePlain = await anchor.OfferAsync(new SipMediaOffer(answered, Encoding.UTF8.GetBytes(restart), FromCaller: true, SipMediaProfile.WebRtc, SipMediaProfile.Plain), cancel);
            Assert.True(rePlain.Outcome == SipMediaAnchorOutcome.Rewritten, context($"the bridge did not take the restart offer: {rePlain.Outcome} {rePlain.Reason}"));
            var reAnswer = await anchor.AnswerAsync(new SipMediaAnswer(answered, plainAnswer, FromCaller: false, SipMediaProfile.Plain), cancel);
            var reAnswerSdp = Encoding.UTF8.GetString(reAnswer.Sdp.Span);
            output.WriteLine("answer to the restart:\n" + reAnswerSdp);
            var newUfrag = SessionDescription.TryParse(reAnswerSdp, out var parsed, out _) ? parsed.Media.Single(m => m.Port != 0).IceUfrag : null;
            Assert.True(newUfrag is not null && newUfrag != firstUfrag && newUfrag == call.WebRtc.LocalIce.Ufrag, context($"the answer should carry new ICE credentials of the bridge: {newUfrag} (was {firstUfrag})"));

            // From here only checks with the new credentials can be answered: the old ones now fail at the bridge.
            var answeredChecks = metrics.Sum("rethink.ims.ice.checks.answered");
            await page.AcceptAnswerAsync(reAnswerSdp, cancel);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (metrics.Sum("rethink.ims.ice.checks.answered") <= answeredChecks && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancel);
            }

            Assert.True(metrics.Sum("rethink.ims.ice.checks.answered") > answeredChecks, context("no check with the new credentials was answered"));
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(15), cancel);
            var before = (Page: (await page.StatsAsync(cancel)).Inbound?.PacketsReceived ?? 0, Plain: plain.RtpPacketsReceived);
            await Task.Delay(1500, cancel);
            var after = (Page: (await page.StatsAsync(cancel)).Inbound?.PacketsReceived ?? 0, Plain: plain.RtpPacketsReceived);
            Assert.True(after.Page > before.Page + 40 && after.Plain > before.Plain + 40, context($"media after the restart: page {before.Page} -> {after.Page}, plain {before.Plain} -> {after.Plain}"));
        });
    }

    internal static MediaBridge CreateBridge(CollectingLoggerFactory logs, BridgeMetricsRecorder metrics, Action<MediaBridgeOptions>? configure = null)
    {
        // A range of its own, away from the defaults other tests on this machine may use.
        var first = 42000 + (Random.Shared.Next(0, 150) * 100);
        var options = new MediaBridgeOptions { BindAddress = "127.0.0.1", PortMin = first, PortMax = first + 99, RtcpInterval = TimeSpan.FromSeconds(1) };
        configure?.Invoke(options);
        return new MediaBridge(Options.Create(options), loggerFactory: logs, metrics: metrics.Metrics, iceMetrics: metrics.Ice);
    }

    internal static string Describe(MediaBridge bridge, string callId, PlainRtpEndpoint plain, CollectingLoggerFactory logs, BridgeMetricsRecorder metrics)
    {
        var call = bridge.TryGetCall(callId, out var c)
            ? $"bridge call: bridged {c.IsBridged}, passthrough {c.IsPassthrough}, webrtc {c.WebRtcCodec} ({c.WebRtc.State}, selected {c.WebRtc.SelectedEndpoint}, " +
              $"in {c.WebRtc.Counters.RtpPacketsIn} out {c.WebRtc.Counters.RtpPacketsOut} auth failures {c.WebRtc.Counters.AuthenticationFailures} dropped {c.WebRtc.Counters.Dropped}), " +
              $"plain {c.PlainCodec} (remote {c.Plain.RemoteRtpEndPoint}, in {c.Plain.Counters.RtpPacketsIn} out {c.Plain.Counters.RtpPacketsOut} dropped {c.Plain.Counters.Dropped})"
            : "bridge call: none";
        return $"{call}\n{plain.Describe()}\n{metrics.Describe()}\n{logs.Describe()}";
    }

    private async Task VerifyBothWaysAsync(
        MediaTestPage page, MediaBridge bridge, BridgeMetricsRecorder metrics, string callId, PlainRtpEndpoint plain, string browserCodec, bool passthrough, Func<string, string> context, CancellationToken cancel)
    {
        var stats = await AudioAssert.PageHearsAsync(page, PlainToneHz, context, output, cancel);
        Assert.True(string.Equals(stats.Inbound!.Codec, "audio/" + browserCodec, StringComparison.OrdinalIgnoreCase), context($"the page should receive {browserCodec}: {stats}"));
        Assert.True(string.Equals(stats.Outbound?.Codec, "audio/" + browserCodec, StringComparison.OrdinalIgnoreCase), context($"the page should send {browserCodec}: {stats}"));
        await AudioAssert.ContainsToneAsync(plain.ReceivedAudio, plain.SampleRate, BrowserToneHz, context, output, cancel);

        Assert.True(bridge.TryGetCall(callId, out var call), context("the bridge no longer holds the call"));
        Assert.True(call.IsPassthrough == passthrough, context(passthrough ? "PCMU on both legs should pass through" : "Opus to PCMU should be transcoded"));
        Assert.True(call.WebRtc.Counters.AuthenticationFailures == 0, context("SRTP from Chromium failed authentication at the bridge"));

        // RTCP is terminated per leg: Chromium gets the bridge's own receiver and sender reports, and they are sane.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while ((stats.RemoteInbound is not { ReportsReceived: > 0 } || stats.RemoteOutbound is not { ReportsSent: > 0 }) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, cancel);
            stats = await page.StatsAsync(cancel);
        }

        Assert.True(stats.RemoteInbound is { ReportsReceived: > 0, PacketsLost: >= 0 and <= 5, FractionLost: < 0.05 }, context($"the bridge's receiver reports to Chromium: {stats}"));
        Assert.True(stats.RemoteOutbound is { ReportsSent: > 0, PacketsSent: > 0 } && stats.RemoteOutbound.PacketsSent <= stats.Inbound!.PacketsReceived + 100, context($"the bridge's sender reports to Chromium: {stats}"));
        output.WriteLine($"page: {await page.StatsAsync(cancel)}");
        output.WriteLine(Describe(bridge, callId, plain, new CollectingLoggerFactory(), metrics));
    }
}
