using System.Net;
using System.Security.Cryptography;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.SystemHost;

/// <summary>
/// The three samples configured as run.sh configures them, on free ports of 127.0.0.1: the media server (ng control,
/// a media port range, management HTTP), the SIP server as edge proxy driving it over ng with the echo service on,
/// and the credential server hosting the page, all sharing one secret. A derived fixture may put an external media
/// server in place of ours (<see cref="StartMediaServer"/>), as run.sh's IMS_MEDIA=off IMS_MEDIA_NG=udp:... does.
/// </summary>
public class SystemHostFixture : IAsyncLifetime
{
    private readonly List<ExternalProcess> _processes = [];

    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public int SipPort { get; private set; }

    public int WsPort { get; private set; }

    public int EchoPort { get; private set; }

    public int NgPort { get; private set; }

    public Uri Credentials { get; private set; } = null!;

    public Uri EdgeManagement { get; private set; } = null!;

    /// <summary>Our media server's health and metrics; null when an external media server stands in for it.</summary>
    public Uri? MediaManagement { get; private set; }

    public string Log => string.Join("\n", _processes.Select(p => $"--- {p.LogPath}:\n{p.ReadLog([Secret], 60)}"));

    public virtual async Task InitializeAsync()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            SipPort = FreePort.UdpAndTcp();
            WsPort = FreePort.Tcp();
            EchoPort = FreePort.Udp();
            NgPort = FreePort.Udp();
            Credentials = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
            EdgeManagement = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
            var mediaBase = 42000 + (Random.Shared.Next(0, 40) * 500);
            var logs = Path.Combine(Path.GetTempPath(), $"rethink-system-{Environment.ProcessId}-{GetHashCode():x}-{attempt}");
            var (media, management) = StartMediaServer(logs, NgPort, mediaBase, mediaBase + 499);
            MediaManagement = management;
            _processes.Add(media);
            _processes.Add(ExternalProcess.Start("dotnet", [
                SamplePaths.Assembly("Rethink.Ims.SipServer"),
                $"--Ims:Sip:Listeners:0=udp://127.0.0.1:{SipPort}",
                $"--Ims:Sip:Listeners:1=tcp://127.0.0.1:{SipPort}",
                $"--Ims:Sip:Listeners:2=ws://127.0.0.1:{WsPort}",
                $"--Ims:EphemeralAuth:Secrets:0={Secret}",
                "--Ims:Sip:Domains:0=example.com",
                "--Ims:Sip:Proxy:Enabled=true",
                $"--Ims:Sip:MediaAnchor:Ng=udp:127.0.0.1:{NgPort}",
                "--Ims:Sip:Echo:Enabled=true",
                $"--Ims:Sip:Echo:SipPort={EchoPort}",
                $"--Ims:Management:Urls={EdgeManagement.ToString().TrimEnd('/')}",
            ], logs + "-edge.log"));
            _processes.Add(ExternalProcess.Start("dotnet", [
                SamplePaths.Assembly("Rethink.Ims.CredentialServer"),
                "--urls", Credentials.ToString().TrimEnd('/'),
                $"--Ims:EphemeralAuth:Secrets:0={Secret}",
                $"--Ims:EphemeralAuth:Uris:0=ws://127.0.0.1:{WsPort}",
                "--BrowserClient:LoopbackMedia=true",
                .. CredentialServerArguments,
            ], logs + "-cred.log"));
            try
            {
                await WaitUntilHealthyAsync();
                return;
            }
            catch (TimeoutException e)
            {
                last = e;
                await StopProcessesAsync();
            }
        }

        throw new InvalidOperationException("The samples did not start:\n" + last?.Message);
    }

    /// <summary>Extra command-line settings for the credential server (e.g. a Google audience and key set).</summary>
    protected virtual IEnumerable<string> CredentialServerArguments => [];

    /// <summary>
    /// Starts the media server the edge drives over ng on <paramref name="ngPort"/>, with media ports
    /// <paramref name="portMin"/>..<paramref name="portMax"/>: ours (with its management URL) unless overridden.
    /// </summary>
    protected virtual (ExternalProcess Process, Uri? Management) StartMediaServer(string logPrefix, int ngPort, int portMin, int portMax)
    {
        var management = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        var process = ExternalProcess.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.MediaServer"),
            $"--Ims:NgControl:Port={ngPort}",
            "--Ims:MediaBridge:BindAddress=127.0.0.1",
            $"--Ims:MediaBridge:PortMin={portMin}",
            $"--Ims:MediaBridge:PortMax={portMax}",
            $"--Ims:Management:Urls={management.ToString().TrimEnd('/')}",
        ], logPrefix + "-media.log");
        return (process, management);
    }

    public virtual Task DisposeAsync() => StopProcessesAsync();

    private async Task StopProcessesAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // The edge's health includes an ng ping to the media server, so an external one is covered by it.
        var pending = new HashSet<Uri> { new(Credentials, "health"), new(EdgeManagement, "health") };
        if (MediaManagement is not null)
        {
            pending.Add(new(MediaManagement, "health"));
        }

        while (DateTime.UtcNow < deadline)
        {
            if (_processes.Any(p => p.HasExited))
            {
                throw new TimeoutException("a sample exited:\n" + Log);
            }

            foreach (var url in pending.ToArray())
            {
                try
                {
                    using var response = await http.GetAsync(url);
                    if (response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync() == "Healthy")
                    {
                        pending.Remove(url);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
            }

            if (pending.Count == 0)
            {
                using var client = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, SipPort), TimeSpan.FromMilliseconds(500));
                try
                {
                    if ((await client.OptionsAsync("example.com")).StatusCode == 200)
                    {
                        return;
                    }
                }
                catch (TimeoutException)
                {
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("not healthy:\n" + Log);
    }
}
