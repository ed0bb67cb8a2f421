using Rethink.Ims.IntegrationTests.Browser;
using Xunit.Abstractions;

namespace Rethink.Ims.IntegrationTests.BrowserClient;

/// <summary>
/// One browser-client page test against started processes: a bounded time and a started <see cref="ChromiumDriver"/>;
/// a failure carries the processes' logs (secrets redacted by the fixture) and the browser's.
/// </summary>
internal static class BrowserClientTestRun
{
    /// <summary>
    /// Runs <paramref name="body"/> (given the driver, <paramref name="test"/> and the cancellation of
    /// <paramref name="timeout"/>). An exception other than an assertion is rethrown with <paramref name="log"/> and the
    /// browser log; an assertion is rethrown as is, with both logs written to <paramref name="output"/>.
    /// </summary>
    public static async Task RunAsync(
        string test, TimeSpan timeout, ITestOutputHelper output, Func<string> log, Func<ChromiumDriver, string, CancellationToken, Task> body)
    {
        using var limit = new CancellationTokenSource(timeout);
        var cancel = limit.Token;
        await using var driver = await ChromiumDriver.StartAsync(cancellationToken: cancel);
        try
        {
            await body(driver, test, cancel);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{test}: {e.GetType().Name}: {e.Message}\n{log()}\n{driver.DescribeLog()}", e);
        }
        catch
        {
            output.WriteLine(driver.DescribeLog());
            output.WriteLine(log());
            throw;
        }
    }
}
