using System.Net;
using System.Net.Sockets;
using System.Text;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.IntegrationTests.ExternalCounterparts;

/// <summary>Asks an ng media server (rtpengine) which calls it holds: the ng <c>list</c> command.</summary>
internal static class NgList
{
    public static async Task<IReadOnlyList<string>> CallIdsAsync(int ngPort, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var cookie = Encoding.ASCII.GetBytes($"list_{Guid.NewGuid():N}");
        var request = NgMessage.Write(cookie, BencodeValue.FromDictionary([new KeyValuePair<string, BencodeValue>("command", BencodeValue.FromString("list"))]));
        await socket.SendToAsync(request, new IPEndPoint(IPAddress.Loopback, ngPort), cancellationToken);
        var buffer = new byte[NgMessage.MaxUdpPayload];
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(3));
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
        Assert.True(NgMessage.TrySplit(buffer.AsMemory(0, received), out _, out var body), "not an ng reply");
        Assert.True(BencodeReader.TryRead(body.Span, out var reply, out _), "not bencode");
        Assert.True(reply!.TryGetValue("result", out var result) && result.IsString("ok"), $"list: {reply}");
        return reply.TryGetValue("calls", out var calls) ? [.. calls.Items.Select(c => c.GetString())] : [];
    }
}
