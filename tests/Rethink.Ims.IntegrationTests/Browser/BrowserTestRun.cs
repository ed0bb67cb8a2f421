using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// One browser test's frame: a bounded time, a started <see cref="ChromiumDriver"/>, a screenshot at the end (and on
/// failure), and failures that carry the browser log plus whatever the test describes.
/// </summary>
internal static class BrowserTestRun
{
    /// <summary>The default bound on one browser test.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Starts a browser and a media page, runs <paramref name="body"/>, and saves <c>artifacts/browser/&lt;testName&gt;_done.png</c>
    /// (or <c>_failed.png</c>). An exception other than an assertion is rethrown with <paramref name="describe"/> and the browser log.
    /// </summary>
    public static async Task RunAsync(
        string testName,
        ITestOutputHelper output,
        Func<string> describe,
        Func<MediaTestPage, Func<string, string>, CancellationToken, Task> body,
        TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var cancel = limit.Token;
        await using var driver = await ChromiumDriver.StartAsync(cancellationToken: cancel);
        var page = await MediaTestPage.OpenAsync(driver, cancel);
        string Context(string what) => $"{what}\n{describe()}\n{driver.DescribeLog()}";
        try
        {
            await body(page, Context, cancel);
            await page.ScreenshotAsync(testName, "done", cancel);
            output.WriteLine($"screenshot: {BrowserArtifacts.Screenshot(testName, "done")}");
        }
        catch (Exception e)
        {
            await TryScreenshotAsync(page, testName);
            if (e is Xunit.Sdk.XunitException)
            {
                throw;
            }

            throw new InvalidOperationException(Context($"{e.GetType().Name}: {e.Message}" + (cancel.IsCancellationRequested ? $" (the test's {timeout ?? DefaultTimeout} ran out)" : string.Empty)), e);
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
