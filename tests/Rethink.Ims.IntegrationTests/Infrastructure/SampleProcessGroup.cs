using System.Net;
using System.Net.Sockets;

namespace Rethink.Ims.IntegrationTests.Infrastructure;

/// <summary>
/// The processes (and temporary directories) a fixture starts together: started again on fresh ports when a port taken
/// between choosing and binding it keeps them from becoming ready, polled until their HTTP endpoints and an optional probe
/// answer, and stopped (directories deleted, since configurations there may hold test secrets) as one.
/// </summary>
public sealed class SampleProcessGroup : IAsyncDisposable
{
    private const int Attempts = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(2);

    private readonly List<ExternalProcess> _processes = [];
    private readonly List<string> _directories = [];

    /// <summary>The running processes, in start order.</summary>
    public IReadOnlyList<ExternalProcess> Processes => _processes;

    /// <summary>Starts a process that belongs to the group.</summary>
    public ExternalProcess Start(string fileName, IEnumerable<string> arguments, string logPath) =>
        Add(ExternalProcess.Start(fileName, arguments, logPath));

    /// <summary>Adopts a process started elsewhere (e.g. by an overridable fixture method).</summary>
    public ExternalProcess Add(ExternalProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>A new temporary directory, deleted when the group stops.</summary>
    public string CreateTempDirectory(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        _directories.Add(directory);
        return directory;
    }

    /// <summary>Every process's log tail with <paramref name="redact"/> replaced, each under its path.</summary>
    public string Log(IEnumerable<string> redact, int maxLines) =>
        string.Join("\n", _processes.Select(p => $"--- {p.LogPath}:\n{p.ReadLog(redact, maxLines)}"));

    /// <summary>
    /// Runs <paramref name="start"/> (given the attempt number, to start the processes on freshly chosen ports) and then
    /// <paramref name="waitUntilReady"/>, up to three times: a <see cref="TimeoutException"/> stops the group and tries again.
    /// </summary>
    public async Task StartWithRetryAsync(Func<int, Task> start, Func<Task> waitUntilReady, string what)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            await start(attempt);
            try
            {
                await waitUntilReady();
                return;
            }
            catch (TimeoutException e)
            {
                last = e;
                await StopAsync();
            }
        }

        throw new InvalidOperationException($"{what} did not start:\n" + last?.Message);
    }

    /// <summary>Synchronous-start overload of <see cref="StartWithRetryAsync(Func{int, Task}, Func{Task}, string)"/>.</summary>
    public Task StartWithRetryAsync(Action<int> start, Func<Task> waitUntilReady, string what) =>
        StartWithRetryAsync(attempt =>
        {
            start(attempt);
            return Task.CompletedTask;
        }, waitUntilReady, what);

    /// <summary>
    /// Polls until every one of <paramref name="urls"/> answers with a success status (and, with
    /// <paramref name="expectHealthyBody"/>, the body <c>Healthy</c>) and then <paramref name="probe"/>, if any, returns
    /// true; a probe that times out counts as not yet. Throws <see cref="TimeoutException"/> (with <paramref name="log"/>)
    /// when a process exits or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task WaitUntilReadyAsync(
        TimeSpan timeout, IEnumerable<Uri> urls, bool expectHealthyBody, Func<Task<bool>>? probe, Func<string> log)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var http = new HttpClient { Timeout = HttpTimeout };
        var pending = new HashSet<Uri>(urls);
        var probed = probe is null;
        while (DateTime.UtcNow < deadline)
        {
            if (_processes.Any(p => p.HasExited))
            {
                throw new TimeoutException("a process exited:\n" + log());
            }

            foreach (var url in pending.ToArray())
            {
                try
                {
                    using var response = await http.GetAsync(url);
                    if (response.IsSuccessStatusCode && (!expectHealthyBody || await response.Content.ReadAsStringAsync() == "Healthy"))
                    {
                        pending.Remove(url);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
            }

            if (pending.Count == 0 && !probed)
            {
                try
                {
                    probed = await probe!();
                }
                catch (Exception e) when (e is TimeoutException or SocketException)
                {
                }
            }

            if (pending.Count == 0 && probed)
            {
                return;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException("not ready:\n" + log());
    }

    /// <summary>A probe sending one OPTIONS to the UDP <paramref name="port"/> and accepting a final status that passes <paramref name="accept"/>.</summary>
    public static Func<Task<bool>> SipOptionsProbe(int port, string domain, TimeSpan timeout, Func<int, bool> accept) => async () =>
    {
        using var client = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, port), timeout);
        return accept((await client.OptionsAsync(domain)).StatusCode);
    };

    /// <summary>Stops every process and deletes the temporary directories; the group can be started again.</summary>
    public async Task StopAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        _directories.Clear();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();
}
