using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rethink.Ims.IntegrationTests.Media.Control;

/// <summary>
/// One UDP socket on 127.0.0.1 that sends SIP text and waits for a matching message, every wait bounded.
/// Plays the caller or the callee around Kamailio. Test code, not a SIP stack: no retransmissions
/// (loopback does not lose datagrams).
/// </summary>
public sealed class SipPeer : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[65535];

    public SipPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public Task SendAsync(string message, IPEndPoint to) => SendAsync(Encoding.UTF8.GetBytes(message), to);

    public async Task SendAsync(byte[] message, IPEndPoint to) => await _socket.SendToAsync(message, SocketFlags.None, to);

    /// <summary>The next message that <paramref name="match"/> accepts; others are skipped. Throws <see cref="TimeoutException"/> at the deadline.</summary>
    public async Task<SipText> ReceiveAsync(Func<SipText, bool> match, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var skipped = new List<string>();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(_buffer, SocketFlags.None, deadline.Token);
                var message = SipText.TryParse(_buffer[..received]);
                if (message is not null && match(message))
                {
                    return message;
                }

                skipped.Add(message?.StartLine ?? "(unparsable)");
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{EndPoint} received no {what} in time; skipped: [{string.Join(", ", skipped)}]");
        }
    }

    public void Dispose() => _socket.Dispose();
}
