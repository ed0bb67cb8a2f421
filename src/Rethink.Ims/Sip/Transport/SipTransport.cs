using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// The SIP transport: binds the configured listeners, receives and parses, stamps the top Via, answers what
/// the parser says is answerable, and hands the rest to an <see cref="ISipInboundHandler"/> through a bounded
/// queue. Connection flows are kept in <see cref="Flows"/> and closed after <see cref="SipTransportOptions.IdleTimeout"/>.
/// </summary>
public sealed class SipTransport : IAsyncDisposable
{
    private readonly SipTransportContext _context;
    private readonly ILoggerFactory _loggerFactory;
    private readonly List<ISipListener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly SipOutboundConnector? _outbound;
    private WebSocketSipServer? _webSockets;
    private ITimer? _idleTimer;
    private X509Certificate2? _certificate;
    private bool _started;

    /// <summary>Creates a transport; nothing is bound until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Listeners and limits.</param>
    /// <param name="handler">Receives parsed messages (the pipeline, or a transaction layer in front of it).</param>
    /// <param name="metrics">The transport's instruments.</param>
    /// <param name="responseSender">Sends answers to malformed requests; by default <see cref="SipResponseSender"/>.</param>
    /// <param name="timeProvider">The clock for idle and handshake timeouts.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="flows">The registry to keep connection flows in (shared with a registrar), or a new one.</param>
    /// <param name="outbound">The client side to attach once the listeners are bound (a proxy sends requests through it), or none.</param>
    public SipTransport(
        SipTransportOptions options,
        ISipInboundHandler handler,
        SipTransportMetrics metrics,
        ISipResponseSender? responseSender = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        SipFlowRegistry? flows = null,
        SipOutboundConnector? outbound = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(metrics);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        var parserOptions = new SipParserOptions
        {
            MaxMessageSize = options.MaxMessageSize,
            MaxBodySize = Math.Min(options.MaxMessageSize, new SipParserOptions().MaxBodySize),
        };
        _context = new SipTransportContext(options, parserOptions, metrics, flows ?? new SipFlowRegistry(), timeProvider ?? TimeProvider.System,
            _loggerFactory.CreateLogger<SipTransport>());
        ResponseSender = responseSender ?? new SipResponseSender(metrics);
        _context.Inbound = new SipInboundQueue(_context, handler, ResponseSender);
        _outbound = outbound;
    }

    /// <summary>The client side (requests to targets), when one was given.</summary>
    public SipOutboundConnector? Outbound => _outbound;

    /// <summary>The open connection flows.</summary>
    public SipFlowRegistry Flows => _context.Registry;

    /// <summary>Sends responses back along the flow a request came on (RFC 3261 §18.2.2).</summary>
    public ISipResponseSender ResponseSender { get; }

    /// <summary>The bound listeners (with the actual ports when 0 was configured), once started.</summary>
    public IReadOnlyList<SipListenerEndpoint> Listeners { get; private set; } = [];

    /// <summary>Binds every listener and starts receiving. Throws when a listener URI is invalid or cannot be bound.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("The SIP transport is already started.");
        }

        _started = true;
        var endpoints = new List<SipListenerEndpoint>();
        foreach (var uri in _context.Options.Listeners)
        {
            endpoints.Add(SipListenerEndpoint.TryParse(uri, out var endpoint, out var error)
                ? endpoint
                : throw new InvalidOperationException($"Listener {error}"));
        }

        if (endpoints.Any(e => e.IsSecure))
        {
            _certificate = SipCertificateLoader.Load(_context.Options.Tls);
        }

        try
        {
            for (var i = 0; i < endpoints.Count; i++)
            {
                var endpoint = endpoints[i];
                if (endpoint.IsWebSocket)
                {
                    continue;
                }

                try
                {
                    _listeners.Add(endpoint.Transport == SipTransportKind.Udp
                        ? new UdpSipListener(_context, endpoint)
                        : new StreamSipListener(_context, endpoint, endpoint.IsSecure ? _certificate : null));
                }
                catch (SocketException e)
                {
                    throw CannotListen(i, e);
                }
            }

            var webSocketEndpoints = endpoints.Where(e => e.IsWebSocket).ToList();
            if (webSocketEndpoints.Count > 0)
            {
                _webSockets = new WebSocketSipServer(_context, webSocketEndpoints, _certificate, _loggerFactory);
                try
                {
                    await _webSockets.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    // Kestrel binds all WebSocket listeners at once and names the address in its message.
                    throw CannotListen(endpoints.IndexOf(webSocketEndpoints[0]), e, several: webSocketEndpoints.Count > 1);
                }
            }
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _context.Inbound.Start(_stopping.Token);
        foreach (var listener in _listeners)
        {
            listener.Start(_stopping.Token);
        }

        Listeners = [.. _listeners.Select(l => l.Endpoint), .. _webSockets?.Endpoints ?? []];
        _outbound?.Attach(_context, _listeners.OfType<UdpSipListener>(), Listeners, _stopping.Token);
        foreach (var listener in Listeners)
        {
            SipTransportLog.Listening(_context.Logger, listener);
        }

        var period = TimeSpan.FromTicks(Math.Clamp(_context.Options.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(15).Ticks));
        _idleTimer = _context.TimeProvider.CreateTimer(_ => CloseIdleFlows(), null, period, period);
    }

    /// <summary>Closes connections that have received nothing for <see cref="SipTransportOptions.IdleTimeout"/>; returns how many.</summary>
    public int CloseIdleFlows()
    {
        var closed = 0;
        foreach (var flow in _context.Registry.Flows)
        {
            if (flow is SipConnectionFlow connection && _context.TimeProvider.GetElapsedTime(connection.LastActivity) >= _context.Options.IdleTimeout)
            {
                SipTransportLog.ConnectionClosed(_context.Logger, flow.Id, "idle");
                _context.Metrics.Dropped(flow.Transport, "idle-timeout");
                flow.Close();
                closed++;
            }
        }

        return closed;
    }

    /// <summary>Stops the listeners, closes every connection and waits for the handlers in progress.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_idleTimer is not null)
        {
            await _idleTimer.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var flow in _context.Registry.Flows)
        {
            flow.Close();
        }

        if (_outbound is not null)
        {
            await _outbound.DetachAsync().ConfigureAwait(false);
        }

        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_webSockets is not null)
        {
            await _webSockets.DisposeAsync().ConfigureAwait(false);
        }

        await _context.Inbound.StopAsync().ConfigureAwait(false);
        _certificate?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>A bind failure that names the listener and its configuration key, so a host that cannot start says which.</summary>
    private InvalidOperationException CannotListen(int index, Exception e, bool several = false)
    {
        var uri = _context.Options.Listeners[index];
        var key = $"{SipTransportOptions.ListenersKey}:{index}";
        var which = several ? $"a WebSocket listener (the first is {uri}, {key})" : $"{uri} ({key})";
        return new InvalidOperationException($"Cannot listen on {which}: {e.Message}", e);
    }
}
