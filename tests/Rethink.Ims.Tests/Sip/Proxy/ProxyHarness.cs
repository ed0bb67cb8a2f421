using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Proxy;
using Rethink.Ims.Sip.Registrar;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>
/// The proxy wired as in the sample (transactions, registrar's store, proxy middleware) on a UDP listener of 127.0.0.1,
/// with every timer on a <see cref="FakeTimeProvider"/>; peers are plain UDP sockets that send and read raw SIP.
/// </summary>
internal sealed class ProxyHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly SipServer _server;

    private ProxyHarness(ServiceProvider services, SipServer server, FakeTimeProvider time)
    {
        _services = services;
        _server = server;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IPEndPoint Listener => _server.Listeners.Single(l => l.Transport == SipTransportKind.Udp).EndPoint;

    public SipProxy Proxy => _services.GetRequiredService<SipProxy>();

    public IServiceProvider Services => _services;

    public static async Task<ProxyHarness> StartAsync(Action<SipProxyOptions>? configure = null, Func<IPEndPoint, string?>? upstream = null,
        ISipMediaAnchor? anchor = null, Action<SipServerOptions>? configureServer = null, Action<IServiceCollection>? configureServices = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var port = FreeUdpPort();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(time);
        if (anchor is not null)
        {
            services.AddSingleton(anchor);
        }

        services.AddSipTransactions();
        services.AddSipRegistrar();
        configureServices?.Invoke(services);
        services.AddSipProxy(options =>
        {
            options.Upstream = upstream?.Invoke(new IPEndPoint(IPAddress.Loopback, port));
            configure?.Invoke(options);
        });
        services.AddSipServer(
            options =>
            {
                options.Listeners.Add($"udp://127.0.0.1:{port}");
                options.Domains.Add("example.com");
                configureServer?.Invoke(options);
            },
            sip => sip.UseMiddleware<SipProxyMiddleware>());
        var provider = services.BuildServiceProvider();
        var server = provider.GetRequiredService<SipServer>();
        await server.StartAsync(CancellationToken.None);
        return new ProxyHarness(provider, server, time);
    }

    public Task BindAsync(string user, params (Peer Peer, double? Q)[] contacts) =>
        WriteBindingsAsync(user, contacts.Select((c, i) => Binding(user, c.Peer) with { CallId = "bind-" + i, Q = c.Q }));

    /// <summary>Binds instances of <paramref name="user"/> (RFC 5627): each contact with its instance, Call-ID and age in seconds.</summary>
    public Task BindInstancesAsync(string user, params (Peer Peer, string Instance, string CallId, int AgeSeconds)[] contacts) =>
        WriteBindingsAsync(user, contacts.Select(c => Binding(user, c.Peer) with
        {
            UpdatedAt = Time.GetUtcNow().AddSeconds(-c.AgeSeconds),
            CallId = c.CallId,
            Instance = c.Instance,
        }));

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    /// <summary>A UDP binding of <paramref name="user"/> at <paramref name="peer"/>, written now, for an hour.</summary>
    private SipBinding Binding(string user, Peer peer) => new()
    {
        Aor = $"sip:{user}@example.com",
        ContactUri = $"sip:{user}@{peer.EndPoint}",
        ExpiresAt = Time.GetUtcNow().AddHours(1),
        UpdatedAt = Time.GetUtcNow(),
        CallId = "bind",
        CSeq = 1,
        Transport = SipTransportKind.Udp,
    };

    private async Task WriteBindingsAsync(string user, IEnumerable<SipBinding> bindings)
    {
        var store = _services.GetRequiredService<ILocationStore>();
        Assert.Equal(LocationWriteStatus.Written, await store.TryReplaceAsync($"sip:{user}@example.com", 0, bindings.ToList(), CancellationToken.None));
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>A SIP peer on a UDP socket of 127.0.0.1.</summary>
    internal sealed class Peer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Queue<SipMessage> _pending = new();

        public Peer()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        }

        public IPEndPoint EndPoint { get; }

        public Task SendAsync(string text, IPEndPoint to) => _socket.SendToAsync(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)), to);

        public async Task SendAsync(SipMessage message, IPEndPoint to) => await _socket.SendToAsync(SipMessageWriter.ToArray(message), to);

        /// <summary>The next message that is not a 100 Trying (those are skipped unless asked for). The default wait is long
        /// because it only bounds a failure: in one run of the unit tests beside a busy loop on 2 cores, an INVITE the proxy
        /// relays at once had not arrived after 5 s.</summary>
        public async Task<SipMessage> ReceiveAsync(bool skipTrying = true, double seconds = 20)
        {
            while (true)
            {
                var message = _pending.Count > 0 ? _pending.Dequeue() : await ReadAsync(seconds);
                if (skipTrying && message is SipResponse { StatusCode: 100 })
                {
                    continue;
                }

                return message;
            }
        }

        public async Task<SipRequest> ReceiveRequestAsync(string method)
        {
            var message = await ReceiveAsync();
            var request = Assert.IsType<SipRequest>(message);
            Assert.Equal(method, request.Method.Name);
            return request;
        }

        public async Task<SipResponse> ReceiveResponseAsync(int status)
        {
            var message = await ReceiveAsync();
            var response = Assert.IsType<SipResponse>(message);
            Assert.Equal(status, response.StatusCode);
            return response;
        }

        /// <summary>True when nothing arrives within <paramref name="seconds"/> (real time).</summary>
        public async Task<bool> IsQuietAsync(double seconds = 0.3)
        {
            try
            {
                var message = await ReadAsync(seconds);
                _pending.Enqueue(message);
                return message is SipResponse { StatusCode: 100 } && await IsQuietAsync(seconds);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }

        /// <summary>Answers <paramref name="request"/> with <paramref name="status"/> (To tag added), sent back to the proxy.</summary>
        public Task RespondAsync(SipRequest request, int status, IPEndPoint proxy, string toTag = "callee", Action<SipResponse>? configure = null)
        {
            var response = SipResponse.CreateFor(request, status, toTag: toTag);
            response.Headers.Add(SipHeaderId.Contact, $"<sip:callee@{EndPoint}>");
            configure?.Invoke(response);
            return SendAsync(response, proxy);
        }

        public void Dispose() => _socket.Dispose();

        private async Task<SipMessage> ReadAsync(double seconds)
        {
            var buffer = new byte[65536];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            var result = SipParser.Parse(buffer.AsSpan(0, received.ReceivedBytes).ToArray());
            Assert.True(result.IsSuccess, result.Failure?.ToString());
            return result.Message!;
        }
    }
}
