using System.Net;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Transport;

public class SipListenerEndpointTests
{
    [Theory]
    [InlineData("udp://127.0.0.1:5060", SipTransportKind.Udp, "127.0.0.1", 5060)]
    [InlineData("TCP://127.0.0.1:5060", SipTransportKind.Tcp, "127.0.0.1", 5060)]
    [InlineData("tls://0.0.0.0:5061", SipTransportKind.Tls, "0.0.0.0", 5061)]
    [InlineData("ws://127.0.0.1:8080/", SipTransportKind.Ws, "127.0.0.1", 8080)]
    [InlineData("wss://[::1]:8443", SipTransportKind.Wss, "::1", 8443)]
    [InlineData("udp://127.0.0.1:0", SipTransportKind.Udp, "127.0.0.1", 0)]
    public void Parses_transport_address_and_port(string uri, SipTransportKind transport, string address, int port)
    {
        Assert.True(SipListenerEndpoint.TryParse(uri, out var endpoint, out var error), error);
        Assert.Equal(transport, endpoint.Transport);
        Assert.Equal(IPAddress.Parse(address), endpoint.EndPoint.Address);
        Assert.Equal(port, endpoint.EndPoint.Port);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("127.0.0.1:5060", "no scheme")]
    [InlineData("sctp://127.0.0.1:5060", "unknown scheme")]
    [InlineData("udp://127.0.0.1", "no port")]
    [InlineData("udp://[::1]", "no port")]
    [InlineData("udp://localhost:5060", "IP address")]
    [InlineData("udp://127.0.0.1:65536", "invalid port")]
    [InlineData("udp://127.0.0.1:-1", "invalid port")]
    [InlineData("udp://:5060", "IP address")]
    public void Rejects_with_a_message_saying_what_is_wrong(string uri, string expected)
    {
        Assert.False(SipListenerEndpoint.TryParse(uri, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_round_trips_through_TryParse()
    {
        Assert.True(SipListenerEndpoint.TryParse("wss://[::1]:8443", out var endpoint, out _));
        Assert.True(SipListenerEndpoint.TryParse(endpoint.ToString(), out var again, out _));
        Assert.Equal(endpoint, again);
        Assert.True(again.IsSecure);
        Assert.True(again.IsWebSocket);
    }
}
