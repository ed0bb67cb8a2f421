using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Tests.Media.Bridge;

/// <summary>A plain RTP/AVP peer (an IMS core or SIP phone) on a loopback port pair.</summary>
internal sealed class PlainEndpoint : IAsyncDisposable
{
    private Socket _rtp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private Socket _rtcp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _rtpLoop;
    private readonly Task _rtcpLoop;

    public PlainEndpoint()
    {
        // An even port with the odd one above it free.
        for (var attempt = 0; ; attempt++)
        {
            var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)probe.LocalEndPoint!).Port & ~1;
            probe.Dispose();
            try
            {
                _rtp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                _rtcp.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                break;
            }
            catch (SocketException) when (attempt < 20)
            {
                _rtp.Close();
                _rtcp.Close();
                _rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                _rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            }
        }

        Port = ((IPEndPoint)_rtp.LocalEndPoint!).Port;
        _rtpLoop = Task.Run(() => LoopAsync(_rtp, ReceivedRtp));
        _rtcpLoop = Task.Run(() => LoopAsync(_rtcp, ReceivedRtcp));
    }

    public int Port { get; }

    public IPEndPoint? Remote { get; set; }

    public ConcurrentQueue<byte[]> ReceivedRtp { get; } = new();

    public ConcurrentQueue<byte[]> ReceivedRtcp { get; } = new();

    public string Answer(int payloadType, string rtpmap) =>
        "v=0\r\no=- 7 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        $"m=audio {Port} RTP/AVP {payloadType}\r\na=rtpmap:{payloadType} {rtpmap}\r\na=ptime:20\r\na=sendrecv\r\n";

    public string Offer() =>
        "v=0\r\no=- 8 1 IN IP4 127.0.0.1\r\ns=ims\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        $"m=audio {Port} RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";

    public void Send(byte[] packet) => _rtp.SendTo(packet, SocketFlags.None, Remote!);

    /// <summary>Sends from the RTCP port to the peer's RTCP port (RTP port + 1).</summary>
    public void SendRtcp(byte[] packet) => _rtcp.SendTo(packet, SocketFlags.None, new IPEndPoint(Remote!.Address, Remote.Port + 1));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _rtp.Dispose();
        _rtcp.Dispose();
        await Task.WhenAll(_rtpLoop, _rtcpLoop);
    }

    private async Task LoopAsync(Socket socket, ConcurrentQueue<byte[]> into)
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                into.Enqueue(buffer.AsSpan(0, received.ReceivedBytes).ToArray());
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
