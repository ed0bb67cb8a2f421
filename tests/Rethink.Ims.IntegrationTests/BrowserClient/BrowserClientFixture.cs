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
    private readonly SampleProcessGroup _samples = new();

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

    public string Log => _samples.Log([Secret, OtherSecret], 60);

    public Task InitializeAsync() => _samples.StartWithRetryAsync(StartSamples, WaitUntilReadyAsync, "The samples");

    public Task DisposeAsync() => _samples.StopAsync();

    private void StartSamples(int attempt)
    {
        UdpPort = FreePort.UdpAndTcp();
        WsPort = FreePort.Tcp();
        WssPort = FreePort.Tcp();
        Host = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        WrongSecretHost = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        ShortLivedHost = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        var logs = Path.Combine(Path.GetTempPath(), $"rethink-webclient-{Environment.ProcessId}-{attempt}");
        _samples.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.SipServer"),
            $"--Ims:Sip:Listeners:0=udp://127.0.0.1:{UdpPort}",
            $"--Ims:Sip:Listeners:1=ws://127.0.0.1:{WsPort}",
            $"--Ims:Sip:Listeners:2=wss://127.0.0.1:{WssPort}",
            $"--Ims:EphemeralAuth:Secrets:0={Secret}",
            // The edge proxy: calls between the registered pages (media passes straight between the browsers).
            "--Ims:Sip:Proxy:Enabled=true",
        ], logs + "-sip.log");
        StartCredentialServer(Host, Secret, [], logs + "-cred.log");
        StartCredentialServer(WrongSecretHost, OtherSecret, [], logs + "-cred-wrong.log");
        StartCredentialServer(ShortLivedHost, Secret, ["--Ims:EphemeralAuth:TtlSeconds=1"], logs + "-cred-short.log");
    }

    private ExternalProcess StartCredentialServer(Uri url, string secret, IEnumerable<string> extra, string log) =>
        _samples.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.CredentialServer"),
            "--urls", url.ToString().TrimEnd('/'),
            $"--Ims:EphemeralAuth:Secrets:0={secret}",
            // The credential's uris, which the wire-compatible mode connects to (as the original client did).
            $"--Ims:EphemeralAuth:Uris:0=ws://127.0.0.1:{WsPort}",
            // Media on loopback only: the pages announce 127.0.0.1 host candidates.
            "--BrowserClient:LoopbackMedia=true",
            .. extra,
        ], log);

    /// <summary>The three pages served and the SIP server answering OPTIONS with 200.</summary>
    private Task WaitUntilReadyAsync() => _samples.WaitUntilReadyAsync(
        TimeSpan.FromSeconds(60),
        [new(Host, "client-config.json"), new(WrongSecretHost, "client-config.json"), new(ShortLivedHost, "client-config.json")],
        expectHealthyBody: false,
        SampleProcessGroup.SipOptionsProbe(UdpPort, "example.com", TimeSpan.FromMilliseconds(500), status => status == 200),
        () => Log);
}
