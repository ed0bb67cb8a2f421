using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>
/// Headless Chromium (Debian's <c>/usr/bin/chromium</c>) driven by <c>tests/js/browser/driver.js</c> (node +
/// playwright-core), spoken to over JSON lines on the node process's stdin and stdout. The driver serves static
/// pages on 127.0.0.1 (<c>tests/js/browser/pages</c> as <c>/pages/</c> by default), opens pages, evaluates script
/// in them and takes screenshots; every console message, page error and driver message is kept for failure
/// messages (<see cref="DescribeLog"/>). Disposing closes the browser; if the test process dies, the driver sees
/// its stdin end and closes the browser itself.
/// </summary>
internal sealed class ChromiumDriver : IAsyncDisposable
{
    /// <summary>How long one command may take unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    private readonly Process _process;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly TaskCompletionSource<JsonNode> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _nextId;
    private bool _disposed;

    private ChromiumDriver(Process process)
    {
        _process = process;
    }

    /// <summary>Where the served pages start, e.g. <c>http://127.0.0.1:41149/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The browser's version, e.g. <c>156.0.8078.108</c>.</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>The folder holding driver.js and pages/.</summary>
    public static string DriverDirectory => Path.Combine(SamplePaths.RepositoryRoot, "tests", "js", "browser");

