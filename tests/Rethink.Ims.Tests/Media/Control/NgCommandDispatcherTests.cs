using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Tests.Media.Control;

public sealed class NgCommandDispatcherTests : IDisposable
{
    private static readonly IPEndPoint Kamailio = new(IPAddress.Loopback, 40000);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingControl _control = new();

    public void Dispose() => _services.Dispose();

    private NgCommandDispatcher Dispatcher(NgControlServerOptions? options = null) => new(
        _control,
        options ?? new NgControlServerOptions(),
        new NgControlMetrics(_services.GetRequiredService<IMeterFactory>()),
        NullLogger.Instance,
        _time);

    private static async Task<string?> Send(NgCommandDispatcher dispatcher, string datagram, IPEndPoint? from = null, CancellationToken stopping = default)
    {
        var reply = await dispatcher.HandleAsync(Encoding.UTF8.GetBytes(datagram), from ?? Kamailio, stopping);
        return reply is null ? null : Encoding.UTF8.GetString(reply);
    }

    [Fact]
    public async Task Answers_ping_with_pong_under_the_same_cookie()
    {
        Assert.Equal("0_7450_0 d6:result4:ponge", await Send(Dispatcher(), "0_7450_0 " + NgSamples.Ping));
        Assert.Equal("ping", Assert.Single(_control.Calls).Method);
    }

    [Fact]
    public async Task Hands_an_offer_to_the_control_and_returns_its_sdp()
    {
        _control.Respond = (_, request, _) => ValueTask.FromResult(NgResult.Ok(request!.GetSdpText()!.Replace("49170", "30000", StringComparison.Ordinal)));
        var reply = await Send(Dispatcher(), "0_7450_1 " + NgSamples.Offer());
        var sdp = NgSamples.Sdp.Replace("49170", "30000", StringComparison.Ordinal);
        Assert.Equal($"0_7450_1 d6:result2:ok3:sdp{NgSamples.Str(sdp)}e", reply);
        var (method, request) = Assert.Single(_control.Calls);
        Assert.Equal("offer", method);
        Assert.Equal("callid-abc@127.0.0.1", request!.CallId);
    }

    [Theory]
    [InlineData(NgSamples.Delete, "delete")]
    [InlineData(NgSamples.Query, "query")]
    public async Task Routes_delete_and_query_to_their_methods(string dictionary, string method)
    {
        _control.Respond = (_, _, _) => ValueTask.FromResult(NgResult.Ok());
        Assert.Equal("c d6:result2:oke", await Send(Dispatcher(), "c " + dictionary));
        Assert.Equal(method, Assert.Single(_control.Calls).Method);
    }

    [Fact]
    public async Task A_retransmitted_request_is_answered_from_the_cache_without_running_it_again()
    {
        var dispatcher = Dispatcher();
        var first = await Send(dispatcher, "5_5_5 " + NgSamples.Offer());
        var second = await Send(dispatcher, "5_5_5 " + NgSamples.Offer());
        Assert.Equal(first, second);
        Assert.Single(_control.Calls);

        // A new cookie is a new request.
        await Send(dispatcher, "5_5_6 " + NgSamples.Offer());
        Assert.Equal(2, _control.Calls.Count);
    }

    [Fact]
    public async Task A_retransmission_while_the_first_copy_runs_is_dropped_and_the_first_copy_still_answers()
    {
        var release = new TaskCompletionSource<NgResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _control.Respond = (_, _, _) => new ValueTask<NgResult>(release.Task);
        var dispatcher = Dispatcher();
        var first = Send(dispatcher, "7_7_7 " + NgSamples.Offer());
        Assert.Null(await Send(dispatcher, "7_7_7 " + NgSamples.Offer()));
        release.SetResult(NgResult.Ok("v=0\r\n"));
        Assert.Equal("7_7_7 d6:result2:ok3:sdp5:v=0\r\ne", await first);
        Assert.Single(_control.Calls);
    }

    [Fact]
    public async Task After_the_cache_ttl_the_same_cookie_runs_again()
    {
        var dispatcher = Dispatcher(new NgControlServerOptions { ReplyCacheTtl = TimeSpan.FromSeconds(30) });
        await Send(dispatcher, "c " + NgSamples.Offer());
        _time.Advance(TimeSpan.FromSeconds(29));
        await Send(dispatcher, "c " + NgSamples.Offer());
        Assert.Single(_control.Calls);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Send(dispatcher, "c " + NgSamples.Offer());
        Assert.Equal(2, _control.Calls.Count);
    }

    [Theory]
    [InlineData("d7:command15:start recordinge", "Unrecognized command")]
    [InlineData("d7:command5:offere", "No 'call-id' key in message")]
    [InlineData("d7:commandi1ee", "Invalid value for 'command'")]
    [InlineData("{\"command\":\"ping\"}", "Failed to decode bencoded dictionary: UnexpectedByte at offset 0")]
    [InlineData("d7:command4:ping", "Failed to decode bencoded dictionary: Truncated at offset 16")]
    [InlineData("", "Failed to decode bencoded dictionary: Truncated at offset 0")]
    [InlineData("l4:pinge", "Message is not a dictionary")]
    public async Task Refuses_what_it_cannot_run_with_an_error_under_the_same_cookie(string body, string reason)
    {
        var reply = await Send(Dispatcher(), "k1 " + body);
        Assert.Equal($"k1 d12:error-reason{NgSamples.Str(reason)}6:result5:errore", reply);
        Assert.Empty(_control.Calls);
    }

