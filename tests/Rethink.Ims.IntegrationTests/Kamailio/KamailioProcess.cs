using System.Globalization;
using System.Net;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// A real Kamailio 5.6 with auth_ephemeral, started on 127.0.0.1 from kamailio-autheph.cfg, in the
/// foreground (<c>-DD</c>, no systemd), with its log in a temporary directory. Disposing kills it by pid.
/// </summary>
public sealed class KamailioProcess : IAsyncDisposable
{
    /// <summary>Where Debian's package installs the server.</summary>
    public const string ExecutablePath = "/usr/sbin/kamailio";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly ExternalProcess _process;
    private readonly string _directory;

    private KamailioProcess(KamailioConfig config, ExternalProcess process, string directory, int port)
    {
        Config = config;
        _process = process;
        _directory = directory;
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    /// <summary>The configuration it runs with.</summary>
    public KamailioConfig Config { get; }

    /// <summary>Where it listens for SIP over UDP.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Its process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts Kamailio and waits until it answers an OPTIONS. Retries on another port if it cannot start (e.g. the port was taken meanwhile).</summary>
    public static async Task<KamailioProcess> StartAsync(KamailioConfig config, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run scripts/install-test-deps.sh (Debian packages kamailio, kamailio-autheph-modules).");
        }

        var template = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Kamailio", "kamailio-autheph.cfg"), cancellationToken).ConfigureAwait(false);
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Udp();
            var configText = config.Render(template, port);
            var directory = Directory.CreateTempSubdirectory("rethink-kamailio-").FullName;
            var configPath = Path.Combine(directory, "kamailio.cfg");
            var runDirectory = Directory.CreateDirectory(Path.Combine(directory, "run")).FullName;
            var pidPath = Path.Combine(directory, "kamailio.pid");
            await File.WriteAllTextAsync(configPath, configText, cancellationToken).ConfigureAwait(false);

            var process = ExternalProcess.Start(
                ExecutablePath,
                ["-DD", "-E", "-f", configPath, "-P", pidPath, "-m", "64", "-M", "8", "-Y", runDirectory],
                Path.Combine(directory, "kamailio.log"));
            var kamailio = new KamailioProcess(config, process, directory, port);
            try
            {
                if (await kamailio.WaitUntilAnsweringAsync(pidPath, cancellationToken).ConfigureAwait(false))
                {
                    return kamailio;
                }

                if (attempt == attempts)
                {
                    throw new InvalidOperationException(
                        $"Kamailio ({config}) did not start after {attempts} attempts; exit code {(process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none, still running")}.\n{kamailio.Diagnostics()}");
                }
            }
            catch
            {
                await kamailio.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await kamailio.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>REGISTERs through a fresh <see cref="MiniSipClient"/>; a timeout carries Kamailio's (redacted) log.</summary>
    public async Task<RegisterOutcome> RegisterAsync(
        string digestUsername, string password, string? answerRealm = null, CancellationToken cancellationToken = default)
    {
        using var client = new MiniSipClient(Endpoint);
        try
        {
            return await client.RegisterAsync(digestUsername, password, KamailioConfig.Domain, answerRealm: answerRealm, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{e.Message}\n{Diagnostics()}", e);
        }
    }

    /// <summary>Where Kamailio's stdout and stderr go. It holds the secrets in plain text: never print it as is.</summary>
    public string LogPath => _process.LogPath;

    /// <summary>
    /// The last <paramref name="maxLines"/> lines of Kamailio's log with every configured secret replaced,
    /// for failure messages. Waits a moment first so that the lines about the last request have arrived
    /// through the pipe; call it on failure only.
    /// </summary>
    public string Diagnostics(int maxLines = 80)
    {
        Thread.Sleep(200);
        return $"--- Kamailio ({Config}) pid {_process.Id}, log tail, secrets redacted ---\n{_process.ReadLog(Config.SecretsNewestFirst, maxLines)}";
    }

    /// <summary>Kills Kamailio and deletes its temporary directory (config, log, pid file).</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; holds only a test configuration and log.
        }
    }

    private async Task<bool> WaitUntilAnsweringAsync(string pidPath, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        using var probe = new MiniSipClient(Endpoint, TimeSpan.FromMilliseconds(250));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                var response = await probe.OptionsAsync(KamailioConfig.Domain, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == 200)
                {
                    var pid = File.Exists(pidPath) ? (await File.ReadAllTextAsync(pidPath, cancellationToken).ConfigureAwait(false)).Trim() : "";
                    if (pid != _process.Id.ToString(CultureInfo.InvariantCulture))
                    {
                        throw new InvalidOperationException($"Kamailio answered but its pid file says '{pid}', not {_process.Id}: is another Kamailio on port {Endpoint.Port}?\n{Diagnostics()}");
                    }

                    return true;
                }
            }
            catch (TimeoutException)
            {
                // Not listening yet.
            }
            catch (System.Net.Sockets.SocketException)
            {
                // ICMP port unreachable surfaces as a reset on the next receive: not listening yet.
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"Kamailio did not answer OPTIONS on {Endpoint} within {StartTimeout.TotalSeconds} s.\n{Diagnostics()}");
    }
}
