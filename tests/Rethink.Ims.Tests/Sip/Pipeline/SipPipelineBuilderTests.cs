using Microsoft.Extensions.DependencyInjection;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Tests.Sip.Pipeline;

public class SipPipelineBuilderTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSingleton<Trace>().BuildServiceProvider();

    private static (SipContext Context, RecordingFlow Flow) Context(string method = "INFO")
    {
        var flow = new RecordingFlow();
        return (new SipContext(RecordingFlow.Request(method), flow, new SipResponseSender(), Services), flow);
    }

    internal sealed class Trace
    {
        public List<string> Steps { get; } = [];
    }

    internal sealed class InterfaceMiddleware(Trace trace) : ISipMiddleware
    {
        public async Task InvokeAsync(SipContext context, SipRequestDelegate next)
        {
            trace.Steps.Add("interface>");
            await next(context);
            trace.Steps.Add("<interface");
        }
    }

    internal sealed class ConstructorNextMiddleware(SipRequestDelegate next, Trace trace)
    {
        public async Task InvokeAsync(SipContext context)
        {
            trace.Steps.Add("ctor>");
            await next(context);
            trace.Steps.Add("<ctor");
        }
    }

    internal sealed class NoInvokeMethod;

    [Fact]
    public async Task Steps_run_in_the_order_added_and_unwind_in_reverse()
    {
        var trace = Services.GetRequiredService<Trace>();
        trace.Steps.Clear();
        var builder = new SipPipelineBuilder(Services);
        builder.Use(async (context, next) =>
        {
            trace.Steps.Add("inline>");
            await next(context);
            trace.Steps.Add("<inline");
        });
        builder.UseMiddleware<InterfaceMiddleware>();
        builder.UseMiddleware<ConstructorNextMiddleware>();
        builder.Run(context =>
        {
            trace.Steps.Add("terminal");
            return Task.CompletedTask;
        });

        var (context, _) = Context();
        await builder.Build()(context);

        Assert.Equal(["inline>", "interface>", "ctor>", "terminal", "<ctor", "<interface", "<inline"], trace.Steps);
    }

    [Fact]
    public async Task Without_Run_an_unanswered_request_gets_501()
    {
        var (context, flow) = Context();
        await new SipPipelineBuilder(Services).Build()(context);

        Assert.StartsWith("SIP/2.0 501 Not Implemented\r\n", Assert.Single(flow.Sent), StringComparison.Ordinal);
        Assert.Equal(501, context.FinalResponse!.StatusCode);
    }

    [Fact]
    public async Task A_step_that_answers_without_calling_next_stops_the_pipeline()
    {
        var (context, flow) = Context("OPTIONS");
        var builder = new SipPipelineBuilder(Services);
        builder.Use(async (c, _) => await c.RespondAsync(200, configure: r => r.Headers.Add("Allow", "OPTIONS")));
        builder.Use((_, _) => throw new InvalidOperationException("must not run"));
        await builder.Build()(context);

        var sent = Assert.Single(flow.Sent);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", sent, StringComparison.Ordinal);
        Assert.Contains("\r\nAllow: OPTIONS\r\n", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACK_is_never_answered_by_the_default_terminal()
    {
        var (context, flow) = Context("ACK");
        await new SipPipelineBuilder(Services).Build()(context);
        Assert.Empty(flow.Sent);
    }

    [Fact]
    public async Task A_second_final_response_is_a_bug()
    {
        var (context, _) = Context();
        await context.RespondAsync(200);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await context.RespondAsync(486));
    }

    [Fact]
    public void UseMiddleware_without_an_InvokeAsync_method_throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SipPipelineBuilder(Services).UseMiddleware<NoInvokeMethod>());
        Assert.Contains("InvokeAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_answers_500_when_a_step_throws_and_nothing_was_sent()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SipTransportMetrics(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var builder = new SipPipelineBuilder(Services);
        builder.Use((_, _) => throw new InvalidOperationException("broken step"));
        var handler = new SipPipelineHandler(builder.Build(), Services.GetRequiredService<IServiceScopeFactory>(), new SipResponseSender(), metrics,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SipPipelineHandler>.Instance);
        var flow = new RecordingFlow();
        using var request = RecordingFlow.Request("INFO");

        await handler.OnRequestAsync(request, flow, CancellationToken.None);

        Assert.StartsWith("SIP/2.0 500 ", Assert.Single(flow.Sent), StringComparison.Ordinal);
    }
}