    /// <summary>
    /// Starts node with the driver and waits until the browser runs. <paramref name="serveDirectories"/> replace the
    /// default served folder: each is served as <c>/&lt;its name&gt;/</c>.
    /// </summary>
    public static async Task<ChromiumDriver> StartAsync(IEnumerable<string>? serveDirectories = null, CancellationToken cancellationToken = default)
    {
        var chromium = Environment.GetEnvironmentVariable("RETHINK_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"{chromium} is missing: run scripts/install-test-deps.sh (Debian package chromium).");
        }

        var jsRoot = Path.Combine(SamplePaths.RepositoryRoot, "tests", "js");
        if (!Directory.Exists(Path.Combine(jsRoot, "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException($"{jsRoot}/node_modules/playwright-core is missing: run scripts/install-test-deps.sh (npm ci).");
        }

        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = jsRoot,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(DriverDirectory, "driver.js"));
        foreach (var directory in serveDirectories ?? [])
        {
            info.ArgumentList.Add("--serve");
            info.ArgumentList.Add(directory);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var driver = new ChromiumDriver(process);
        process.OutputDataReceived += (_, e) => driver.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => driver.OnStderr(e.Data);
        process.Exited += (_, _) => driver.OnExited();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException("node could not be started (is Node.js on PATH?): " + e.Message, e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var ready = await driver._ready.Task.WaitAsync(timeout.Token);
            driver.BaseUrl = new Uri((string)ready["baseUrl"]!);
            driver.Version = (string?)ready["version"] ?? string.Empty;
            return driver;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            var log = driver.DescribeLog();
            await driver.DisposeAsync();
            throw new InvalidOperationException($"The browser driver did not start within {StartTimeout.TotalSeconds} s.\n{log}", e);
        }
    }

    /// <summary>Opens a page in a new browser context (its own storage), at <paramref name="url"/> relative to <see cref="BaseUrl"/> or absolute.</summary>
    public Task<BrowserPage> NewPageAsync(string url, CancellationToken cancellationToken = default) => NewPageAsync(url, ignoreHttpsErrors: false, cancellationToken);

    /// <summary>
    /// Opens a page in a new browser context; <paramref name="ignoreHttpsErrors"/> lets it reach servers with a
    /// self-signed development certificate (the SIP server sample's wss listener).
    /// </summary>
    public Task<BrowserPage> NewPageAsync(string url, bool ignoreHttpsErrors, CancellationToken cancellationToken = default) =>
        NewPageAsync(url, ignoreHttpsErrors, substitutes: null, cancellationToken);

    /// <summary>
    /// Opens a page in a new browser context in which each request for a key of <paramref name="substitutes"/> (an
    /// exact URL, e.g. Google's sign-in script) is answered with what the driver fetches from its value (a loopback
    /// stand-in served by the test): the page still sees the original URL, so its Content-Security-Policy applies.
    /// </summary>
    public async Task<BrowserPage> NewPageAsync(string url, bool ignoreHttpsErrors, IReadOnlyDictionary<string, Uri>? substitutes, CancellationToken cancellationToken = default)
    {
        var absolute = new Uri(BaseUrl, url);
        var command = new JsonObject { ["op"] = "newPage", ["url"] = absolute.ToString(), ["ignoreHttpsErrors"] = ignoreHttpsErrors };
        if (substitutes is not null)
        {
            command["substitutes"] = new JsonArray([.. substitutes.Select(s => (JsonNode)new JsonObject { ["url"] = s.Key, ["from"] = s.Value.ToString() })]);
        }

        var result = await SendAsync(command, DefaultCommandTimeout, cancellationToken);
        return new BrowserPage(this, (int)result!["page"]!);
    }

    /// <summary>Sends one command (its <c>id</c> is added) and returns its result, or throws <see cref="BrowserCommandException"/> with the log.</summary>
    public async Task<JsonNode?> SendAsync(JsonObject command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var id = Interlocked.Increment(ref _nextId);
        command["id"] = id;
        var pending = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        try
        {
            var line = command.ToJsonString();
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken);
                await _process.StandardInput.FlushAsync(cancellationToken);
            }
            finally
            {
                _writeLock.Release();
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                return await pending.Task.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new BrowserCommandException($"{command["op"]} gave no answer within {timeout.TotalSeconds} s.\n{DescribeLog()}");
            }
        }
        catch (IOException e)
        {
            throw new BrowserCommandException($"{command["op"]}: the driver is gone ({e.Message}).\n{DescribeLog()}", e);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>The browser console, page errors and driver output so far (last <paramref name="maxLines"/> lines), for failure messages.</summary>
    public string DescribeLog(int maxLines = 150)
    {
        var lines = _log.ToArray();
        var shown = lines.Skip(Math.Max(0, lines.Length - maxLines));
        return $"--- browser log (Chromium {Version}, {lines.Length} lines{(lines.Length > maxLines ? $", last {maxLines}" : string.Empty)}) ---\n"
            + string.Join('\n', shown) + "\n--- end of browser log ---";
    }

    /// <summary>Closes the browser and waits for node to exit (killing it after 10 s).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    await _process.StandardInput.WriteLineAsync("{\"id\":0,\"op\":\"close\"}");
                    await _process.StandardInput.FlushAsync();
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // Already exiting.
                }

                try
                {
                    await _exited.Task.WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        finally
        {
            _process.Dispose();
            _writeLock.Dispose();
        }
    }

    private void OnStdout(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        JsonNode? message;
        try
        {
            message = JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            Append("[driver] " + line);
            return;
        }

        if (message is not JsonObject obj)
        {
            Append("[driver] " + line);
            return;
        }

        if (obj["id"] is { } idNode)
        {
            var id = (int)idNode;
            if (_pending.TryGetValue(id, out var pending))
            {
                if ((bool?)obj["ok"] == true)
                {
                    pending.TrySetResult(obj["result"]?.DeepClone());
                }
                else
                {
                    var error = (string?)obj["error"] ?? "unknown error";
                    Append($"[driver] command {id} failed: {error}");
                    pending.TrySetException(new BrowserCommandException($"{error}\n{DescribeLog()}"));
                }
            }

            return;
        }

        var kind = (string?)obj["event"];
        switch (kind)
        {
            case "ready":
                Append($"[driver] ready, Chromium {obj["version"]}, serving {obj["baseUrl"]}");
                _ready.TrySetResult(obj);
                break;
            case "console":
                Append($"[page {obj["page"]} {obj["type"]}] {obj["text"]}");
                break;
            case "fatal":
                Append($"[driver fatal] {obj["text"]}");
                _ready.TrySetException(new InvalidOperationException((string?)obj["text"]));
                break;
            default:
                Append($"[{kind} {obj["page"]}] {obj["text"]}");
                break;
        }
    }

    private void OnStderr(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            Append("[driver stderr] " + line);
        }
    }

    private void OnExited()
    {
        Append("[driver] exited");
        _exited.TrySetResult();
        _ready.TrySetException(new InvalidOperationException("the driver exited"));
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new BrowserCommandException("the browser driver exited.\n" + DescribeLog()));
        }
    }

    private void Append(string line) => _log.Enqueue($"{_clock.Elapsed.TotalSeconds,8:0.000} {line}");
}