    [Theory]
    [InlineData("d7:command4:pinge")]
    [InlineData("")]
    [InlineData("\u0001bad d7:command4:pinge")]
    public async Task Drops_datagrams_without_a_readable_cookie(string datagram)
    {
        Assert.Null(await Send(Dispatcher(), datagram));
        Assert.Empty(_control.Calls);
    }

    [Fact]
    public async Task Answers_an_oversized_datagram_with_an_error_without_decoding_it()
    {
        var dispatcher = Dispatcher(new NgControlServerOptions { MaxDatagramSize = 64 });
        var reply = await Send(dispatcher, "big " + NgSamples.Offer());
        Assert.Equal("big d12:error-reason17:Message too large6:result5:errore", reply);
        Assert.Empty(_control.Calls);
        Assert.Equal("ok d6:result4:ponge", await Send(dispatcher, "ok " + NgSamples.Ping));
    }

    [Fact]
    public async Task A_control_that_throws_gets_a_generic_error_that_leaks_nothing()
    {
        _control.Respond = (_, _, _) => throw new InvalidOperationException("secret internals");
        var reply = await Send(Dispatcher(), "t " + NgSamples.Offer());
        Assert.Equal("t d12:error-reason14:Internal error6:result5:errore", reply);
    }

    [Fact]
    public async Task A_control_that_returns_null_gets_a_generic_error()
    {
        _control.Respond = (_, _, _) => ValueTask.FromResult<NgResult>(null!);
        Assert.Equal("t d12:error-reason14:Internal error6:result5:errore", await Send(Dispatcher(), "t " + NgSamples.Offer()));
    }

    [Fact]
    public async Task A_command_that_outlives_the_timeout_is_cancelled_and_answered_with_an_error()
    {
        _control.Respond = async (_, _, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return NgResult.Ok();
        };
        var dispatcher = Dispatcher(new NgControlServerOptions { CommandTimeout = TimeSpan.FromSeconds(2) });
        var reply = Send(dispatcher, "slow " + NgSamples.Offer());
        Assert.False(reply.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("slow d12:error-reason9:Timed out6:result5:errore", await reply);
    }

    [Fact]
    public async Task A_command_cancelled_by_shutdown_gets_no_reply_and_runs_again_if_retransmitted()
    {
        using var stopping = new CancellationTokenSource();
        _control.Respond = async (_, _, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return NgResult.Ok();
        };
        var dispatcher = Dispatcher();
        var reply = Send(dispatcher, "s " + NgSamples.Offer(), stopping: stopping.Token);
        await stopping.CancelAsync();
        Assert.Null(await reply);

        _control.Respond = (_, _, _) => ValueTask.FromResult(NgResult.Ok("v=1"));
        Assert.Equal("s d6:result2:ok3:sdp3:v=1e", await Send(dispatcher, "s " + NgSamples.Offer()));
        Assert.Equal(2, _control.Calls.Count);
    }

    [Fact]
    public async Task Load_limit_goes_only_to_proxies_that_support_it()
    {
        _control.Respond = (_, _, _) => ValueTask.FromResult(NgResult.LoadLimit("full"));
        var dispatcher = Dispatcher();
        Assert.Equal("a d7:message4:full6:result10:load limite", await Send(dispatcher, "a " + NgSamples.Offer()));
        var withoutSupport = "d7:command5:offer7:call-id1:c8:from-tag1:f3:sdp3:v=0e";
        Assert.Equal(
            "b d12:error-reason30:Parallel session limit reached6:result5:errore",
            await Send(dispatcher, "b " + withoutSupport));
    }

    [Fact]
    public async Task A_reply_too_large_for_udp_becomes_an_error()
    {
        _control.Respond = (_, _, _) => ValueTask.FromResult(NgResult.Ok(new string('x', NgMessage.MaxUdpPayload)));
        Assert.Equal("r d12:error-reason15:Reply too large6:result5:errore", await Send(Dispatcher(), "r " + NgSamples.Offer()));
    }

    [Fact]
    public async Task Counts_commands_retransmissions_and_drops_with_bounded_tags()
    {
        var measurements = new List<(string Instrument, long Value, Dictionary<string, string> Tags)>();
        using var listener = new MeterListener();
        var factory = _services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NgControlMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => (string)t.Value!)));
            }
        });
        listener.Start();

        var dispatcher = Dispatcher();
        await Send(dispatcher, "1 " + NgSamples.Ping);
        await Send(dispatcher, "2 " + NgSamples.Offer());
        await Send(dispatcher, "2 " + NgSamples.Offer());
        await Send(dispatcher, "3 d7:command6:whatise");
        await Send(dispatcher, "nocookie");

        lock (measurements)
        {
            Assert.Equal(
                [
                    ("rethink.ims.ng.commands", "command=ping,result=pong"),
                    ("rethink.ims.ng.commands", "command=offer,result=ok"),
                    ("rethink.ims.ng.retransmissions", "outcome=replayed"),
                    ("rethink.ims.ng.commands", "command=other,result=error"),
                    ("rethink.ims.ng.dropped", "reason=no_cookie"),
                ],
                measurements.Select(m => (m.Instrument, string.Join(',', m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")))));
        }
    }
}
