using System.Net;
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

    public async Task InitializeAsync()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            UdpTcpPort = FreePort.UdpAndTcp();
            WsPort = FreePort.Tcp();
            WssPort = FreePort.Tcp();
            var httpPort = FreePort.Tcp();
            CredentialServer = new Uri($"http://127.0.0.1:{httpPort}");
            var tmp = Path.GetTempPath();
            _sip = ExternalProcess.Start("dotnet", [
                SamplePaths.Assembly("Rethink.Ims.SipServer"),
                $"--Ims:Sip:Listeners:0=udp://127.0.0.1:{UdpTcpPort}",
                $"--Ims:Sip:Listeners:1=tcp://127.0.0.1:{UdpTcpPort}",
                $"--Ims:Sip:Listeners:2=ws://127.0.0.1:{WsPort}",
                $"--Ims:Sip:Listeners:3=wss://127.0.0.1:{WssPort}",
                $"--Ims:EphemeralAuth:Secrets:0={Secret}",
                .. ExtraArguments,
            ], Path.Combine(tmp, $"rethink-regglue-sip-{Environment.ProcessId}-{attempt}.log"));
            _credentials = ExternalProcess.Start("dotnet", [
                SamplePaths.Assembly("Rethink.Ims.CredentialServer"),
                "--urls", CredentialServer.ToString(),
                $"--Ims:EphemeralAuth:Secrets:0={Secret}",
            ], Path.Combine(tmp, $"rethink-regglue-cred-{Environment.ProcessId}-{attempt}.log"));
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
        if (_sip is not null)
        {
            await _sip.DisposeAsync();
        }

        if (_credentials is not null)
        {
            await _credentials.DisposeAsync();
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        using var http = new HttpClient { BaseAddress = CredentialServer, Timeout = TimeSpan.FromSeconds(2) };
        bool sipReady = false, httpReady = false;
        while (DateTime.UtcNow < deadline)
        {
            if (_sip!.HasExited || _credentials!.HasExited)
            {
                throw new TimeoutException("a sample exited:\n" + Log);
            }

            if (!sipReady)
            {
                using var client = new MiniSipClient(new IPEndPoint(IPAddress.Loopback, UdpTcpPort), TimeSpan.FromMilliseconds(500));
                try
                {
                    sipReady = (await client.OptionsAsync("example.com")).StatusCode == 200;
                }
                catch (TimeoutException)
                {
                }
            }

            if (!httpReady)
            {
                try
                {
                    httpReady = (await http.GetAsync(new Uri("/dev/jwks", UriKind.Relative))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
            }

            if (sipReady && httpReady)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("not ready:\n" + Log);
    }
}
