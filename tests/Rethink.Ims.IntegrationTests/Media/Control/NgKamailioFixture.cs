using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.IntegrationTests.Kamailio;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.IntegrationTests.Media.Control;

/// <summary>
/// Our <see cref="NgControlServer"/> on a free port with a <see cref="ScriptedMediaControl"/> behind it, a callee
/// socket, and a real Kamailio 5.6 from kamailio-rtpengine.cfg whose rtpengine module points at the server.
/// The server starts first, because the module pings it while Kamailio starts.
/// </summary>
public sealed class NgKamailioFixture : IAsyncLifetime
{
    /// <summary>How long the module waits for a reply before it retransmits (rtpengine_tout_ms).</summary>
    public static readonly TimeSpan ModuleTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>Flags of rtpengine_offer on an INVITE: what a WebRTC-to-IMS edge typically asks for.</summary>
    public const string OfferFlags =
        "trust-address replace-origin replace-session-connection ICE=remove DTLS=off RTP/AVP rtcp-mux-demux " +
        "codec-mask=opus codec-transcode=PCMU codec-transcode=PCMA SDES-off via-branch=1 label=caller";

    /// <summary>Flags of rtpengine_answer on a 2xx: back towards the WebRTC side.</summary>
    public const string AnswerFlags = "trust-address replace-origin replace-session-connection ICE=force DTLS=passive UDP/TLS/RTP/SAVPF rtcp-mux-accept";

    /// <summary>Flags of rtpengine_delete on a BYE.</summary>
    public const string DeleteFlags = "delete-delay=0";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public ScriptedMediaControl Control { get; } = new();

    public SipPeer Callee { get; } = new();

    public IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

    public NgControlServer Server { get; private set; } = null!;

    public KamailioProcess Kamailio { get; private set; } = null!;

    /// <summary>Pings the server had received by the time Kamailio answered its first OPTIONS.</summary>
    public int StartupPings { get; private set; }

    public string ControlSocket => Path.Combine(Kamailio.RuntimeDirectory, "kamailio_ctl");

    public string NgUrl => $"udp:127.0.0.1:{Server.LocalEndPoint!.Port}";

    public async Task InitializeAsync()
    {
        Server = new NgControlServer(
            Control,
            Options.Create(new NgControlServerOptions { Port = 0 }),
            NullLogger<NgControlServer>.Instance,
            new NgControlMetrics(MeterFactory),
            TimeProvider.System);
        await Server.StartAsync(CancellationToken.None);

        var ngPort = Server.LocalEndPoint!.Port.ToString(CultureInfo.InvariantCulture);
        Kamailio = await KamailioProcess.StartAsync(
            "Media/Control/kamailio-rtpengine.cfg",
            (template, port) => Render(template, port, ngPort),
            $"rtpengine module -> ng udp:127.0.0.1:{ngPort}");
        StartupPings = Control.Calls.Count(c => c.Method == "ping");
    }

    public async Task DisposeAsync()
    {
        if (Kamailio is not null)
        {
            await Kamailio.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Callee.Dispose();
        await _services.DisposeAsync();
    }

    private string Render(string template, int port, string ngPort)
    {
        var text = template
            .Replace("{{PORT}}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{NG_PORT}}", ngPort, StringComparison.Ordinal)
            .Replace("{{CALLEE_PORT}}", Callee.EndPoint.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{TOUT_MS}}", ((int)ModuleTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{OFFER_FLAGS}}", OfferFlags, StringComparison.Ordinal)
            .Replace("{{ANSWER_FLAGS}}", AnswerFlags, StringComparison.Ordinal)
            .Replace("{{DELETE_FLAGS}}", DeleteFlags, StringComparison.Ordinal);
        return text.Contains("{{", StringComparison.Ordinal)
            ? throw new InvalidOperationException("kamailio-rtpengine.cfg has a placeholder the fixture does not fill.")
            : text;
    }
}
