using System.Globalization;
using System.Net;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// A real Kamailio 5.6, started on 127.0.0.1 in the foreground (<c>-DD</c>, no systemd) from a configuration
/// template copied to the test output (Kamailio/kamailio-autheph.cfg unless told otherwise), with its log and
/// runtime directory in a temporary directory. Disposing kills it by pid.
/// </summary>
public sealed class KamailioProcess : IAsyncDisposable
{
    /// <summary>Where Debian's package installs the server.</summary>
    public const string ExecutablePath = "/usr/sbin/kamailio";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private const string AuthephTemplate = "Kamailio/kamailio-autheph.cfg";

    private readonly ExternalProcess _process;
    private readonly string _directory;
    private readonly string _description;
    private readonly IReadOnlyList<string> _secrets;

    private KamailioProcess(KamailioConfig? config, string description, IReadOnlyList<string> secrets, ExternalProcess process, string directory, int port)
    {
        Config = config;
        _description = description;
        _secrets = secrets;
        _process = process;
        _directory = directory;
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    /// <summary>The auth_ephemeral configuration it runs with, or null when it was started from another template.</summary>
    public KamailioConfig? Config { get; }

    /// <summary>Its runtime directory (<c>-Y</c>): the ctl module's default socket is <c>kamailio_ctl</c> in there.</summary>
    public string RuntimeDirectory => Path.Combine(_directory, "run");

    /// <summary>Where it listens for SIP over UDP.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Its process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts Kamailio with auth_ephemeral and waits until it answers an OPTIONS. Retries on another port if it cannot start (e.g. the port was taken meanwhile).</summary>
    public static Task<KamailioProcess> StartAsync(KamailioConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return StartAsync(AuthephTemplate, config.Render, config.ToString(), config.SecretsNewestFirst, config, cancellationToken);
    }

    /// <summary>
    /// Starts Kamailio from <paramref name="templatePath"/> (relative to the test output directory) and waits until
    /// it answers an OPTIONS, so the template must answer one with 200. <paramref name="render"/> turns the
    /// template into the configuration for a given SIP port; <paramref name="description"/> names it in messages.
    /// </summary>
    public static Task<KamailioProcess> StartAsync(
        string templatePath, Func<string, int, string> render, string description, CancellationToken cancellationToken = default) =>
        StartAsync(templatePath, render, description, [], null, cancellationToken);

    private static async Task<KamailioProcess> StartAsync(
        string templatePath,
        Func<string, int, string> render,
        string description,
        IReadOnlyList<string> secrets,
        KamailioConfig? config,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run scripts/install-test-deps.sh (Debian packages kamailio, kamailio-autheph-modules).");
        }

        var template = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, templatePath), cancellationToken).ConfigureAwait(false);
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Udp();
            var configText = render(template, port);
            var directory = Directory.CreateTempSubdirectory("rethink-kamailio-").FullName;
            var configPath = Path.Combine(directory, "kamailio.cfg");
            var runDirectory = Directory.CreateDirectory(Path.Combine(directory, "run")).FullName;
            var pidPath = Path.Combine(directory, "kamailio.pid");
            await File.WriteAllTextAsync(configPath, configText, cancellationToken).ConfigureAwait(false);

            var process = ExternalProcess.Start(
                ExecutablePath,
                ["-DD", "-E", "-f", configPath, "-P", pidPath, "-m", "64", "-M", "8", "-Y", runDirectory],
                Path.Combine(directory, "kamailio.log"));
            var kamailio = new KamailioProcess(config, description, secrets, process, directory, port);
            try
            {
                if (await kamailio.WaitUntilAnsweringAsync(pidPath, cancellationToken).ConfigureAwait(false))
                {
                    return kamailio;
                }

                if (attempt == attempts)
                {
                    throw new InvalidOperationException(
                        $"Kamailio ({description}) did not start after {attempts} attempts; exit code {(process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none, still running")}.\n{kamailio.Diagnostics()}");
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
        return $"--- Kamailio ({_description}) pid {_process.Id}, log tail, secrets redacted ---\n{_process.ReadLog(_secrets, maxLines)}";
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
