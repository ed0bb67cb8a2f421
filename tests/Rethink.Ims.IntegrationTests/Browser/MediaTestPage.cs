using System.Text.Json;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// The media test page (<c>tests/js/browser/pages/media.html</c>): an RTCPeerConnection that sends a WebAudio tone
/// and measures what it hears. Offer/answer goes through the test, which hands the offer to a WebRTC endpoint
/// (the bridge, or primitives composed into one) and the endpoint's answer back.
/// </summary>
internal sealed class MediaTestPage
{
    private MediaTestPage(BrowserPage page) => Page = page;

    /// <summary>The underlying page.</summary>
    public BrowserPage Page { get; }

    /// <summary>Opens the page in a new context of <paramref name="driver"/>.</summary>
    public static async Task<MediaTestPage> OpenAsync(ChromiumDriver driver, CancellationToken cancellationToken = default)
    {
        var page = await driver.NewPageAsync("pages/media.html", cancellationToken);
        return new MediaTestPage(page);
    }

    /// <summary>
    /// Starts the tone and returns the page's offer once ICE gathering is complete, with its host candidates rewritten
    /// to 127.0.0.1. <paramref name="codecs"/> (e.g. <c>PCMU</c>, <c>opus</c>) restricts and orders the offered codecs
    /// with setCodecPreferences; null offers Chrome's default list.
    /// </summary>
    public async Task<string> CreateOfferAsync(double toneHz, IEnumerable<string>? codecs = null, CancellationToken cancellationToken = default)
    {
        var options = JsonSerializer.Serialize(new { toneHz, codecs = codecs?.ToArray() });
        return (string)(await Page.EvaluateAsync($"mediaTest.createOffer({options})", cancellationToken: cancellationToken))!;
    }

    /// <summary>
    /// For a call towards the browser: starts the tone, sets <paramref name="offerSdp"/> as the remote offer and returns
    /// the page's answer once ICE gathering is complete (host candidates rewritten to 127.0.0.1).
    /// </summary>
    public async Task<string> AcceptOfferAsync(string offerSdp, double toneHz, IEnumerable<string>? codecs = null, CancellationToken cancellationToken = default)
    {
        var options = JsonSerializer.Serialize(new { toneHz, codecs = codecs?.ToArray() });
        return (string)(await Page.EvaluateAsync($"mediaTest.acceptOffer({JsonSerializer.Serialize(offerSdp)}, {options})", cancellationToken: cancellationToken))!;
    }

    /// <summary>An ICE restart on the running call (<c>restartIce()</c>): returns the new offer, with new ICE credentials.</summary>
    public async Task<string> RestartIceAsync(CancellationToken cancellationToken = default) =>
        (string)(await Page.EvaluateAsync("mediaTest.restartIce({})", cancellationToken: cancellationToken))!;

    /// <summary>Sets the endpoint's answer as the remote description.</summary>
    public Task AcceptAnswerAsync(string sdp, CancellationToken cancellationToken = default) =>
        Page.EvaluateAsync($"mediaTest.acceptAnswer({JsonSerializer.Serialize(sdp)})", cancellationToken: cancellationToken);

    /// <summary>Waits until the connection (ICE and DTLS) is connected; throws with the states and the log otherwise.</summary>
    public Task WaitConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Page.EvaluateAsync($"mediaTest.waitConnected({(int)timeout.TotalMilliseconds})", timeout + TimeSpan.FromSeconds(5), cancellationToken);

    /// <summary>The peer connection's states and getStats() figures.</summary>
    public Task<MediaPageStats> StatsAsync(CancellationToken cancellationToken = default) =>
        Page.EvaluateAsync<MediaPageStats>("mediaTest.stats()", cancellationToken: cancellationToken);

    /// <summary>
    /// Polls the stats until at least <paramref name="packets"/> audio packets were received and the audio level is above
    /// <paramref name="minLevel"/> (it ramps up over the first few hundred milliseconds), or the time is up; returns the last stats.
    /// </summary>
    public async Task<MediaPageStats> WaitForAudioAsync(long packets, TimeSpan timeout, double minLevel = 0.01, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var stats = await StatsAsync(cancellationToken);
            if ((stats.Inbound is { } inbound && inbound.PacketsReceived >= packets && inbound.AudioLevel > minLevel) || DateTime.UtcNow > deadline)
            {
                return stats;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Listens for <paramref name="duration"/> and reports the dominant frequencies heard.</summary>
    public Task<ToneMeasurement> MeasureAsync(TimeSpan duration, CancellationToken cancellationToken = default) =>
        Page.EvaluateAsync<ToneMeasurement>($"mediaTest.measure({(int)duration.TotalMilliseconds})", duration + TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>Closes the peer connection.</summary>
    public Task CloseAsync(CancellationToken cancellationToken = default) => Page.EvaluateAsync("mediaTest.close()", cancellationToken: cancellationToken);

    /// <summary>Saves a screenshot as <c>artifacts/browser/&lt;test&gt;_&lt;state&gt;.png</c>.</summary>
    public Task ScreenshotAsync(string testName, string state, CancellationToken cancellationToken = default) =>
        Page.ScreenshotAsync(BrowserArtifacts.Screenshot(testName, state), cancellationToken);
}
