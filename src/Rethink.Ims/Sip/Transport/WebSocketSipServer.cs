using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// SIP over WebSocket (RFC 7118) on a Kestrel instance the transport owns, separate from any web host of the
/// application, listening on every ws:// and wss:// listener. Any path is accepted; the connection must offer
/// the <c>sip</c> subprotocol (else 400), limits are checked before the upgrade (else 503). One SIP message per
/// WebSocket message, text or binary.
/// </summary>
internal sealed class WebSocketSipServer : IAsyncDisposable
{
    private readonly SipTransportContext _context;
    private readonly WebApplication _app;
    private readonly List<SipListenerEndpoint> _requested;

    public WebSocketSipServer(SipTransportContext context, IReadOnlyList<SipListenerEndpoint> listeners, X509Certificate2? certificate, ILoggerFactory loggerFactory)
    {
        _context = context;
        _requested = [.. listeners];
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentUpgradedConnections = context.Options.MaxConnections;
            kestrel.Limits.RequestHeadersTimeout = context.Options.HandshakeTimeout;
            foreach (var listener in listeners)
            {
                kestrel.Listen(listener.EndPoint, options =>
                {
                    if (listener.Transport == SipTransportKind.Wss)
                    {
                        options.UseHttps(certificate!, https => https.HandshakeTimeout = context.Options.HandshakeTimeout);
                    }
                });
            }
        });
        _app = builder.Build();
        _app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = context.Options.WebSocketKeepAliveInterval });
        _app.Run(HandleAsync);
    }

    /// <summary>The bound listeners, in the order asked for (actual ports once started).</summary>
    public IReadOnlyList<SipListenerEndpoint> Endpoints { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var bound = new List<SipListenerEndpoint>();
        for (var i = 0; i < _requested.Count; i++)
        {
            var requested = _requested[i];
            var endPoint = requested.EndPoint;
            if (i < addresses.Count && Uri.TryCreate(addresses[i], UriKind.Absolute, out var uri))
            {
                endPoint = new IPEndPoint(requested.EndPoint.Address, uri.Port);
            }

            bound.Add(new SipListenerEndpoint(requested.Transport, endPoint));
        }

        Endpoints = bound;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Connections that did not close in time are aborted by disposing.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            http.Response.Headers.Upgrade = "websocket";
            return;
        }

        var transport = http.Request.IsHttps ? SipTransportKind.Wss : SipTransportKind.Ws;
        if (!http.WebSockets.WebSocketRequestedProtocols.Any(p => string.Equals(p, "sip", StringComparison.OrdinalIgnoreCase)))
        {
            _context.Metrics.Refused(transport, "no-sip-subprotocol");
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var remote = new IPEndPoint(http.Connection.RemoteIpAddress ?? IPAddress.None, http.Connection.RemotePort);
        var local = new IPEndPoint(http.Connection.LocalIpAddress ?? IPAddress.None, http.Connection.LocalPort);
        var refusal = _context.Registry.TryReserve(remote.Address, _context.Options.MaxConnections, _context.Options.MaxConnectionsPerAddress);
        if (refusal is not null)
        {
            _context.Metrics.Refused(transport, refusal);
            SipTransportLog.Refused(_context.Logger, remote, refusal);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        WebSocketSipFlow? flow = null;
        try
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                SubProtocol = "sip",
                KeepAliveInterval = _context.Options.WebSocketKeepAliveInterval,
            }).ConfigureAwait(false);
            flow = new WebSocketSipFlow(_context, transport, local, remote, socket);
            _context.Registry.Add(flow);
            _context.Metrics.Opened(transport);
            await flow.ReadLoopAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            _context.Metrics.Dropped(transport, "connection-error");
        }
        finally
        {
            if (flow is not null)
            {
                flow.Close();
                _context.Registry.Remove(flow);
                _context.Metrics.ClosedConnection(transport);
            }

            _context.Registry.Release(remote.Address);
        }
    }
}
