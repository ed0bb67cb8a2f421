using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.IntegrationTests.Kamailio;
using Rethink.Ims.IntegrationTests.Media.Control;
using Rethink.Ims.Media.Bridge;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.IntegrationTests.Media.Bridge;

/// <summary>
/// The real bridge (<see cref="MediaBridge"/> behind <see cref="MediaBridgeControl"/> and <see cref="NgControlServer"/>)
/// and a real Kamailio 5.6 from Media/Control/kamailio-rtpengine.cfg whose rtpengine module points at it: INVITEs are
/// offered to the bridge and relayed to <see cref="Callee"/>, 2xx answers go through the bridge, BYE deletes.
/// </summary>
public class BridgeKamailioFixture : IAsyncLifetime
{
    /// <summary>What a WebRTC-to-IMS edge asks rtpengine for on the INVITE.</summary>
    public const string OfferFlags =
        "trust-address replace-origin replace-session-connection ICE=remove DTLS=off RTP/AVP rtcp-mux-demux " +
        "codec-mask=opus codec-transcode=PCMU codec-transcode=PCMA SDES-off via-branch=1";

    /// <summary>And on the 2xx, back towards the browser.</summary>
    public const string AnswerFlags = "trust-address replace-origin replace-session-connection ICE=force DTLS=passive UDP/TLS/RTP/SAVPF rtcp-mux-accept";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public SipPeer Callee { get; } = new();

    public MediaBridge Bridge { get; private set; } = null!;

    public NgControlServer Server { get; private set; } = null!;

    public KamailioProcess Kamailio { get; private set; } = null!;

    /// <summary>The flags of Kamailio's <c>rtpengine_offer</c> in this fixture.</summary>
    protected virtual string OfferFlagsInUse => OfferFlags;

    /// <summary>The flags of Kamailio's <c>rtpengine_answer</c> in this fixture.</summary>
    protected virtual string AnswerFlagsInUse => AnswerFlags;

    /// <summary>The bridge's first media port (each fixture its own range).</summary>
    protected virtual int PortMin => 46000;

    public async Task InitializeAsync()
    {
        var factory = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        Bridge = new MediaBridge(Options.Create(new MediaBridgeOptions { PortMin = PortMin, PortMax = PortMin + 999 }), TimeProvider.System, null, new MediaBridgeMetrics(factory));
        Server = new NgControlServer(new MediaBridgeControl(Bridge), Options.Create(new NgControlServerOptions { Port = 0 }),
            NullLogger<NgControlServer>.Instance, new NgControlMetrics(factory), TimeProvider.System);
        await Server.StartAsync(CancellationToken.None);
        var ngPort = Server.LocalEndPoint!.Port.ToString(CultureInfo.InvariantCulture);
        Kamailio = await KamailioProcess.StartAsync("Media/Control/kamailio-rtpengine.cfg", (template, port) => template
            .Replace("{{PORT}}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{NG_PORT}}", ngPort, StringComparison.Ordinal)
            .Replace("{{CALLEE_PORT}}", Callee.EndPoint.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{TOUT_MS}}", "1000", StringComparison.Ordinal)
            .Replace("{{OFFER_FLAGS}}", OfferFlagsInUse, StringComparison.Ordinal)
            .Replace("{{ANSWER_FLAGS}}", AnswerFlagsInUse, StringComparison.Ordinal)
            .Replace("{{DELETE_FLAGS}}", "", StringComparison.Ordinal), $"rtpengine module -> media bridge ng udp:127.0.0.1:{ngPort}");
    }

    /// <summary>Waits for a message at <paramref name="peer"/>; a timeout carries Kamailio's log.</summary>
    public async Task<SipText> ExpectAsync(SipPeer peer, Func<SipText, bool> match, string what)
    {
        try
        {
            return await peer.ReceiveAsync(match, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Kamailio.Diagnostics()}", e);
        }
    }

    /// <summary>Polls <paramref name="condition"/> for up to 15 s (media arriving over loopback).</summary>
    public static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for media");
            await Task.Delay(10);
        }
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

        if (Bridge is not null)
        {
            await Bridge.DisposeAsync();
        }

        Callee.Dispose();
        await _services.DisposeAsync();
    }
}
