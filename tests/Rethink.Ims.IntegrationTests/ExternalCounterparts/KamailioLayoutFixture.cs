using System.Net;
using System.Security.Cryptography;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>
/// docs/deployment.md layouts 2 and 3 on 127.0.0.1, as <c>IMS_EDGE=off IMS_SIP_WS=ws://...</c> runs them: a real Kamailio
/// 5.6 from the document's configuration (<see cref="DeploymentDocKamailio"/>) in place of our edge, holding the
/// credential service's secret for auth_ephemeral and driving our media server over ng with its rtpengine module;
/// our credential server hosting the page with Kamailio's WebSocket as the SIP server.
/// </summary>
public sealed class KamailioLayoutFixture : IAsyncLifetime
{
    public const string Domain = "example.com";

    private readonly List<ExternalProcess> _processes = [];
    private readonly List<string> _directories = [];

    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A retired secret Kamailio still accepts, as during a rotation; the credential server no longer signs with it.</summary>
    public string OlderSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public int SipPort { get; private set; }

    public int WsPort { get; private set; }

    public Uri Credentials { get; private set; } = null!;

    public Uri MediaManagement { get; private set; } = null!;

    public string Log => string.Join("\n", _processes.Select(p => $"--- {p.LogPath}:\n{p.ReadLog([Secret, OlderSecret], 80)}"));

    public async Task InitializeAsync()
    {
        if (!File.Exists(Kamailio.KamailioProcess.ExecutablePath))
        {
            throw new InvalidOperationException($"{Kamailio.KamailioProcess.ExecutablePath} is missing: run scripts/install-test-deps.sh (kamailio, kamailio-autheph-modules, kamailio-websocket-modules).");
        }

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            SipPort = FreePort.Udp();
            WsPort = FreePort.Tcp();
            var ngPort = FreePort.Udp();
            Credentials = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
            MediaManagement = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
            var mediaBase = 42000 + (Random.Shared.Next(0, 40) * 500);
            var directory = Directory.CreateTempSubdirectory("rethink-kamailio-layout-").FullName;
            _directories.Add(directory);
            _processes.Add(ExternalProcess.Start("dotnet", [
                SamplePaths.Assembly("Rethink.Ims.MediaServer"),
                $"--Ims:NgControl:Port={ngPort}",
                "--Ims:MediaBridge:BindAddress=127.0.0.1",
                $"--Ims:MediaBridge:PortMin={mediaBase}",
                $"--Ims:MediaBridge:PortMax={mediaBase + 499}",
                $"--Ims:Management:Urls={MediaManagement.ToString().TrimEnd('/')}",
            ], Path.Combine(directory, "media.log")));

            var config = Path.Combine(directory, "kamailio.cfg");
            await File.WriteAllTextAsync(config, DeploymentDocKamailio.Render(SipPort, WsPort, ngPort, Domain, Secret, OlderSecret));
            var run = Directory.CreateDirectory(Path.Combine(directory, "run")).FullName;
            _processes.Add(ExternalProcess.Start(Kamailio.KamailioProcess.ExecutablePath,
                ["-DD", "-E", "-f", config, "-P", Path.Combine(directory, "kamailio.pid"), "-m", "64", "-M", "8", "-Y", run],
                Path.Combine(directory, "kamailio.log")));

            _processes.Add(ExternalProcess.Start("dotnet", [
                SamplePaths.Assembly("Rethink.Ims.CredentialServer"),
                "--urls", Credentials.ToString().TrimEnd('/'),
                $"--Ims:EphemeralAuth:Secrets:0={Secret}",
                $"--Ims:EphemeralAuth:Uris:0=ws://127.0.0.1:{WsPort}",
                $"--BrowserClient:SipDomain={Domain}",
                "--BrowserClient:LoopbackMedia=true",
            ], Path.Combine(directory, "credentials.log")));
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

        throw new InvalidOperationException("The layout did not start:\n" + last?.Message);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _processes.Clear();

        // The configuration holds the (test) secrets; the logs were shown with them redacted if a test failed.
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

    /// <summary>Both samples healthy and Kamailio answering an OPTIONS (with whatever status: the document's script challenges it).</summary>
    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var pending = new HashSet<Uri> { new(Credentials, "health"), new(MediaManagement, "health") };
        var kamailio = false;
        using var probe = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, SipPort), TimeSpan.FromMilliseconds(300));
        while (DateTime.UtcNow < deadline)
        {
            if (_processes.Any(p => p.HasExited))
            {
                throw new TimeoutException("a process exited:\n" + Log);
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

            if (!kamailio)
            {
                try
                {
                    kamailio = (await probe.OptionsAsync(Domain)).StatusCode >= 200;
                }
                catch (Exception e) when (e is TimeoutException or System.Net.Sockets.SocketException)
                {
                }
            }

            if (pending.Count == 0 && kamailio)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("not ready:\n" + Log);
    }
}
