using System.Buffers;
using System.Net;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// Where a message came from and how to send back: a connection (TCP, TLS, WS, WSS), or for UDP the pair of
/// our socket and the remote address. Connection flows are kept in the <see cref="SipFlowRegistry"/> while open,
/// so a later request to a client reached over one (a WebSocket client behind a <c>.invalid</c> Contact) can go
/// down the same connection by <see cref="Id"/>.
/// </summary>
#pragma warning disable CA1001 // The token source has no timer and no wait handle: nothing to release; a flow's lifetime is its connection's.
public abstract class SipFlow
#pragma warning restore CA1001
{
    private readonly CancellationTokenSource _closed = new();
    private string? _remoteAddressText;

    /// <summary>Creates a flow.</summary>
    protected SipFlow(string id, SipTransportKind transport, IPEndPoint localEndPoint, IPEndPoint remoteEndPoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(localEndPoint);
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        Id = id;
        Transport = transport;
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>The flow's identity; unique within the process for connections, <c>udp:local>remote</c> for UDP.</summary>
    public string Id { get; }

    /// <summary>The transport.</summary>
    public SipTransportKind Transport { get; }

    /// <summary>Our address.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The peer's address (the source of what it sent).</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The peer's IP address as text, formatted once per flow (a UDP listener reuses the flow of a repeating source).</summary>
    internal string RemoteAddressText => _remoteAddressText ??= RemoteEndPoint.Address.ToString();

    /// <summary>True for connection-oriented transports: responses go back over the connection (RFC 3261 §18.2.2).</summary>
    public bool IsReliable => Transport != SipTransportKind.Udp;

    /// <summary>True for TLS and WSS.</summary>
    public bool IsSecure => Transport is SipTransportKind.Tls or SipTransportKind.Wss;

    /// <summary>False once the connection is closed (a UDP flow stays open while its listener runs).</summary>
    public bool IsOpen => !_closed.IsCancellationRequested;

    /// <summary>Cancelled when the flow closes (a registrar drops the bindings that used it).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Sends bytes that hold exactly one SIP message (or a keep-alive).</summary>
    public abstract ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="message"/> into a pooled buffer and sends it.</summary>
    public async ValueTask<SipSendResult> SendAsync(SipMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var length = SipMessageWriter.GetLength(message);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!SipMessageWriter.TryWrite(message, buffer, out var written))
            {
                return SipSendResult.TooLarge;
            }

            return await SendAsync(buffer.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes the connection (no-op for UDP flows).</summary>
    public virtual void Close() => MarkClosed();

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({SipListenerEndpoint.SchemeOf(Transport)} {LocalEndPoint} <- {RemoteEndPoint})";

    /// <summary>Records that the flow is closed and fires <see cref="Closed"/> once.</summary>
    protected void MarkClosed()
    {
        if (!_closed.IsCancellationRequested)
        {
            try
            {
                _closed.Cancel();
            }
            catch (AggregateException)
            {
                // A Closed callback threw; the flow is closed regardless.
            }
        }
    }
}
