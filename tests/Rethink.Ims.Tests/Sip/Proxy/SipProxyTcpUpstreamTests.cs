using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Sip.Messages;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>A TCP upstream: the proxy opens one connection, reads the responses on it, and reuses it for the next request.</summary>
public sealed class SipProxyTcpUpstreamTests
{
    [Fact]
    public async Task Requests_to_a_TCP_upstream_share_one_connection_and_its_responses_come_back_on_it()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"tcp://127.0.0.1:{port}");
        using var caller = new Peer();

        await caller.SendAsync(Message(caller, "tcp-1"), proxy.Listener);
        using var accept = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var connection = await listener.AcceptTcpClientAsync(accept.Token);
        var stream = connection.GetStream();
        var request = await UpstreamStreamReader.ReadRequestAsync(stream);
        Assert.Equal("TCP", request.TopVia.Transport.ToString());
        await stream.WriteAsync(SipMessageWriter.ToArray(SipResponse.CreateFor(request, 200)));
        Assert.Equal(200, (await caller.ReceiveResponseAsync(200)).StatusCode);

        await caller.SendAsync(Message(caller, "tcp-2"), proxy.Listener);
        var second = await UpstreamStreamReader.ReadRequestAsync(stream);
        Assert.Equal("tcp-2", second.CallId.ToString());
        await stream.WriteAsync(SipMessageWriter.ToArray(SipResponse.CreateFor(second, 404)));
        await caller.ReceiveResponseAsync(404);
        Assert.False(listener.Pending(), "no second connection was opened");
    }

    private static string Message(Peer caller, string callId) => $"""
        MESSAGE sip:dave@elsewhere.test SIP/2.0
        Via: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{callId};rport
        From: <sip:carol@remote.test>;tag=caller
        To: <sip:dave@elsewhere.test>
        Call-ID: {callId}
        CSeq: 1 MESSAGE
        Max-Forwards: 70
        Content-Length: 0


        """;
}
