using System.Net;
using System.Security.Cryptography;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.SystemHost;

/// <summary>
/// The three samples configured as run.sh configures them, on free ports of 127.0.0.1: the media server (ng control,
/// a media port range, management HTTP), the SIP server as edge proxy driving it over ng with the echo service on,
/// and the credential server hosting the page, all sharing one secret.
/// </summary>
public sealed class SystemHostFixture : IAsyncLifetime
{
    private readonly List<ExternalProcess> _processes = [];

    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public int SipPort { get; private set; }

    public int WsPort { get; private set; }

    public int EchoPort { get; private set; }

    public int NgPort { get; private set; }

    public Uri Credentials { get; private set; } = null!;

    public Uri EdgeManagement { get; private set; } = null!;

    public Uri MediaManagement { get; private set; } = null!;

    public string Log => string.Join("\n", _processes.Select(p => $"--- {p.LogPath}:\n{p.ReadLog([Secret], 60)}"));

    public async Task InitializeAsync()
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
            MediaManagement = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
            var mediaBase = 42000 + (Random.Shared.Next(0, 40) * 500);
            var logs = Path.Combine(Path.GetTempPath(), $"rethink-system-{Environment.ProcessId}-{attempt}");
            _processes.Add(ExternalProcess.Start("dotnet", [
                SamplePaths.Assembly("Rethink.Ims.MediaServer"),
                $"--Ims:NgControl:Port={NgPort}",
                "--Ims:MediaBridge:BindAddress=127.0.0.1",
                $"--Ims:MediaBridge:PortMin={mediaBase}",
                $"--Ims:MediaBridge:PortMax={mediaBase + 499}",
                $"--Ims:Management:Urls={MediaManagement.ToString().TrimEnd('/')}",
            ], logs + "-media.log"));
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
            ], logs + "-cred.log"));
            try
            {
                await WaitUntilHealthyAsync();
                return;
            }
            catch (TimeoutException e)
            {
                last = e;
                await DisposeAsync();
            }
        }

        throw new InvalidOperationException("The samples did not start:\n" + last?.Message);
    }

    public async Task DisposeAsync()
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
        var pending = new HashSet<Uri> { new(Credentials, "health"), new(EdgeManagement, "health"), new(MediaManagement, "health") };
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
