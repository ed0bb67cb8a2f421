using System.Security.Cryptography;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Proxy;

/// <summary>
/// The SIP server sample as the edge proxy (UDP and TCP on one port, WS), started once on free ports of 127.0.0.1 with a
/// random shared secret, its upstream (the "IMS core") on a free UDP port where each test may start a SIPp UAS, and a short
/// T1 (100 ms) so an unreachable upstream times out in 6.4 s (timer B) instead of 32 s.
/// </summary>
public class ProxySampleFixture : IAsyncLifetime
{
    private readonly SampleProcessGroup _samples = new();
    private ExternalProcess? _sip;

    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public int UdpTcpPort { get; private set; }

    public int WsPort { get; private set; }

    public int UpstreamPort { get; private set; }

    /// <summary>The sample's /health and /metrics web host.</summary>
    public int ManagementPort { get; private set; }

    /// <summary>More configuration for a variant of the proxy.</summary>
    protected virtual string[] ExtraArguments => [];

    public string Log => _sip?.ReadLog([Secret], 200) ?? string.Empty;

    public virtual Task InitializeAsync() => _samples.StartWithRetryAsync(StartSample, WaitUntilReadyAsync, "The SIP server sample");

    public virtual Task DisposeAsync() => _samples.StopAsync();

    private void StartSample(int attempt)
    {
        UdpTcpPort = FreePort.UdpAndTcp();
        WsPort = FreePort.Tcp();
        UpstreamPort = FreePort.UdpAndTcp();
        ManagementPort = FreePort.Tcp();
        _sip = _samples.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.SipServer"),
            $"--Ims:Sip:Listeners:0=udp://127.0.0.1:{UdpTcpPort}",
            $"--Ims:Sip:Listeners:1=tcp://127.0.0.1:{UdpTcpPort}",
            $"--Ims:Sip:Listeners:2=ws://127.0.0.1:{WsPort}",
            $"--Ims:EphemeralAuth:Secrets:0={Secret}",
            "--Ims:Sip:Proxy:Enabled=true",
            $"--Ims:Sip:Proxy:Upstream=udp://127.0.0.1:{UpstreamPort}",
            "--Ims:Sip:Transactions:T1=00:00:00.100",
            "--Logging:LogLevel:Rethink.Ims.Sip.Proxy=Debug",
            $"--Ims:Management:Urls=http://127.0.0.1:{ManagementPort}",
            .. ExtraArguments,
        ], Path.Combine(Path.GetTempPath(), $"rethink-edge-proxy-{Environment.ProcessId}-{attempt}.log"));
    }

    /// <summary>The sample answering OPTIONS with 200.</summary>
    private Task WaitUntilReadyAsync() => _samples.WaitUntilReadyAsync(
        TimeSpan.FromSeconds(40),
        [],
        expectHealthyBody: false,
        SampleProcessGroup.SipOptionsProbe(UdpTcpPort, "example.com", TimeSpan.FromMilliseconds(500), status => status == 200),
        () => Log);
}

/// <summary>The edge proxy relaying registrations to the upstream (the "IMS core") with Path and Service-Route.</summary>
public sealed class RelayingProxySampleFixture : ProxySampleFixture
{
    protected override string[] ExtraArguments => ["--Ims:Sip:Proxy:RegistrationRelay:Enabled=true"];
}

/// <summary>The relaying edge answering the core's challenges with a static account per user (alice → alice-core).</summary>
public sealed class StaticAccountRelayingProxySampleFixture : ProxySampleFixture
{
    protected override string[] ExtraArguments => [
        "--Ims:Sip:Proxy:RegistrationRelay:Enabled=true",
        "--Ims:Sip:Proxy:RegistrationRelay:Authentication=StaticAccount",
        "--Ims:Sip:Proxy:RegistrationRelay:Accounts:alice@example.com:Username=alice-core",
        "--Ims:Sip:Proxy:RegistrationRelay:Accounts:alice@example.com:Password=core-secret",
    ];
}

/// <summary>The relaying edge passing the user's own digest to the core (and the core's challenges to the user).</summary>
public sealed class PassThroughRelayingProxySampleFixture : ProxySampleFixture
{
    protected override string[] ExtraArguments => [
        "--Ims:Sip:Proxy:RegistrationRelay:Enabled=true",
        "--Ims:Sip:Proxy:RegistrationRelay:Authentication=PassThrough",
    ];
}

/// <summary>
/// A second relaying edge (authentication None) of its own: the flow-close test must not see the unregistrations that other
/// tests' closing clients cause at a shared upstream port.
/// </summary>
public sealed class FlowCloseRelayingProxySampleFixture : ProxySampleFixture
{
    protected override string[] ExtraArguments => ["--Ims:Sip:Proxy:RegistrationRelay:Enabled=true"];
}
