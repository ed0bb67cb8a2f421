using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Sdp;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// Headless Chromium against our own primitives composed into a minimal WebRTC endpoint (ICE-lite, DTLS-SRTP
/// server, SRTP, one codec): proves the browser harness and that the primitives speak Chrome's dialect before the
/// bridge exists. Chrome sends a 440 Hz tone; the endpoint sends 1 kHz back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChromiumPrimitivesTests(ITestOutputHelper output)
{
    private const double BrowserToneHz = 440;
    private const double EndpointToneHz = 1000;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("PCMU")]
    [InlineData("opus")]
    public async Task Chromium_and_our_ICE_lite_DTLS_SRTP_endpoint_hear_each_others_tone(string codecName)
    {
        var testName = $"{nameof(Chromium_and_our_ICE_lite_DTLS_SRTP_endpoint_hear_each_others_tone)}_{codecName}";
        var codec = codecName == "PCMU" ? SdpCodec.Pcmu : SdpCodec.Opus;
        using var timeout = new CancellationTokenSource(TestTimeout);
        var cancel = timeout.Token;
        await using var driver = await ChromiumDriver.StartAsync(cancellationToken: cancel);
        await using var endpoint = new PrimitiveWebRtcEndpoint(codec, EndpointToneHz);
        var page = await MediaTestPage.OpenAsync(driver, cancel);
        MediaPageStats? stats = null;
        string Context(string what) => $"{what}\npage: {stats}\n{endpoint.Describe()}\n{driver.DescribeLog()}";
        try
        {
            var offer = await page.CreateOfferAsync(BrowserToneHz, cancellationToken: cancel);
            var answer = endpoint.Answer(offer);
            output.WriteLine(answer);
            await page.AcceptAnswerAsync(answer, cancel);
            await page.WaitConnectedAsync(TimeSpan.FromSeconds(15), cancel);

            var handshake = await endpoint.Handshake!.WaitAsync(TimeSpan.FromSeconds(5), cancel);
            Assert.True(handshake.Succeeded, Context($"DTLS: {handshake}"));
            Assert.Equal(DtlsRole.Server, handshake.Role);

            stats = await page.WaitForAudioAsync(50, TimeSpan.FromSeconds(10), cancel);
            Assert.True(stats.Inbound is { PacketsReceived: >= 50 }, Context("Chromium received too few RTP packets from us"));
            Assert.True(stats.Inbound!.AudioLevel > 0.01, Context($"Chromium's audio level of what we send is {stats.Inbound.AudioLevel}"));
            Assert.Equal("audio/" + codec.EncodingName, stats.Inbound.Codec, StringComparer.OrdinalIgnoreCase);
            Assert.True(stats.Transport?.SrtpCipher == handshake.Profile?.ToRegistryName(), Context($"Chromium's SRTP cipher {stats.Transport?.SrtpCipher} is not ours, {handshake.Profile?.ToRegistryName()}"));

            var heard = await page.MeasureAsync(TimeSpan.FromSeconds(2), cancel);
            output.WriteLine($"Chromium heard: {heard}");
            Assert.True(Math.Abs(heard.MedianHz - EndpointToneHz) < 15, Context($"Chromium should hear {EndpointToneHz} Hz: {heard}"));
            Assert.True(heard.ShareNear(EndpointToneHz, 15) >= 0.8, Context($"Chromium heard {EndpointToneHz} Hz only part of the time: {heard}"));

            var audio = await WaitForAudioAsync(endpoint, TimeSpan.FromSeconds(1.5), cancel);
            var lastSecond = audio.AsSpan(audio.Length - endpoint.SampleRate);
            var share = Tone.EnergyShare(lastSecond, BrowserToneHz, endpoint.SampleRate);
            var dominant = Tone.DominantFrequency(lastSecond, endpoint.SampleRate);
            output.WriteLine($"we heard {dominant} Hz, {share:P0} of the energy at {BrowserToneHz} Hz, rms {Tone.Rms(lastSecond):0.000}");
            Assert.True(share > 0.5 && Math.Abs(dominant - BrowserToneHz) <= 10, Context($"we should hear {BrowserToneHz} Hz; dominant {dominant} Hz, share {share:P0}"));
            Assert.True(endpoint.SrtpPacketsRejected == 0, Context("SRTP packets from Chromium failed to unprotect with the DTLS-exported keys"));

            stats = await page.StatsAsync(cancel);
            output.WriteLine($"page: {stats}");
            await page.ScreenshotAsync(testName, "connected", cancel);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            await TryScreenshotAsync(page, testName);
            throw new InvalidOperationException(Context(e.Message), e);
        }
        catch
        {
            await TryScreenshotAsync(page, testName);
            throw;
        }
    }

    private static async Task<short[]> WaitForAudioAsync(PrimitiveWebRtcEndpoint endpoint, TimeSpan length, CancellationToken cancellationToken)
    {
        var wanted = (int)(length.TotalSeconds * endpoint.SampleRate);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var audio = endpoint.ReceivedAudio();
            if (audio.Length >= wanted)
            {
                return audio;
            }

            Assert.True(DateTime.UtcNow < deadline, $"only {audio.Length} samples of Chromium's audio decoded; {endpoint.Describe()}");
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task TryScreenshotAsync(MediaTestPage page, string testName)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await page.ScreenshotAsync(testName, "failed", timeout.Token);
        }
        catch (Exception e) when (e is BrowserCommandException or OperationCanceledException)
        {
            // The failure itself is what matters.
        }
    }
}
