using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Transport;

public sealed class SipTransportTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private SipTransport _transport = null!;

    private sealed class Answer200(Func<ISipResponseSender> sender) : ISipInboundHandler
    {
        public async Task OnRequestAsync(SipRequest request, SipFlow flow, CancellationToken cancellationToken)
        {
            using var response = SipResponse.CreateFor(request, 200);
            await sender().SendAsync(response, flow, cancellationToken);
        }

        public Task OnResponseAsync(SipResponse response, SipFlow flow, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public async Task InitializeAsync()
    {
        var options = new SipTransportOptions { IdleTimeout = TimeSpan.FromSeconds(30), MaxConnectionsPerAddress = 2 };
        options.Listeners.Add("udp://127.0.0.1:0");
        options.Listeners.Add("tcp://127.0.0.1:0");
        var metrics = new SipTransportMetrics(_meters.GetRequiredService<IMeterFactory>());
        SipTransport? transport = null;
        transport = new SipTransport(options, new Answer200(() => transport!.ResponseSender), metrics, timeProvider: _time);
        _transport = transport;
        await _transport.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _transport.DisposeAsync();
        await _meters.DisposeAsync();
    }

    private IPEndPoint Listener(SipTransportKind kind) => _transport.Listeners.Single(l => l.Transport == kind).EndPoint;

    private static byte[] Options(string transport, string via = "127.0.0.1:5999") => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/{transport} {via};rport;branch=z9hG4bK-t1\r\nFrom: <sip:t@127.0.0.1>;tag=1\r\n" +
        "To: <sip:127.0.0.1>\r\nCall-ID: transport-test\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");

    private static async Task<string> ReadAsync(Socket socket, int minimum = 1)
    {
        var buffer = new byte[65536];
        var total = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (total < minimum)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, total);
    }

    [Fact]
    public async Task A_listener_whose_port_is_taken_fails_the_start_naming_its_uri_and_key()
    {
        var taken = Listener(SipTransportKind.Udp).Port;
        var options = new SipTransportOptions();
        options.Listeners.Add("tcp://127.0.0.1:0");
        options.Listeners.Add($"udp://127.0.0.1:{taken}");
        SipTransport? second = null;
        second = new SipTransport(options, new Answer200(() => second!.ResponseSender), new SipTransportMetrics(_meters.GetRequiredService<IMeterFactory>()));
        await using (second)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync());

            Assert.StartsWith($"Cannot listen on udp://127.0.0.1:{taken} (Ims:Sip:Listeners:1): ", error.Message, StringComparison.Ordinal);
            Assert.Equal(SocketError.AddressAlreadyInUse, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
        }
    }

    [Fact]
    public async Task Udp_response_goes_to_the_source_port_with_received_and_rport_stamped()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendToAsync(Options("UDP", "client.invalid"), Listener(SipTransportKind.Udp));
        var answer = await ReadAsync(client);
        var port = ((IPEndPoint)client.LocalEndPoint!).Port;
        Assert.StartsWith("SIP/2.0 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Contains($"Via: SIP/2.0/UDP client.invalid;rport={port};branch=z9hG4bK-t1;received=127.0.0.1\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_received_and_sent_are_counted_by_transport()
    {
        using var totals = new MeterTotals(_meters.GetRequiredService<IMeterFactory>(), SipTransportMetrics.MeterName);

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        for (var i = 0; i < 3; i++)
        {
            await client.SendToAsync(Options("UDP"), Listener(SipTransportKind.Udp));
            await ReadAsync(client);
        }

        totals.ReadObservables();

        Assert.Equal(3, totals["rethink.ims.sip.messages.received:udp"]);
        Assert.Equal(3, totals["rethink.ims.sip.messages.sent:udp"]);
        Assert.DoesNotContain(totals.Keys, key => key.EndsWith(":tcp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tcp_answers_over_the_connection_and_keeps_it_in_the_registry()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(Listener(SipTransportKind.Tcp));
        await client.SendAsync(Options("TCP"));
        Assert.StartsWith("SIP/2.0 200 OK\r\n", await ReadAsync(client), StringComparison.Ordinal);

        var flow = Assert.Single(_transport.Flows.Flows);
        Assert.Equal(SipTransportKind.Tcp, flow.Transport);
        Assert.Equal(((IPEndPoint)client.LocalEndPoint!).Port, flow.RemoteEndPoint.Port);
        Assert.True(_transport.Flows.TryGet(flow.Id, out var found));
        Assert.Same(flow, found);
    }

    [Fact]
    public async Task Crlf_crlf_ping_is_answered_with_a_crlf_pong()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(Listener(SipTransportKind.Tcp));
        await client.SendAsync("\r\n\r\n"u8.ToArray());
        Assert.Equal("\r\n", await ReadAsync(client, 2));
    }

    [Fact]
    public async Task Idle_connection_is_closed_when_the_idle_timeout_passes()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(Listener(SipTransportKind.Tcp));
        await client.SendAsync(Options("TCP"));
        await ReadAsync(client);
        var flow = Assert.Single(_transport.Flows.Flows);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, _transport.CloseIdleFlows());
        Assert.True(flow.IsOpen);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(flow.IsOpen);
        Assert.Equal(string.Empty, await ReadAsync(client));
    }

    [Fact]
    public async Task Connections_over_the_per_address_limit_are_closed_at_once()
    {
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(Listener(SipTransportKind.Tcp));
            }

            Assert.Equal(string.Empty, await ReadAsync(sockets[2]));
            await sockets[0].SendAsync(Options("TCP"));
            Assert.StartsWith("SIP/2.0 200 OK", await ReadAsync(sockets[0]), StringComparison.Ordinal);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Tcp_message_without_Content_Length_closes_the_connection()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(Listener(SipTransportKind.Tcp));
        var text = Encoding.ASCII.GetString(Options("TCP")).Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal);
        await client.SendAsync(Encoding.ASCII.GetBytes(text));
        var answer = await ReadAsync(client, int.MaxValue);
        Assert.DoesNotContain("200 OK", answer, StringComparison.Ordinal);
    }
}
