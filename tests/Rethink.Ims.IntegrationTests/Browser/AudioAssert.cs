using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// The audio checks every browser media test makes, with failure messages that carry the caller's context (page
/// stats, endpoint counters, browser log): the page hears a tone (getStats packets and audio level, the analyser's
/// dominant frequency), and a C# endpoint's decoded audio holds a tone (Goertzel).
/// </summary>
internal static class AudioAssert
{
    // getStats' audioLevel is 0..1 (full scale); the tones are sent at 0.3, so anything heard reads far above this.
    private const double MinLevel = 0.01;

    /// <summary>
    /// Asserts that the page receives at least 50 audio packets with an audio level above 0.01 and that, over 2 s, the
    /// analyser's dominant frequency is <paramref name="hz"/> (±15 Hz) in at least 80 % of the readings.
    /// Returns the page's stats at that point.
    /// </summary>
    public static async Task<MediaPageStats> PageHearsAsync(MediaTestPage page, double hz, Func<string, string> context, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        var stats = await page.WaitForAudioAsync(50, TimeSpan.FromSeconds(10), MinLevel, cancellationToken);
        Assert.True(stats.Inbound is { PacketsReceived: >= 50 }, context($"the page received too few RTP packets: {stats}"));
        Assert.True(stats.Inbound!.AudioLevel > MinLevel, context($"the page's audio level is {stats.Inbound.AudioLevel}: {stats}"));

        var heard = await page.MeasureAsync(TimeSpan.FromSeconds(2), cancellationToken);
        output.WriteLine($"the page heard: {heard}");
        Assert.True(Math.Abs(heard.MedianHz - hz) < 15, context($"the page should hear {hz} Hz: {heard}"));
        Assert.True(heard.ShareNear(hz, 15) >= 0.8, context($"the page heard {hz} Hz only part of the time: {heard}"));
        return stats;
    }

    /// <summary>
    /// Waits (up to 10 s) until <paramref name="audio"/> holds 1.5 s, then asserts that its last second is a tone of
    /// <paramref name="hz"/>: the dominant frequency within 10 Hz and more than half the energy within 10 Hz of it.
    /// </summary>
    public static async Task ContainsToneAsync(Func<short[]> audio, int sampleRate, double hz, Func<string, string> context, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        var wanted = (int)(1.5 * sampleRate);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        short[] samples;
        while ((samples = audio()).Length < wanted)
        {
            Assert.True(DateTime.UtcNow < deadline, context($"only {samples.Length} samples decoded, {wanted} wanted"));
            await Task.Delay(100, cancellationToken);
        }

        var lastSecond = samples.AsSpan(samples.Length - sampleRate);
        var share = Tone.EnergyShare(lastSecond, hz, sampleRate);
        var dominant = Tone.DominantFrequency(lastSecond, sampleRate);
        output.WriteLine($"the endpoint heard {dominant} Hz, {share:P0} of the energy at {hz} Hz, rms {Tone.Rms(lastSecond):0.000}");
        Assert.True(share > 0.5 && Math.Abs(dominant - hz) <= 10, context($"the endpoint should hear {hz} Hz; dominant {dominant} Hz, share {share:P0}, rms {Tone.Rms(lastSecond):0.000}"));
    }
}
