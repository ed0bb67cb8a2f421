using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// The client side of the transport: gives a flow to send a request to a target. UDP goes out of the listener socket
/// (so responses come back to it); TCP and TLS open a connection to the target, or reuse the one already open to the
/// same address, which then reads like any accepted connection (responses reach the transaction layer); WS and WSS go
/// over an existing flow by id (RFC 5626 flow of a registered client). Host names resolve with A/AAAA through
/// <see cref="Dns"/>; RFC 3263 NAPTR/SRV is not done (no resolver library), so targets name their port and transport.
/// </summary>
/// <remarks>
/// Bounded: resolution, connection and handshake together take at most <see cref="SipTransportOptions.ConnectTimeout"/>;
/// connections count against <see cref="SipTransportOptions.MaxConnections"/> and
/// <see cref="SipTransportOptions.MaxConnectionsPerAddress"/> like accepted ones and close after the same idle timeout.
/// Attached to a <see cref="SipTransport"/> when it starts.
/// </remarks>
public sealed partial class SipOutboundConnector
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(SipTransportKind, IPEndPoint), Task<SipOutboundResult>> _connections = [];
    private SipTransportContext? _context;
    private UdpSipListener[] _udp = [];
    private IReadOnlyList<SipListenerEndpoint> _listeners = [];
    private CancellationToken _stopping;
    private readonly List<Task> _readLoops = [];

    /// <summary>True while attached to a running transport.</summary>
    public bool IsStarted => Volatile.Read(ref _context) is not null;

    /// <summary>The transport's bound listeners (what a Via sent-by or Record-Route names), once started.</summary>
    public IReadOnlyList<SipListenerEndpoint> Listeners => _listeners;

    /// <summary>Open outbound connections (for tests and health).</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>The listener of <paramref name="transport"/> (the first one), or null.</summary>
    public SipListenerEndpoint? ListenerFor(SipTransportKind transport)
    {
        foreach (var listener in _listeners)
        {
            if (listener.Transport == transport)
            {
                return listener;
            }
        }

        return null;
    }

    /// <summary>
    /// Gets a flow to <paramref name="target"/>: the named flow, a UDP flow from a listener socket, or a TCP/TLS
    /// connection (reused, or opened within the timeout and limits). Never throws for network outcomes.
    /// </summary>
    public async ValueTask<SipOutboundResult> GetFlowAsync(SipOutboundTarget target, CancellationToken cancellationToken = default)
    {
        var context = Volatile.Read(ref _context);
        if (context is null)
        {
            return new(SipOutboundStatus.NotStarted);
        }

        if (target.FlowId is not null)
        {
            return context.Registry.TryGet(target.FlowId, out var flow) ? new(SipOutboundStatus.Ready, flow) : new(SipOutboundStatus.FlowClosed);
        }

        if (target.Transport is SipTransportKind.Ws or SipTransportKind.Wss)
        {
            return new(SipOutboundStatus.UnsupportedTransport);
        }

        if (target.Transport is not (SipTransportKind.Udp or SipTransportKind.Tcp or SipTransportKind.Tls))
        {
            return new(SipOutboundStatus.UnsupportedTransport);
        }

        using var timeout = new CancellationTokenSource(context.Options.ConnectTimeout, context.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken, _stopping);
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(target.Host, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(timeout.IsCancellationRequested ? SipOutboundStatus.TimedOut : SipOutboundStatus.NotStarted);
        }
        catch (SocketException)
        {
            return new(SipOutboundStatus.ResolutionFailed);
        }

        if (addresses.Length == 0)
        {
            return new(SipOutboundStatus.ResolutionFailed);
        }

        if (target.Transport == SipTransportKind.Udp)
        {
            foreach (var address in addresses)
            {
                var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
                foreach (var listener in _udp)
                {
                    if (listener.LocalEndPoint.AddressFamily == normalized.AddressFamily)
                    {
                        return new(SipOutboundStatus.Ready, new UdpSipFlow(listener, listener.LocalEndPoint, new IPEndPoint(normalized, target.EffectivePort)));
                    }
                }
            }

            return new(SipOutboundStatus.NoListener);
        }

        var remote = new IPEndPoint(addresses[0], target.EffectivePort);
        Task<SipOutboundResult> connecting;
        lock (_lock)
        {
            var key = (target.Transport, remote);
            if (!_connections.TryGetValue(key, out connecting!)
                || (connecting.IsCompleted && (connecting.Result.Flow is not { IsOpen: true })))
            {
                connecting = ConnectAsync(context, target, remote, linked.Token);
                _connections[key] = connecting;
            }
        }

        try
        {
            var result = await connecting.WaitAsync(linked.Token).ConfigureAwait(false);
            if (!result.IsReady)
            {
                Forget(target.Transport, remote, connecting);
            }

            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(SipOutboundStatus.TimedOut);
        }
    }

    /// <summary>Called by the transport once its listeners are bound.</summary>
    internal void Attach(SipTransportContext context, IEnumerable<UdpSipListener> udp, IReadOnlyList<SipListenerEndpoint> listeners, CancellationToken stopping)
    {
        _udp = [.. udp];
        _listeners = listeners;
        _stopping = stopping;
        Volatile.Write(ref _context, context);
    }

    /// <summary>Called by the transport when it stops: waits for the read loops of the connections it opened.</summary>
    internal async Task DetachAsync()
    {
        Volatile.Write(ref _context, null);
        Task[] loops;
        lock (_lock)
        {
            loops = [.. _readLoops];
            _connections.Clear();
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            return [address];
        }

        return await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
    }

    private void Forget(SipTransportKind transport, IPEndPoint remote, Task<SipOutboundResult> connecting)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue((transport, remote), out var current) && current == connecting)
            {
                _connections.Remove((transport, remote));
            }
        }
    }

    private async Task<SipOutboundResult> ConnectAsync(SipTransportContext context, SipOutboundTarget target, IPEndPoint remote, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var refusal = context.Registry.TryReserve(remote.Address, context.Options.MaxConnections, context.Options.MaxConnectionsPerAddress);
        if (refusal is not null)
        {
            context.Metrics.Refused(target.Transport, refusal);
            return new(SipOutboundStatus.ConnectionLimit);
        }

        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (target.Transport == SipTransportKind.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                var tls = context.Options.Tls;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = target.Host.Trim('[', ']'),
#pragma warning disable CA5359 // Opt-in for development upstreams with self-signed certificates; off by default.
                    RemoteCertificateValidationCallback = tls.AllowUntrustedServerCertificates ? static (_, _, _, _) => true : null,
#pragma warning restore CA5359
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            context.Registry.Release(remote.Address);
            context.Metrics.Dropped(target.Transport, "connect-failed");
            LogConnectFailed(context.Logger, target, e);
            return new(e is OperationCanceledException ? SipOutboundStatus.TimedOut : SipOutboundStatus.ConnectFailed);
        }

        var flow = new StreamSipFlow(context, target.Transport, (IPEndPoint)socket.LocalEndPoint!, remote, stream, socket);
        context.Registry.Add(flow);
        context.Metrics.Opened(target.Transport);
        var loop = RunAsync(context, flow, stream, target.Transport, remote);
        lock (_lock)
        {
            _readLoops.RemoveAll(t => t.IsCompleted);
            _readLoops.Add(loop);
        }

        return new(SipOutboundStatus.Ready, flow);
    }

    private async Task RunAsync(SipTransportContext context, StreamSipFlow flow, Stream stream, SipTransportKind transport, IPEndPoint remote)
    {
        await Task.Yield();
        try
        {
            await flow.ReadLoopAsync(_stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            context.Metrics.Dropped(transport, "connection-error");
        }
        finally
        {
            flow.Close();
            context.Registry.Remove(flow);
            context.Metrics.ClosedConnection(transport);
            context.Registry.Release(remote.Address);
            lock (_lock)
            {
                if (_connections.TryGetValue((transport, remote), out var current) && current.IsCompleted && current.Result.Flow == flow)
                {
                    _connections.Remove((transport, remote));
                }
            }

            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbound connection to {Target} failed")]
    private static partial void LogConnectFailed(ILogger logger, SipOutboundTarget target, Exception exception);
}
