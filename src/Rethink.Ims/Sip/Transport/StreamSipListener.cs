using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>A TCP or TLS listener: accepts connections within the limits and runs one <see cref="StreamSipFlow"/> each.</summary>
internal sealed class StreamSipListener : ISipListener
{
    private readonly SipTransportContext _context;
    private readonly Socket _socket;
    private readonly X509Certificate2? _certificate;
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private Task _loop = Task.CompletedTask;

    public StreamSipListener(SipTransportContext context, SipListenerEndpoint endpoint, X509Certificate2? certificate)
    {
        _context = context;
        _certificate = certificate;
        _socket = new Socket(endpoint.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _socket.Bind(endpoint.EndPoint);
            _socket.Listen(512);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        Endpoint = new SipListenerEndpoint(endpoint.Transport, (IPEndPoint)_socket.LocalEndPoint!);
    }

    public SipListenerEndpoint Endpoint { get; }

    public void Start(CancellationToken stopping) => _loop = Task.Run(() => AcceptLoopAsync(stopping), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        Task[] running;
        lock (_lock)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                SipTransportLog.ReceiveFailed(_context.Logger, Endpoint.Scheme, Endpoint.EndPoint, e);
                continue;
            }

            var remote = (IPEndPoint)accepted.RemoteEndPoint!;
            var refusal = _context.Registry.TryReserve(remote.Address, _context.Options.MaxConnections, _context.Options.MaxConnectionsPerAddress);
            if (refusal is not null)
            {
                _context.Metrics.Refused(Endpoint.Transport, refusal);
                SipTransportLog.Refused(_context.Logger, remote, refusal);
                accepted.Dispose();
                continue;
            }

            var task = RunConnectionAsync(accepted, remote, stopping);
            lock (_lock)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task RunConnectionAsync(Socket socket, IPEndPoint remote, CancellationToken stopping)
    {
        await Task.Yield();
        StreamSipFlow? flow = null;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            socket.NoDelay = true;
            if (_certificate is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var handshake = new CancellationTokenSource(_context.Options.HandshakeTimeout, _context.TimeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(handshake.Token, stopping);
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = _certificate, ClientCertificateRequired = false },
                    linked.Token).ConfigureAwait(false);
            }

            flow = new StreamSipFlow(_context, Endpoint.Transport, (IPEndPoint)socket.LocalEndPoint!, remote, stream, socket);
            _context.Registry.Add(flow);
            _context.Metrics.Opened(Endpoint.Transport);
            await flow.ReadLoopAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            _context.Metrics.Dropped(Endpoint.Transport, flow is null ? "handshake-failed" : "connection-error");
        }
        finally
        {
            if (flow is not null)
            {
                flow.Close();
                _context.Registry.Remove(flow);
                _context.Metrics.ClosedConnection(Endpoint.Transport);
            }

            _context.Registry.Release(remote.Address);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
