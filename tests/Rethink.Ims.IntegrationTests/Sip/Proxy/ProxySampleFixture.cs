using System.Net;
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

    public virtual async Task InitializeAsync()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            UdpTcpPort = FreePort.UdpAndTcp();
            WsPort = FreePort.Tcp();
            UpstreamPort = FreePort.UdpAndTcp();
            ManagementPort = FreePort.Tcp();
            _sip = ExternalProcess.Start("dotnet", [
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

        throw new InvalidOperationException("The SIP server sample did not start:\n" + last?.Message);
    }

    public virtual async Task DisposeAsync()
    {
        if (_sip is not null)
        {
            await _sip.DisposeAsync();
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (DateTime.UtcNow < deadline)
        {
            if (_sip!.HasExited)
            {
                throw new TimeoutException("the sample exited:\n" + Log);
            }

            using var client = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, UdpTcpPort), TimeSpan.FromMilliseconds(500));
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

            await Task.Delay(200);
        }

        throw new TimeoutException("not ready:\n" + Log);
    }
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
