using System.Security.Cryptography;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.SystemHost;

/// <summary>
/// The three samples configured as run.sh configures them, on free ports of 127.0.0.1: the media server (ng control,
/// a media port range, management HTTP), the SIP server as edge proxy driving it over ng with the echo service on,
/// and the credential server hosting the page, all sharing one secret. A derived fixture may put an external media
/// server in place of ours (<see cref="StartMediaServer"/>), as run.sh's IMS_MEDIA=off IMS_MEDIA_NG=udp:... does.
/// </summary>
public class SystemHostFixture : IAsyncLifetime
{
    private readonly SampleProcessGroup _samples = new();

    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public int SipPort { get; private set; }

    public int WsPort { get; private set; }

    public int EchoPort { get; private set; }

    public int NgPort { get; private set; }

    public Uri Credentials { get; private set; } = null!;

    public Uri EdgeManagement { get; private set; } = null!;

    /// <summary>Our media server's health and metrics; null when an external media server stands in for it.</summary>
    public Uri? MediaManagement { get; private set; }

    public string Log => _samples.Log([Secret], 60);

    public virtual Task InitializeAsync() => _samples.StartWithRetryAsync(StartSamples, WaitUntilHealthyAsync, "The samples");

    private void StartSamples(int attempt)
    {
        SipPort = FreePort.UdpAndTcp();
        WsPort = FreePort.Tcp();
        EchoPort = FreePort.Udp();
        NgPort = FreePort.Udp();
        Credentials = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        EdgeManagement = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        var mediaBase = 42000 + (Random.Shared.Next(0, 40) * 500);
        var logs = Path.Combine(Path.GetTempPath(), $"rethink-system-{Environment.ProcessId}-{GetHashCode():x}-{attempt}");
        var (media, management) = StartMediaServer(logs, NgPort, mediaBase, mediaBase + 499);
        MediaManagement = management;
        _samples.Add(media);
        _samples.Start("dotnet", [
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
        ], logs + "-edge.log");
        _samples.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.CredentialServer"),
            "--urls", Credentials.ToString().TrimEnd('/'),
            $"--Ims:EphemeralAuth:Secrets:0={Secret}",
            $"--Ims:EphemeralAuth:Uris:0=ws://127.0.0.1:{WsPort}",
            "--BrowserClient:LoopbackMedia=true",
            .. CredentialServerArguments,
        ], logs + "-cred.log");
    }

    /// <summary>Extra command-line settings for the credential server (e.g. a Google audience and key set).</summary>
    protected virtual IEnumerable<string> CredentialServerArguments => [];

    /// <summary>
    /// Starts the media server the edge drives over ng on <paramref name="ngPort"/>, with media ports
    /// <paramref name="portMin"/>..<paramref name="portMax"/>: ours (with its management URL) unless overridden.
    /// </summary>
    protected virtual (ExternalProcess Process, Uri? Management) StartMediaServer(string logPrefix, int ngPort, int portMin, int portMax)
    {
        var management = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        var process = ExternalProcess.Start("dotnet", [
            SamplePaths.Assembly("Rethink.Ims.MediaServer"),
            $"--Ims:NgControl:Port={ngPort}",
            "--Ims:MediaBridge:BindAddress=127.0.0.1",
            $"--Ims:MediaBridge:PortMin={portMin}",
            $"--Ims:MediaBridge:PortMax={portMax}",
            $"--Ims:Management:Urls={management.ToString().TrimEnd('/')}",
        ], logPrefix + "-media.log");
        return (process, management);
    }

    public virtual Task DisposeAsync() => _samples.StopAsync();

    /// <summary>
    /// Every sample healthy, then the edge answering OPTIONS with 200. The edge's health includes an ng ping to the media
    /// server, so an external one is covered by it.
    /// </summary>
    private Task WaitUntilHealthyAsync() => _samples.WaitUntilReadyAsync(
        TimeSpan.FromSeconds(60),
        MediaManagement is null
            ? [new(Credentials, "health"), new(EdgeManagement, "health")]
            : [new(Credentials, "health"), new(EdgeManagement, "health"), new(MediaManagement, "health")],
        expectHealthyBody: true,
        SampleProcessGroup.SipOptionsProbe(SipPort, "example.com", TimeSpan.FromMilliseconds(500), status => status == 200),
        () => Log);
}
