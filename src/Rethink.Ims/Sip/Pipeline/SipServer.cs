using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// The hosted SIP server: starts the <see cref="SipTransport"/> on the configured listeners with the
/// pipeline's <see cref="ISipInboundHandler"/> behind it, and stops it with the host.
/// </summary>
public sealed class SipServer : IHostedService, IAsyncDisposable
{
    private readonly SipServerOptions _options;
    private readonly ISipInboundHandler _handler;
    private readonly ISipResponseSender _sender;
    private readonly SipTransportMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private SipTransport? _transport;

    /// <summary>Creates the server (resolved from DI by <c>AddSipServer</c>).</summary>
    public SipServer(
        IOptions<SipServerOptions> options,
        ISipInboundHandler handler,
        ISipResponseSender sender,
        SipTransportMetrics metrics,
        SipFlowRegistry flows,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        SipOutboundConnector? outbound = null)
    {
        Outbound = outbound;
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _handler = handler;
        _sender = sender;
        _metrics = metrics;
        Flows = flows;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The open connection flows (to send a request to a client over the connection it registered on).</summary>
    public SipFlowRegistry Flows { get; }

    /// <summary>The client side of the transport (requests to targets), attached when the server starts.</summary>
    public SipOutboundConnector? Outbound { get; }

    /// <summary>The bound listeners (actual ports), once started.</summary>
    public IReadOnlyList<SipListenerEndpoint> Listeners => _transport?.Listeners ?? [];

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _transport = new SipTransport(_options, _handler, _metrics, _sender, _timeProvider, _loggerFactory, Flows, Outbound);
        await _transport.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_transport is not null)
        {
            await _transport.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_transport is not null)
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
