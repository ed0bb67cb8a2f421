using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Sip.Proxy;
using Peer = Rethink.Ims.Tests.Sip.Proxy.ProxyHarness.Peer;

namespace Rethink.Ims.Tests.Sip.Proxy;

/// <summary>The proxy's meter counts forwarded requests by method, responses by class, refusals and upstream failures.</summary>
public sealed class SipProxyMetricsTests
{
    private static string Invite(Peer caller, string target, string callId) =>
        $"INVITE {target} SIP/2.0\nVia: SIP/2.0/UDP {caller.EndPoint};branch=z9hG4bK-{callId};rport\n" +
        $"From: <sip:carol@remote.test>;tag=caller\nTo: <{target}>\nCall-ID: {callId}\nCSeq: 1 INVITE\n" +
        $"Contact: <sip:carol@{caller.EndPoint}>\nMax-Forwards: 70\nContent-Length: 0\n\n";

    /// <summary>Sums the proxy meter's measurements of one harness (other tests' proxies run in parallel: its factory is the scope).</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _sums = [];

        public Recorder(ProxyHarness proxy)
        {
            var factory = proxy.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SipProxyMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var key = instrument.Name + string.Concat(tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $" {t.Key}={t.Value}"));
                lock (_sums)
                {
                    _sums[key] = _sums.GetValueOrDefault(key) + value;
                }
            });
            _listener.Start();
        }

        public long this[string key]
        {
            get
            {
                lock (_sums)
                {
                    return _sums.GetValueOrDefault(key);
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task A_forwarded_call_counts_its_request_and_responses_by_class()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var metrics = new Recorder(proxy);
        using var caller = new Peer();
        using var callee = new Peer();
        await proxy.BindAsync("bob", (callee, null));
        await caller.SendAsync(Invite(caller, "sip:bob@example.com", "metrics-1"), proxy.Listener);
        var invite = await callee.ReceiveRequestAsync("INVITE");
        await callee.RespondAsync(invite, 180, proxy.Listener);
        await caller.ReceiveResponseAsync(180);
        await callee.RespondAsync(invite, 200, proxy.Listener);
        await caller.ReceiveResponseAsync(200);

        Assert.Equal(1, metrics["rethink.ims.sip.proxy.requests method=INVITE"]);
        Assert.Equal(1, metrics["rethink.ims.sip.proxy.responses class=1xx"]);
        Assert.Equal(1, metrics["rethink.ims.sip.proxy.responses class=2xx"]);
        Assert.Equal(0, metrics["rethink.ims.sip.proxy.upstream_failures status=503"]);
    }

    [Fact]
    public async Task A_foreign_domain_without_upstream_counts_a_not_relaying_refusal()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        using var metrics = new Recorder(proxy);
        using var caller = new Peer();
        await caller.SendAsync(Invite(caller, "sip:dave@elsewhere.test", "metrics-2"), proxy.Listener);
        await caller.ReceiveResponseAsync(403);

        Assert.Equal(1, metrics["rethink.ims.sip.proxy.refusals reason=not-relaying status=403"]);
        Assert.Equal(0, metrics["rethink.ims.sip.proxy.requests method=INVITE"]);
    }

    [Fact]
    public async Task An_unreachable_upstream_counts_a_503_upstream_failure_and_a_5xx_response()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"tcp://127.0.0.1:{closed}");
        using var metrics = new Recorder(proxy);
        using var caller = new Peer();
        await caller.SendAsync(Invite(caller, "sip:dave@elsewhere.test", "metrics-3"), proxy.Listener);
        await caller.ReceiveResponseAsync(503);

        Assert.Equal(1, metrics["rethink.ims.sip.proxy.requests method=INVITE"]);
        Assert.Equal(1, metrics["rethink.ims.sip.proxy.upstream_failures status=503"]);
        Assert.Equal(1, metrics["rethink.ims.sip.proxy.responses class=5xx"]);
    }

    [Fact]
    public async Task A_silent_upstream_counts_a_408_upstream_failure_at_timer_B()
    {
        using var deaf = new Peer();
        await using var proxy = await ProxyHarness.StartAsync(upstream: _ => $"udp://{deaf.EndPoint}");
        using var metrics = new Recorder(proxy);
        using var caller = new Peer();
        await caller.SendAsync(Invite(caller, "sip:dave@elsewhere.test", "metrics-4"), proxy.Listener);
        await deaf.ReceiveRequestAsync("INVITE");
        Assert.True(await caller.IsQuietAsync());
        proxy.Time.Advance(TimeSpan.FromSeconds(32));
        await caller.ReceiveResponseAsync(408);

        Assert.Equal(1, metrics["rethink.ims.sip.proxy.upstream_failures status=408"]);
    }
}
