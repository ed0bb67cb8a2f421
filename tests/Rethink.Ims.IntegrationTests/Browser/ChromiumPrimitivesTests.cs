using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Sdp;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// Headless Chromium against our own primitives composed into a minimal WebRTC endpoint (ICE-lite, DTLS-SRTP,
/// SRTP, one codec): proves the browser harness and that the primitives speak Chrome's dialect, without the
/// bridge. Chrome sends a 440 Hz tone; the endpoint sends 1 kHz back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChromiumPrimitivesTests(ITestOutputHelper output)
{
    private const double BrowserToneHz = 440;
    private const double EndpointToneHz = 1000;

    [Theory]
    [InlineData("PCMU")]
    [InlineData("opus")]
    public async Task Chromium_offers_and_our_ICE_lite_DTLS_server_answers_and_each_side_hears_the_others_tone(string codecName)
    {
        var codec = codecName == "PCMU" ? SdpCodec.Pcmu : SdpCodec.Opus;
        await using var endpoint = new PrimitiveWebRtcEndpoint(codec, EndpointToneHz);
        await BrowserTestRun.RunAsync($"Primitives_browser_offers_{codecName}", output, endpoint.Describe, async (page, context, cancel) =>
        {
            var offer = await page.CreateOfferAsync(BrowserToneHz, cancellationToken: cancel);
            var answer = endpoint.Answer(offer);
            output.WriteLine(answer);
            Assert.Contains("a=setup:passive", answer, StringComparison.Ordinal);
            await page.AcceptAnswerAsync(answer, cancel);
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(15), cancel);

            var handshake = await endpoint.Handshake!.WaitAsync(TimeSpan.FromSeconds(5), cancel);
            Assert.True(handshake.Succeeded, context($"DTLS: {handshake}"));
            Assert.Equal(DtlsRole.Server, handshake.Role);
            await VerifyBothWaysAsync(page, endpoint, codec, handshake, context, cancel);
        });
    }

    [Theory]
    [InlineData("PCMU")]
    [InlineData("opus")]
    public async Task Our_ICE_lite_endpoint_offers_actpass_and_Chromium_answers_active_and_each_side_hears_the_others_tone(string codecName)
    {
        var codec = codecName == "PCMU" ? SdpCodec.Pcmu : SdpCodec.Opus;
        await using var endpoint = new PrimitiveWebRtcEndpoint(codec, EndpointToneHz);
        await BrowserTestRun.RunAsync($"Primitives_endpoint_offers_{codecName}", output, endpoint.Describe, async (page, context, cancel) =>
        {
            var offer = endpoint.Offer();
            output.WriteLine(offer);
            var answer = await page.AcceptOfferAsync(offer, BrowserToneHz, cancellationToken: cancel);
            output.WriteLine(answer);
            endpoint.AcceptAnswer(answer);
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(15), cancel);

            var handshake = await endpoint.Handshake!.WaitAsync(TimeSpan.FromSeconds(5), cancel);
            Assert.True(handshake.Succeeded, context($"DTLS: {handshake}"));
            Assert.Equal(DtlsRole.Server, handshake.Role); // Chromium answers an actpass offer with active
            await VerifyBothWaysAsync(page, endpoint, codec, handshake, context, cancel);
        });
    }

    private async Task VerifyBothWaysAsync(MediaTestPage page, PrimitiveWebRtcEndpoint endpoint, SdpCodec codec, DtlsHandshakeResult handshake, Func<string, string> context, CancellationToken cancel)
    {
        var stats = await AudioAssert.PageHearsAsync(page, EndpointToneHz, context, output, cancel);
        Assert.Equal("audio/" + codec.EncodingName, stats.Inbound!.Codec, StringComparer.OrdinalIgnoreCase);
        Assert.True(stats.Transport?.SrtpCipher == handshake.Profile?.ToRegistryName(), context($"Chromium's SRTP cipher {stats.Transport?.SrtpCipher} is not ours, {handshake.Profile?.ToRegistryName()}"));

        await AudioAssert.ContainsToneAsync(endpoint.ReceivedAudio, endpoint.SampleRate, BrowserToneHz, context, output, cancel);
        Assert.True(endpoint.SrtpPacketsReceived >= 50, context("too few SRTP packets from Chromium unprotected"));
        Assert.True(endpoint.SrtpPacketsRejected == 0, context("SRTP packets from Chromium failed to unprotect with the DTLS-exported keys"));
        output.WriteLine($"page: {await page.StatsAsync(cancel)}");
        output.WriteLine(endpoint.Describe());

        // Closing the peer connection sends a DTLS close_notify, which our session recognises.
        await page.CloseAsync(cancel);
        var closed = await endpoint.DtlsClosed!.WaitAsync(TimeSpan.FromSeconds(5), cancel);
        Assert.True(closed == DtlsCloseReason.PeerCloseNotify, context($"the DTLS association ended with {closed} after the page closed"));
    }
}
