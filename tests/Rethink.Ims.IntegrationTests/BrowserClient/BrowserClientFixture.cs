using System.Net;
using System.Security.Cryptography;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.BrowserClient;

/// <summary>
/// The samples as run.sh starts them, on free ports of 127.0.0.1: the SIP server as edge proxy (UDP, WS, WSS with its
/// development certificate) and the credential server that hosts the browser client page, sharing one secret. Two more
/// credential servers host the same page for the failure cases: one signs with another secret (the SIP server refuses
/// its credentials) and one issues credentials that live one second.
/// </summary>
public sealed class BrowserClientFixture : IAsyncLifetime
{
    private readonly List<ExternalProcess> _processes = [];
    private ExternalProcess? _sip;

    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private string OtherSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public int UdpPort { get; private set; }

    public int WsPort { get; private set; }

    public int WssPort { get; private set; }

    /// <summary>The page's host, sharing the SIP server's secret.</summary>
    public Uri Host { get; private set; } = null!;

    /// <summary>The same page on a credential server whose secret the SIP server does not know.</summary>
    public Uri WrongSecretHost { get; private set; } = null!;

    /// <summary>The same page on a credential server whose credentials expire after one second.</summary>
    public Uri ShortLivedHost { get; private set; } = null!;

    public string Log => string.Join("\n", _processes.Select(p => $"--- {p.LogPath}:\n{p.ReadLog([Secret, OtherSecret], 60)}"));

    public async Task InitializeAsync()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            UdpPort = FreePort.UdpAndTcp();
            WsPort = FreePort.Tcp();
            WssPort = FreePort.Tcp();
            Host = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
            WrongSecretHost = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
            ShortLivedHost = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
            var logs = Path.Combine(Path.GetTempPath(), $"rethink-webclient-{Environment.ProcessId}-{attempt}");
            _sip = ExternalProcess.Start("dotnet", [
                SamplePaths.Assembly("Rethink.Ims.SipServer"),
                $"--Ims:Sip:Listeners:0=udp://127.0.0.1:{UdpPort}",
                $"--Ims:Sip:Listeners:1=ws://127.0.0.1:{WsPort}",
                $"--Ims:Sip:Listeners:2=wss://127.0.0.1:{WssPort}",
                $"--Ims:EphemeralAuth:Secrets:0={Secret}",
                // The edge proxy: calls between the registered pages (media passes straight between the browsers).
                "--Ims:Sip:Proxy:Enabled=true",
            ], logs + "-sip.log");
            _processes.Add(_sip);
            _processes.Add(StartCredentialServer(Host, Secret, [], logs + "-cred.log"));
            _processes.Add(StartCredentialServer(WrongSecretHost, OtherSecret, [], logs + "-cred-wrong.log"));
            _processes.Add(StartCredentialServer(ShortLivedHost, Secret, ["--Ims:EphemeralAuth:TtlSeconds=1"], logs + "-cred-short.log"));
            try
            {
                await WaitUntilReadyAsync();
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

    private ExternalProcess StartCredentialServer(Uri url, string secret, IEnumerable<string> extra, string log) =>
        ExternalProcess.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.CredentialServer"),
            "--urls", url.ToString().TrimEnd('/'),
            $"--Ims:EphemeralAuth:Secrets:0={secret}",
            // The credential's uris, which the wire-compatible mode connects to (as the original client did).
            $"--Ims:EphemeralAuth:Uris:0=ws://127.0.0.1:{WsPort}",
            // Media on loopback only: the pages announce 127.0.0.1 host candidates.
            "--BrowserClient:LoopbackMedia=true",
            .. extra,
        ], log);

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var pending = new HashSet<Uri> { Host, WrongSecretHost, ShortLivedHost };
        var sipReady = false;
        while (DateTime.UtcNow < deadline)
        {
            if (_processes.Any(p => p.HasExited))
            {
                throw new TimeoutException("a sample exited:\n" + Log);
            }

            if (!sipReady)
            {
                using var client = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, UdpPort), TimeSpan.FromMilliseconds(500));
                try
                {
                    sipReady = (await client.OptionsAsync("example.com")).StatusCode == 200;
                }
                catch (TimeoutException)
                {
                }
            }

            foreach (var host in pending.ToArray())
            {
                try
                {
                    if ((await http.GetAsync(new Uri(host, "client-config.json"))).IsSuccessStatusCode)
                    {
                        pending.Remove(host);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
            }

            if (sipReady && pending.Count == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("not ready:\n" + Log);
    }
}
