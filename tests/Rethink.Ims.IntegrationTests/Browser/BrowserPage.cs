using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>One page (in its own browser context) of a <see cref="ChromiumDriver"/>.</summary>
internal sealed class BrowserPage(ChromiumDriver driver, int id)
{
    /// <summary>The driver this page belongs to (its log covers every page).</summary>
    public ChromiumDriver Driver { get; } = driver;

    /// <summary>The driver's page number, as the log shows it (<c>[page 1 log]</c>).</summary>
    public int Id { get; } = id;

    /// <summary>Evaluates a script expression in the page; a promise is awaited. Returns its JSON value (null for undefined).</summary>
    public Task<JsonNode?> EvaluateAsync(string expression, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Driver.SendAsync(new JsonObject { ["op"] = "evaluate", ["page"] = Id, ["expression"] = expression }, timeout ?? ChromiumDriver.DefaultCommandTimeout, cancellationToken);

    /// <summary>Evaluates <paramref name="expression"/> and deserializes its value.</summary>
    public async Task<T> EvaluateAsync<T>(string expression, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var node = await EvaluateAsync(expression, timeout, cancellationToken);
        return node is null ? default! : node.Deserialize<T>(JsonOptions)!;
    }

    /// <summary>Navigates to <paramref name="url"/> (relative to the driver's base address, or absolute).</summary>
    public Task GotoAsync(string url, CancellationToken cancellationToken = default) =>
        Driver.SendAsync(new JsonObject { ["op"] = "goto", ["page"] = Id, ["url"] = new Uri(Driver.BaseUrl, url).ToString() }, ChromiumDriver.DefaultCommandTimeout, cancellationToken);

    /// <summary>Clicks the element <paramref name="selector"/> (a Playwright selector) once it is actionable.</summary>
    public Task ClickAsync(string selector, CancellationToken cancellationToken = default) =>
        Driver.SendAsync(new JsonObject { ["op"] = "click", ["page"] = Id, ["selector"] = selector }, ChromiumDriver.DefaultCommandTimeout, cancellationToken);

    /// <summary>Types <paramref name="value"/> into the input <paramref name="selector"/>.</summary>
    public Task FillAsync(string selector, string value, CancellationToken cancellationToken = default) =>
        Driver.SendAsync(new JsonObject { ["op"] = "fill", ["page"] = Id, ["selector"] = selector, ["value"] = value }, ChromiumDriver.DefaultCommandTimeout, cancellationToken);

    /// <summary>Waits until <paramref name="selector"/> is visible (at most <paramref name="timeout"/>, default 10 s).</summary>
    public Task WaitForSelectorAsync(string selector, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(10);
        return Driver.SendAsync(
            new JsonObject { ["op"] = "waitForSelector", ["page"] = Id, ["selector"] = selector, ["timeout"] = (int)wait.TotalMilliseconds },
            wait + TimeSpan.FromSeconds(5),
            cancellationToken);
    }

    /// <summary>The text content of <paramref name="selector"/>.</summary>
    public async Task<string?> TextContentAsync(string selector, CancellationToken cancellationToken = default) =>
        (string?)await Driver.SendAsync(new JsonObject { ["op"] = "textContent", ["page"] = Id, ["selector"] = selector }, ChromiumDriver.DefaultCommandTimeout, cancellationToken);

    /// <summary>Saves a full-page screenshot to <paramref name="path"/> (PNG).</summary>
    public Task ScreenshotAsync(string path, CancellationToken cancellationToken = default) =>
        Driver.SendAsync(new JsonObject { ["op"] = "screenshot", ["page"] = Id, ["path"] = path }, ChromiumDriver.DefaultCommandTimeout, cancellationToken);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
