using System.Net;
using System.Net.Sockets;
using System.Text;
using Rethink.Ims.IntegrationTests.Infrastructure;

namespace Rethink.Ims.IntegrationTests.Sip.Proxy;

/// <summary>The proxy's meter reaches the sample's Prometheus endpoint: a forwarded INVITE and its upstream failure are counted.</summary>
[Collection(FlowCloseRelayingProxySampleCollection.Name)]
public sealed class ProxyMetricsSampleTests(FlowCloseRelayingProxySampleFixture server)
{
    [Fact]
    public async Task A_call_to_a_silent_upstream_shows_on_metrics_as_a_forwarded_INVITE_and_an_upstream_failure()
    {
        // A caller of another domain to a local user with no binding here: the edge looks for the user at the upstream,
        // where nothing listens in this test.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var callId = "metrics-" + Guid.NewGuid().ToString("N");
        var invite =
            $"INVITE sip:nobody@example.com SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bK{callId};rport\r\n" +
            $"From: <sip:carol@remote.test>;tag=caller\r\nTo: <sip:nobody@example.com>\r\nCall-ID: {callId}\r\nCSeq: 1 INVITE\r\n" +
            $"Contact: <sip:carol@{local}>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        await socket.SendToAsync(Encoding.ASCII.GetBytes(invite), new IPEndPoint(IPAddress.Loopback, server.UdpTcpPort));

        // Wait for the final answer (a local 408 at timer B, 6.4 s with the fixture's T1, or 503 at once): no stray
        // retransmission may reach the next test's upstream.
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        SipResponse? final = null;
        while (final is null)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            var response = SipResponse.TryParse(Encoding.UTF8.GetString(buffer, 0, received));
            if (response is { StatusCode: >= 200 })
            {
                final = response;
            }
        }

        Assert.True(final.StatusCode is 408 or 503, final.Raw);
        using var http = new HttpClient();
        var text = string.Empty;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{server.ManagementPort}/metrics"));
            if (text.Contains("rethink_ims_sip_proxy_upstream_failures_total{", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Matches("rethink_ims_sip_proxy_requests_total\\{[^}]*method=\"INVITE\"[^}]*\\} [1-9]", text);
        Assert.Matches($"rethink_ims_sip_proxy_upstream_failures_total\\{{[^}}]*status=\"{final.StatusCode}\"[^}}]*\\}} [1-9]", text);
        Assert.Matches("rethink_ims_sip_proxy_responses_total\\{[^}]*class=\"[45]xx\"[^}]*\\} [1-9]", text);
    }
}
