using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Transactions;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Transactions;

/// <summary>The transaction layer wired in front of the pipeline by AddSipTransactions, over a recording UDP flow and a fake clock.</summary>
public sealed class SipTransactionInboundHandlerTests : IDisposable
{
    private static readonly IPEndPoint Client = new(IPAddress.Loopback, 40000);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly RecordingDatagramFlow _flow = new(Client);
    private int _pipelineRuns;
    private TaskCompletionSource? _gate;

    public SipTransactionInboundHandlerTests() : this(null)
    {
    }

    private SipTransactionInboundHandlerTests(Action<SipTransactionOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSipTransactions(configure);
        services.AddSipServer(pipeline: sip => sip.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _pipelineRuns);
            if (_gate is { } gate)
            {
                await gate.Task;
            }

            await next(context);
        }));
        _services = services.BuildServiceProvider();
        Handler = _services.GetRequiredService<ISipInboundHandler>();
    }

    private ISipInboundHandler Handler { get; }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void AddSipTransactions_puts_the_transaction_handler_in_front_of_the_pipeline_in_either_order()
    {
        Assert.IsType<SipTransactionInboundHandler>(Handler);
        var after = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddLogging();
        after.AddSipServer();
        after.AddSipTransactions();
        using var provider = after.BuildServiceProvider();
        Assert.IsType<SipTransactionInboundHandler>(provider.GetRequiredService<ISipInboundHandler>());
    }

    [Fact]
    public async Task Retransmitted_request_gets_the_cached_response_without_running_the_pipeline_again()
    {
        var text = Request("OPTIONS", "z9hG4bK-opt1");
        await ReceiveAsync(text);
        await ReceiveAsync(text);

        Assert.Equal(1, _pipelineRuns);
        Assert.Equal(["SIP/2.0 501 Not Implemented", "SIP/2.0 501 Not Implemented"], _flow.StatusLines);
        Assert.Equal(_flow.Sent[0].Text, _flow.Sent[1].Text);
        // §18.2.2 / RFC 3581: to received at the rport port, as the plain sender would.
        Assert.All(_flow.Sent, s => Assert.Equal(Client, s.To));
    }

    [Fact]
    public async Task Kept_final_response_bytes_go_to_the_via_received_rport_address_every_time()
    {
        // The request came from another port than its Via's rport names: the kept bytes must follow §18.2.2 / RFC 3581
        // like the response object did, on the first send and on the re-sends.
        var other = new RecordingDatagramFlow(new IPEndPoint(IPAddress.Loopback, 40001));
        var text = Request("OPTIONS", "z9hG4bK-opt2");
        for (var i = 0; i < 2; i++)
        {
            using var request = Parse(text);
            await Handler.OnRequestAsync(request, other, CancellationToken.None);
        }

        Assert.Equal(2, other.Sent.Count);
        Assert.All(other.Sent, s => Assert.Equal(Client, s.To));
        Assert.Equal(other.Sent[0].Text, other.Sent[1].Text);
    }

    [Fact]
    public async Task INVITE_final_is_retransmitted_on_timer_G_and_the_ACK_stops_it()
    {
        await ReceiveAsync(Request("INVITE", "z9hG4bK-inv1"));
        Advance(TimeSpan.FromMilliseconds(1_600));
        Assert.Equal(3, _flow.Sent.Count); // 0, 0.5, 1.5 s

        var toTag = _flow.Sent[0].Text.Split("\r\n").Single(l => l.StartsWith("To:", StringComparison.Ordinal)).Split(";tag=")[1];
        await ReceiveAsync(Request("ACK", "z9hG4bK-inv1", toTag));
        Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(3, _flow.Sent.Count);
        Assert.Equal(1, _pipelineRuns); // the ACK of a non-2xx never reaches the pipeline
    }

    [Fact]
    public async Task INVITE_unanswered_for_200_ms_gets_100_Trying_from_the_layer()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handling = ReceiveAsync(Request("INVITE", "z9hG4bK-inv2"));
        Advance(TimeSpan.FromMilliseconds(199));
        Assert.Empty(_flow.Sent);

        Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => _flow.Sent.Count == 1);
        Assert.Equal("SIP/2.0 100 Trying", _flow.StatusLines[0]);

        _gate.SetResult();
        await handling;
        Assert.Equal(["SIP/2.0 100 Trying", "SIP/2.0 501 Not Implemented"], _flow.StatusLines);
    }

    [Fact]
    public async Task INVITE_answered_at_once_gets_no_100_Trying()
    {
        await ReceiveAsync(Request("INVITE", "z9hG4bK-inv3"));
        Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal(["SIP/2.0 501 Not Implemented"], _flow.StatusLines);
    }

    [Fact]
    public async Task Request_past_the_transaction_limit_gets_503_and_skips_the_pipeline()
    {
        using var limited = new SipTransactionInboundHandlerTests(o => o.MaxTransactions = 1);
        await limited.ReceiveAsync(Request("OPTIONS", "z9hG4bK-a"));
        await limited.ReceiveAsync(Request("OPTIONS", "z9hG4bK-b"));

        Assert.Equal(1, limited._pipelineRuns);
        Assert.Equal(["SIP/2.0 501 Not Implemented", "SIP/2.0 503 Service Unavailable"], limited._flow.StatusLines);
    }

    [Fact]
    public async Task Stray_response_is_dropped_without_sending()
    {
        using var response = SipParser.Parse(Encoding.ASCII.GetBytes(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-nobody\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>;tag=2\r\n" +
            "Call-ID: stray\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")).Response!;
        await Handler.OnResponseAsync(response, _flow, CancellationToken.None);

        Assert.Empty(_flow.Sent);
        Assert.Equal(0, _pipelineRuns);
    }

    [Fact]
    public void Validator_names_the_configuration_keys()
    {
        var result = new SipTransactionOptionsValidator().Validate(null, new SipTransactionOptions
        {
            T1 = TimeSpan.Zero,
            MaxTransactions = 0,
            ResponseQueueCapacity = 0,
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures, f => f.StartsWith("Ims:Sip:Transactions:T1 ", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.StartsWith("Ims:Sip:Transactions:MaxTransactions ", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.StartsWith("Ims:Sip:Transactions:ResponseQueueCapacity ", StringComparison.Ordinal));
        Assert.True(new SipTransactionOptionsValidator().Validate(null, new SipTransactionOptions()).Succeeded);
    }

    [Fact]
    public void Options_are_bound_from_Ims_Sip_Transactions()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ims:Sip:Transactions:T1"] = "00:00:00.25" }).Build());
        services.AddSipTransactions();
        using var provider = services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromMilliseconds(250), provider.GetRequiredService<IOptions<SipTransactionOptions>>().Value.T1);
    }

    [Fact]
    public async Task Transport_adapter_reports_reliability_from_the_flow_and_fails_without_one()
    {
        var adapter = new SipFlowTransactionTransport(new SipResponseSender());
        Assert.False(adapter.IsReliable(SipFlowTransactionTransport.DestinationOf(_flow)));
        Assert.True(adapter.IsReliable(SipFlowTransactionTransport.DestinationOf(new Pipeline.RecordingFlow())));

        using var request = Parse(Request("OPTIONS", "z9hG4bK-x"));
        Assert.False(await adapter.SendAsync(request, new SipTransactionDestination(SipTransportKind.Udp, Client), CancellationToken.None));
        Assert.True(await adapter.SendAsync(request, SipFlowTransactionTransport.DestinationOf(_flow), CancellationToken.None));
        Assert.StartsWith("OPTIONS ", _flow.Sent.Single().Text, StringComparison.Ordinal);
    }

    private static string Request(string method, string branch, string? toTag = null) =>
        $"{method} sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;rport=40000;received=127.0.0.1;branch={branch}\r\n" +
        $"From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>{(toTag is null ? string.Empty : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {branch}\r\nCSeq: 1 {method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    private static SipRequest Parse(string text)
    {
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text));
        Assert.True(result.IsSuccess, result.Failure?.Detail);
        return result.Request!;
    }

    private async Task ReceiveAsync(string text)
    {
        // As the transport does: the request is disposed when the handler returns.
        using var request = Parse(text);
        await Handler.OnRequestAsync(request, _flow, CancellationToken.None);
    }

    private void Advance(TimeSpan by)
    {
        for (var i = 0; i < by.TotalMilliseconds; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
