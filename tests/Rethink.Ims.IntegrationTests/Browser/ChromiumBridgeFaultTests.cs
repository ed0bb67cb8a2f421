using System.Text;
using System.Text.RegularExpressions;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Ice;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// What the bridge does when the browser misbehaves or goes away, with a real Chromium on the WebRTC leg and the
/// plain G.711 endpoint on the other: a certificate that does not match the signalled fingerprint is refused and no
/// media crosses; a browser that closes its peer connection loses the call once consent runs out, and the ports go back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ChromiumBridgeFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Bridge_refuses_a_browser_whose_DTLS_certificate_does_not_match_its_offered_fingerprint()
    {
        var logs = new CollectingLoggerFactory();
        using var metrics = new BridgeMetricsRecorder();
        await using var bridge = ChromiumBridgeTests.CreateBridge(logs, metrics);
        await using var plain = new PlainRtpEndpoint(1000);
        var ended = new TaskCompletionSource<MediaCallEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        bridge.CallEnded += (_, reason) => ended.TrySetResult(reason);
        var callId = Guid.NewGuid().ToString("N");
        await BrowserTestRun.RunAsync("Bridge_wrong_fingerprint", output, () => ChromiumBridgeTests.Describe(bridge, callId, plain, logs, metrics), async (page, context, cancel) =>
        {
            var offer = await page.CreateOfferAsync(440, ["PCMU"], cancel);
            var forged = Fingerprint().Replace(offer, m => m.Groups[1].Value + (m.Groups[2].Value == "00" ? "01" : "00"), 1);
            Assert.NotEqual(offer, forged);
            var plainOffer = bridge.Offer(new MediaOfferRequest(callId, "caller-tag", Encoding.UTF8.GetBytes(forged), MediaLegProfile.Plain, MediaLegProfile.WebRtc));
            Assert.True(plainOffer.IsRewritten, context($"the bridge refused the offer: {plainOffer.Status} {plainOffer.Detail}"));
            var answer = bridge.Answer(new MediaAnswerRequest(callId, "caller-tag", "callee-tag", Encoding.UTF8.GetBytes(plain.Answer(Encoding.UTF8.GetString(plainOffer.Sdp.Span)))));
            Assert.True(answer.IsRewritten, context($"the bridge refused the answer: {answer.Status} {answer.Detail}"));
            await page.AcceptAnswerAsync(Encoding.UTF8.GetString(answer.Sdp.Span), cancel);

            var reason = await ended.Task.WaitAsync(TimeSpan.FromSeconds(20), cancel);
            Assert.True(reason == MediaCallEndReason.DtlsFailed, context($"the call ended with {reason}"));
            await Task.Delay(1000, cancel);
            var stats = await page.StatsAsync(cancel);
            Assert.True(stats.Connection == "failed" && stats.Transport?.DtlsState == "failed", context($"Chromium's connection should have failed: {stats}"));
            Assert.True((stats.Inbound?.PacketsReceived ?? 0) == 0, context($"media reached Chromium: {stats}"));
            Assert.True(plain.RtpPacketsReceived == 0, context("media from Chromium reached the plain endpoint"));
            Assert.True(bridge.CallCount == 0 && bridge.Ports.InUse == 0, context($"the bridge still holds {bridge.CallCount} call(s), {bridge.Ports.InUse} port(s)"));
            output.WriteLine($"page: {stats}");
        });
    }

    [Fact]
    public async Task Bridge_ends_the_call_and_frees_its_ports_when_the_browser_closes_its_peer_connection()
    {
        var logs = new CollectingLoggerFactory();
        using var metrics = new BridgeMetricsRecorder();
        await using var bridge = ChromiumBridgeTests.CreateBridge(logs, metrics, o => o.Ice = new IceAgentOptions { ConsentTimeout = TimeSpan.FromSeconds(3) });
        await using var plain = new PlainRtpEndpoint(1000);
        var ended = new TaskCompletionSource<MediaCallEndReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        bridge.CallEnded += (_, reason) => ended.TrySetResult(reason);
        var callId = Guid.NewGuid().ToString("N");
        await BrowserTestRun.RunAsync("Bridge_browser_goes_away", output, () => ChromiumBridgeTests.Describe(bridge, callId, plain, logs, metrics), async (page, context, cancel) =>
        {
            var offer = await page.CreateOfferAsync(440, ["PCMU"], cancel);
            var plainOffer = bridge.Offer(new MediaOfferRequest(callId, "caller-tag", Encoding.UTF8.GetBytes(offer), MediaLegProfile.Plain, MediaLegProfile.WebRtc));
            var answer = bridge.Answer(new MediaAnswerRequest(callId, "caller-tag", "callee-tag", Encoding.UTF8.GetBytes(plain.Answer(Encoding.UTF8.GetString(plainOffer.Sdp.Span)))));
            await page.AcceptAnswerAsync(Encoding.UTF8.GetString(answer.Sdp.Span), cancel);
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(15), cancel);
            var stats = await page.WaitForAudioAsync(25, TimeSpan.FromSeconds(10), cancellationToken: cancel);
            Assert.True(stats.Inbound is { PacketsReceived: >= 25 }, context($"the call never carried media: {stats}"));
            Assert.True(bridge.Ports.InUse > 0, context("the call holds no ports"));

            await page.CloseAsync(cancel);
            var closed = DateTime.UtcNow;
            var reason = await ended.Task.WaitAsync(TimeSpan.FromSeconds(15), cancel);
            output.WriteLine($"the call ended {(DateTime.UtcNow - closed).TotalSeconds:0.0} s after the browser closed: {reason}");
            // pc.close() sends DTLS close_notify: the call ends on it, before the 3 s consent timeout could.
            Assert.True(reason == MediaCallEndReason.PeerClosed, context($"the call ended with {reason}"));
            Assert.True(DateTime.UtcNow - closed < TimeSpan.FromSeconds(2.5), context($"the call ended {(DateTime.UtcNow - closed).TotalSeconds:0.0} s after close"));
            Assert.True(bridge.CallCount == 0 && bridge.Ports.InUse == 0, context($"the bridge still holds {bridge.CallCount} call(s), {bridge.Ports.InUse} port(s)"));
        });
    }

    // The first octet of the sha-256 fingerprint's value.
    [GeneratedRegex("(a=fingerprint:sha-256 )([0-9A-F]{2})")]
    private static partial Regex Fingerprint();
}
