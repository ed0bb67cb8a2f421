using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// Runs the pipeline for each request the transport (or the transaction layer's handler) hands over: one DI
/// scope (created on the first resolve) and one <see cref="SipContext"/> per request; a step that throws gets the request answered 500 when
/// nothing was sent yet. Responses are dropped and counted: this server is not a proxy yet.
/// </summary>
public sealed partial class SipPipelineHandler : ISipInboundHandler
{
    private readonly SipRequestDelegate _pipeline;
    private readonly IServiceScopeFactory _scopes;
    private readonly ISipResponseSender _sender;
    private readonly SipTransportMetrics _metrics;
    private readonly ILogger<SipPipelineHandler> _logger;

    /// <summary>Creates the handler around a built pipeline.</summary>
    public SipPipelineHandler(SipRequestDelegate pipeline, IServiceScopeFactory scopes, ISipResponseSender sender, SipTransportMetrics metrics, ILogger<SipPipelineHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        _pipeline = pipeline;
        _scopes = scopes;
        _sender = sender;
        _metrics = metrics;
        _logger = logger;
    }

    /// <inheritdoc />
    public Task OnRequestAsync(SipRequest request, SipFlow flow, CancellationToken cancellationToken) =>
        OnRequestAsync(request, flow, null, cancellationToken);

    /// <summary>
    /// Runs the pipeline for <paramref name="request"/>; its responses go through <paramref name="serverTransaction"/> when
    /// it is not null (the transaction layer's handler passes the transaction it created).
    /// </summary>
    public async Task OnRequestAsync(SipRequest request, SipFlow flow, SipServerTransaction? serverTransaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(flow);
        var services = new SipRequestServices(_scopes);
        await using (services.ConfigureAwait(false))
        {
            var context = new SipContext(request, flow, _sender, services, serverTransaction, cancellationToken);
            try
            {
                await _pipeline(context).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failing step answers 500; it must not reach the transport.
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogStepFailed(_logger, request.Method.Name, flow.Id, e);
                if (!context.HasResponded && request.Method.Kind != SipMethodKind.Ack)
                {
                    await context.RespondAsync(500).ConfigureAwait(false);
                }
            }
        }
    }

    /// <inheritdoc />
    public Task OnResponseAsync(SipResponse response, SipFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _metrics.Dropped(flow.Transport, "response-not-proxied");
        return Task.CompletedTask;
    }

    [LoggerMessage(1, LogLevel.Error, "A SIP pipeline step failed on {Method} from flow {Flow}")]
    private static partial void LogStepFailed(ILogger logger, string method, string flow, Exception exception);
}
