using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Transport;

/// <summary>
/// A UDP receive thread keeps the flows of its last few sources (a proxy's thread takes turns between caller and callee):
/// a request must always arrive on the flow of its own source, whether that flow is reused or made anew.
/// </summary>
public sealed class UdpSipListenerFlowTests : IAsyncLifetime
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Recorder _recorder = new();
    private SipTransport _transport = null!;

    public async Task InitializeAsync()
    {
        // One receive thread: which flow a datagram gets then depends only on the order the sources sent in.
        var options = new SipTransportOptions { InboundWorkers = 1 };
        options.Listeners.Add("udp://127.0.0.1:0");
        _transport = new SipTransport(options, _recorder, new SipTransportMetrics(_meters.GetRequiredService<IMeterFactory>()));
        await _transport.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _transport.DisposeAsync();
        await _meters.DisposeAsync();
    }

    [Fact]
    public async Task Sources_taking_turns_keep_their_own_flows()
    {
        var clients = Clients(3);
        await SendRoundsAsync(clients, 4);

        foreach (var client in clients)
        {
            var flows = _recorder.FlowsFrom(Port(client));
            Assert.Equal(4, flows.Count);
            Assert.All(flows, flow => Assert.Same(flows[0], flow));
        }

        Dispose(clients);
    }

    [Fact]
    public async Task More_sources_than_the_thread_keeps_still_each_get_a_flow_of_their_own_address()
    {
        var clients = Clients(20);
        await SendRoundsAsync(clients, 3);

        foreach (var client in clients)
        {
            var flows = _recorder.FlowsFrom(Port(client));
            Assert.Equal(3, flows.Count);
            Assert.All(flows, flow => Assert.Equal(client.LocalEndPoint, flow.RemoteEndPoint));
        }

        Dispose(clients);
    }

    private static List<Socket> Clients(int count) => Enumerable.Range(0, count).Select(_ =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }).ToList();

    private static void Dispose(List<Socket> clients) => clients.ForEach(c => c.Dispose());

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    /// <summary>Each client sends one request per round, in turn, each waited for before the next.</summary>
    private async Task SendRoundsAsync(List<Socket> clients, int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            foreach (var client in clients)
            {
                await SendAndWaitAsync(client, $"{round}");
            }
        }
    }

    private async Task SendAndWaitAsync(Socket client, string round)
    {
        // The source port is in the Call-ID: the recorder checks the flow against the socket that really sent it.
        var callId = $"{Port(client)}-{round}";
        var request = Encoding.ASCII.GetBytes(
            $"OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{Port(client)};branch=z9hG4bK-{callId}\r\n" +
            $"From: <sip:t@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n" +
            "Content-Length: 0\r\n\r\n");
        var arrived = _recorder.Expect(callId);
        await client.SendToAsync(request, _transport.Listeners.Single().EndPoint);
        await arrived.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class Recorder : ISipInboundHandler
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();
        private readonly ConcurrentQueue<(int Port, SipFlow Flow)> _seen = new();

        public Task Expect(string callId) => _waiting.GetOrAdd(callId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public List<SipFlow> FlowsFrom(int port) => _seen.Where(s => s.Port == port).Select(s => s.Flow).ToList();

        public Task OnRequestAsync(SipRequest request, SipFlow flow, CancellationToken cancellationToken)
        {
            var callId = request.Headers.GetValue(SipHeaderId.CallId).ToString();
            _seen.Enqueue((int.Parse(callId.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture), flow));
            _waiting.GetOrAdd(callId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return Task.CompletedTask;
        }

        public Task OnResponseAsync(SipResponse response, SipFlow flow, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
