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

    // Stopping it deletes the directory whose configuration holds the (test) secrets; the logs were shown with them
    // redacted if a test failed.
    private readonly SampleProcessGroup _samples = new();

    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A retired secret Kamailio still accepts, as during a rotation; the credential server no longer signs with it.</summary>
    public string OlderSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public int SipPort { get; private set; }

    public int WsPort { get; private set; }

    public Uri Credentials { get; private set; } = null!;

    public Uri MediaManagement { get; private set; } = null!;

    public string Log => _samples.Log([Secret, OlderSecret], 80);

    public async Task InitializeAsync()
    {
        if (!File.Exists(Kamailio.KamailioProcess.ExecutablePath))
        {
            throw new InvalidOperationException($"{Kamailio.KamailioProcess.ExecutablePath} is missing: run scripts/install-test-deps.sh (kamailio, kamailio-autheph-modules, kamailio-websocket-modules).");
        }

        await _samples.StartWithRetryAsync(StartLayoutAsync, WaitUntilReadyAsync, "The layout");
    }

    public Task DisposeAsync() => _samples.StopAsync();

    private async Task StartLayoutAsync(int attempt)
    {
        SipPort = FreePort.Udp();
        WsPort = FreePort.Tcp();
        var ngPort = FreePort.Udp();
        Credentials = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        MediaManagement = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        var mediaBase = 42000 + (Random.Shared.Next(0, 40) * 500);
        var directory = _samples.CreateTempDirectory("rethink-kamailio-layout-");
        _samples.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.MediaServer"),
            $"--Ims:NgControl:Port={ngPort}",
            "--Ims:MediaBridge:BindAddress=127.0.0.1",
            $"--Ims:MediaBridge:PortMin={mediaBase}",
            $"--Ims:MediaBridge:PortMax={mediaBase + 499}",
            $"--Ims:Management:Urls={MediaManagement.ToString().TrimEnd('/')}",
        ], Path.Combine(directory, "media.log"));

        var config = Path.Combine(directory, "kamailio.cfg");
        await File.WriteAllTextAsync(config, DeploymentDocKamailio.Render(SipPort, WsPort, ngPort, Domain, Secret, OlderSecret));
        var run = Directory.CreateDirectory(Path.Combine(directory, "run")).FullName;
        _samples.Start(Kamailio.KamailioProcess.ExecutablePath,
            ["-DD", "-E", "-f", config, "-P", Path.Combine(directory, "kamailio.pid"), "-m", "64", "-M", "8", "-Y", run],
            Path.Combine(directory, "kamailio.log"));

        _samples.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.CredentialServer"),
            "--urls", Credentials.ToString().TrimEnd('/'),
            $"--Ims:EphemeralAuth:Secrets:0={Secret}",
            $"--Ims:EphemeralAuth:Uris:0=ws://127.0.0.1:{WsPort}",
            $"--BrowserClient:SipDomain={Domain}",
            "--BrowserClient:LoopbackMedia=true",
        ], Path.Combine(directory, "credentials.log"));
    }

    /// <summary>Both samples healthy and Kamailio answering an OPTIONS (with whatever status: the document's script challenges it).</summary>
    private Task WaitUntilReadyAsync() => _samples.WaitUntilReadyAsync(
        TimeSpan.FromSeconds(60),
        [new(Credentials, "health"), new(MediaManagement, "health")],
        expectHealthyBody: true,
        SampleProcessGroup.SipOptionsProbe(SipPort, Domain, TimeSpan.FromMilliseconds(300), status => status >= 200),
        () => Log);
}
