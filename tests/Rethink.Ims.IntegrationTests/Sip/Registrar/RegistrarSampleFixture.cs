using System.Security.Cryptography;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Registrar;

/// <summary>
/// The SIP server sample (UDP and TCP on one port, WS, WSS with the development certificate it generates when none is
/// configured) and the credential server sample, started once on free ports of
/// 127.0.0.1 and sharing one random secret through <c>Ims:EphemeralAuth:Secrets:0</c>, as run.sh does.
/// </summary>
public class RegistrarSampleFixture : IAsyncLifetime
{
    private readonly SampleProcessGroup _samples = new();
    private ExternalProcess? _sip;
    private ExternalProcess? _credentials;

    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public int UdpTcpPort { get; private set; }

    public int WsPort { get; private set; }

    public int WssPort { get; private set; }

    public Uri CredentialServer { get; private set; } = null!;

    /// <summary>Further configuration arguments of the SIP server sample.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public string Log => (_sip?.ReadLog([Secret], 200) ?? string.Empty) + "\n--- credential server:\n" + (_credentials?.ReadLog([Secret], 60) ?? string.Empty);

    public Task InitializeAsync() => _samples.StartWithRetryAsync(StartSamples, WaitUntilReadyAsync, "The samples");

    public Task DisposeAsync() => _samples.StopAsync();

    private void StartSamples(int attempt)
    {
        UdpTcpPort = FreePort.UdpAndTcp();
        WsPort = FreePort.Tcp();
        WssPort = FreePort.Tcp();
        var httpPort = FreePort.Tcp();
        CredentialServer = new Uri($"http://127.0.0.1:{httpPort}");
        var tmp = Path.GetTempPath();
        _sip = _samples.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.SipServer"),
            $"--Ims:Sip:Listeners:0=udp://127.0.0.1:{UdpTcpPort}",
            $"--Ims:Sip:Listeners:1=tcp://127.0.0.1:{UdpTcpPort}",
            $"--Ims:Sip:Listeners:2=ws://127.0.0.1:{WsPort}",
            $"--Ims:Sip:Listeners:3=wss://127.0.0.1:{WssPort}",
            $"--Ims:EphemeralAuth:Secrets:0={Secret}",
            .. ExtraArguments,
        ], Path.Combine(tmp, $"rethink-regglue-sip-{Environment.ProcessId}-{attempt}.log"));
        _credentials = _samples.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.CredentialServer"),
            "--urls", CredentialServer.ToString(),
            $"--Ims:EphemeralAuth:Secrets:0={Secret}",
        ], Path.Combine(tmp, $"rethink-regglue-cred-{Environment.ProcessId}-{attempt}.log"));
    }

    /// <summary>The credential server serving its key set and the SIP server answering OPTIONS with 200.</summary>
    private Task WaitUntilReadyAsync() => _samples.WaitUntilReadyAsync(
        TimeSpan.FromSeconds(40),
        [new(CredentialServer, "/dev/jwks")],
        expectHealthyBody: false,
        SampleProcessGroup.SipOptionsProbe(UdpTcpPort, "example.com", TimeSpan.FromMilliseconds(500), status => status == 200),
        () => Log);
}
