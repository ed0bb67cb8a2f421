using System.Net;
using System.Net.Sockets;
using System.Text;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip;

/// <summary>
/// The SIP server sample, started once for the tests of <see cref="SipServerSampleCollection"/> on free ports of
/// 127.0.0.1: UDP and TCP on one port, TLS, WS and WSS (with the generated development certificate), and an idle
/// timeout of <see cref="IdleTimeout"/> so the idle test is quick.
/// </summary>
public sealed class SipServerSampleFixture : IAsyncLifetime
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    private readonly SampleProcessGroup _samples = new();
    private ExternalProcess? _process;

    /// <summary>The shared secret of the ephemeral credentials (<c>Ims:EphemeralAuth:Secrets:0</c>).</summary>
    public string Secret { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public int UdpTcpPort { get; private set; }

    public int TlsPort { get; private set; }

    public int WsPort { get; private set; }

    public int WssPort { get; private set; }

    public string Log => _process?.ReadLog([Secret], 200) ?? string.Empty;

    public Task InitializeAsync() => _samples.StartWithRetryAsync(StartSample, WaitUntilAnsweringAsync, "The SIP server sample");

    public Task DisposeAsync() => _samples.StopAsync();

    /// <summary>An OPTIONS over UDP from a fresh socket; returns the answer's status line, or null when none came within <paramref name="wait"/>.</summary>
    public async Task<string?> OptionsOverUdpAsync(TimeSpan wait)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendToAsync(Options("UDP", "probe-" + Guid.NewGuid().ToString("N")), new IPEndPoint(IPAddress.Loopback, UdpTcpPort));
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>An OPTIONS request with a Via of <paramref name="transport"/> and rport.</summary>
    public static byte[] Options(string transport, string callId) => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/{transport} 127.0.0.1:9;rport;branch=z9hG4bK-{callId}\r\n" +
        $"From: <sip:test@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");

    private void StartSample(int attempt)
    {
        UdpTcpPort = FreePort.UdpAndTcp();
        TlsPort = FreePort.Tcp();
        WsPort = FreePort.Tcp();
        WssPort = FreePort.Tcp();
        var log = Path.Combine(Path.GetTempPath(), $"rethink-sipserver-{Environment.ProcessId}-{attempt}.log");
        _process = _samples.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.SipServer"),
            $"--Ims:Sip:Listeners:0=udp://127.0.0.1:{UdpTcpPort}",
            $"--Ims:Sip:Listeners:1=tcp://127.0.0.1:{UdpTcpPort}",
            $"--Ims:Sip:Listeners:2=tls://127.0.0.1:{TlsPort}",
            $"--Ims:Sip:Listeners:3=ws://127.0.0.1:{WsPort}",
            $"--Ims:Sip:Listeners:4=wss://127.0.0.1:{WssPort}",
            "--Ims:Sip:Tls:UseDevelopmentCertificate=true",
            $"--Ims:Sip:IdleTimeout={IdleTimeout}",
            $"--Ims:EphemeralAuth:Secrets:0={Secret}",
        ], log);
    }

    /// <summary>Any answer to an OPTIONS over UDP.</summary>
    private Task WaitUntilAnsweringAsync() => _samples.WaitUntilReadyAsync(
        TimeSpan.FromSeconds(40),
        [],
        expectHealthyBody: false,
        async () => await OptionsOverUdpAsync(TimeSpan.FromMilliseconds(500)) is not null,
        () => Log);
}
