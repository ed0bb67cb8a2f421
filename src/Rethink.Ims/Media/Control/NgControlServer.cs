using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rethink.Ims.Media.Control;

/// <summary>
/// A UDP server for the subset of rtpengine's ng control protocol that Kamailio's <c>rtpengine</c> module
/// uses (ping, offer, answer, delete, query), so that a real Kamailio can drive the media bridge with
/// <c>modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:2223")</c>. Each datagram is decoded and handed
/// to <see cref="IMediaSessionControl"/>; the reply goes back to the sender with the request's cookie. A
/// retransmitted request (same cookie, same sender) is answered from a cache without running it again.
/// Runs as an <see cref="IHostedService"/> or on its own with <see cref="StartAsync"/> and <see cref="StopAsync"/>.
/// </summary>
public sealed class NgControlServer : IHostedService, IAsyncDisposable
{
    private readonly NgControlServerOptions _options;
    private readonly ILogger _logger;
    private readonly NgControlMetrics _metrics;
    private readonly NgCommandDispatcher _dispatcher;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task? _receiveLoop;
    private int _state;

    /// <summary>Creates the server; it does not bind until <see cref="StartAsync"/>.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public NgControlServer(
        IMediaSessionControl control,
        IOptions<NgControlServerOptions> options,
        ILogger<NgControlServer> logger,
        NgControlMetrics metrics,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        var validation = new NgControlServerOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(NgControlServerOptions.SectionName, typeof(NgControlServerOptions), validation.Failures);
        }

        _logger = logger;
        _metrics = metrics;
        _dispatcher = new NgCommandDispatcher(control, _options, metrics, logger, timeProvider);
        _slots = new SemaphoreSlim(_options.MaxConcurrentCommands, _options.MaxConcurrentCommands);
    }

    /// <summary>Where the server listens, once started (the actual port when <see cref="NgControlServerOptions.Port"/> is 0).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Binds the socket and starts receiving.</summary>
    /// <exception cref="SocketException">The address cannot be bound (for example, the port is in use).</exception>
    /// <exception cref="InvalidOperationException">The server was already started (a start that failed to bind may be retried).</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The ng control server can be started once.");
        }

        var endPoint = new IPEndPoint(IPAddress.Parse(_options.Address), _options.Port);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(endPoint);
        }
        catch
        {
            socket.Dispose();
            Volatile.Write(ref _state, 0);
            throw;
        }

        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        if (IPAddress.IsLoopback(LocalEndPoint.Address))
        {
            NgControlLog.Listening(_logger, LocalEndPoint);
        }
        else
        {
            NgControlLog.ListeningBeyondLoopback(_logger, LocalEndPoint);
        }

        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops receiving, lets commands in progress finish (until <paramref name="cancellationToken"/> fires, then cancels them) and closes the socket.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }

        await _stopReceiving.CancelAsync().ConfigureAwait(false);
        try
        {
            await _receiveLoop!.ConfigureAwait(false);

            // Commands in progress may still send their replies; the host's deadline cancels them.
            using var deadline = cancellationToken.Register(() => _stopping.Cancel());
            for (var i = 0; i < _options.MaxConcurrentCommands; i++)
            {
                // Holding every slot means no command is in progress.
                await _slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            _socket!.Close();
            NgControlLog.Stopped(_logger);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _state) == 1)
        {
            using var immediately = new CancellationTokenSource();
            await immediately.CancelAsync().ConfigureAwait(false);
            await StopAsync(immediately.Token).ConfigureAwait(false);
        }

        _socket?.Dispose();
        _stopReceiving.Dispose();
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var socket = _socket!;
        var buffer = GC.AllocateUninitializedArray<byte>(_options.MaxDatagramSize + 1, pinned: true);
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopReceiving.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                // For example an ICMP error reported on Windows; the socket itself is still usable.
                NgControlLog.ReceiveFailed(_logger, e);
                continue;
            }

            // A datagram longer than MaxDatagramSize fills the buffer and is answered as too large.
            var datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            var remote = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                await _slots.WaitAsync(_stopReceiving.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = HandleAsync(socket, datagram, remote);
        }
    }

    private async Task HandleAsync(Socket socket, byte[] datagram, IPEndPoint remote)
    {
        try
        {
            var reply = await _dispatcher.HandleAsync(datagram, remote, _stopping.Token).ConfigureAwait(false);
            if (reply is not null)
            {
                await socket.SendToAsync(reply, SocketFlags.None, remote).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            NgControlLog.SendFailed(_logger, e, remote);
            _metrics.Dropped("send_failed");
        }
        finally
        {
            _slots.Release();
        }
    }
}
