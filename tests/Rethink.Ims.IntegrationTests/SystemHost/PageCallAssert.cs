using Rethink.Ims.IntegrationTests.BrowserClient;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.SystemHost;

/// <summary>What every browser-client call test checks once the call is established, whatever carries its media.</summary>
internal static class PageCallAssert
{
    /// <summary>
    /// The page in a call hears it: RTP packets in getStats() and a level above silence (screenshot
    /// <paramref name="inCallShot"/>); then it hangs up and the call ends (screenshot <paramref name="endedShot"/>, if given).
    /// </summary>
    public static async Task HearsAudioThenHangUpAsync(BrowserClientPage page, ITestOutputHelper output, string inCallShot, string? endedShot, CancellationToken cancel)
    {
        var (packets, level) = await LoudestAsync(page, cancel);
        output.WriteLine($"{inCallShot}: the page hears {packets} packets, loudest level {level}");
        await page.ScreenshotAsync(inCallShot, cancel);
        Assert.True(packets > 50, $"packets received: {packets}");
        Assert.True(level > 0.01, $"loudest audio level: {level}");

        await page.Page.ClickAsync("#hangup-button", cancel);
        await page.WaitForCallAsync("ended", cancel);
        if (endedShot is not null)
        {
            await page.ScreenshotAsync(endedShot, cancel);
        }
    }

    /// <summary>Polls the page's getStats() for 4 s: audio packets received and the loudest audioLevel seen.</summary>
    private static async Task<(long Packets, double Level)> LoudestAsync(BrowserClientPage page, CancellationToken cancel)
    {
        long packets = 0;
        var level = 0.0;
        for (var i = 0; i < 20; i++)
        {
            var stats = await page.Page.EvaluateAsync<PageStats?>("imsClient.stats()", cancellationToken: cancel);
            if (stats?.Inbound is { } inbound)
            {
                packets = inbound.PacketsReceived;
                level = Math.Max(level, inbound.AudioLevel ?? 0);
            }

            await Task.Delay(200, cancel);
        }

        return (packets, level);
    }

    private sealed record PageStats(PageInboundStats? Inbound, string? ConnectionState);

    private sealed record PageInboundStats(long PacketsReceived, double? AudioLevel, long BytesReceived);
}
