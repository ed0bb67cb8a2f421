using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// Puts the transaction layer between the transport and the pipeline: every received message goes through
/// <see cref="SipTransactionLayer.ReceiveAsync"/> first. A new request runs the pipeline with its server transaction on the
/// <see cref="SipContext"/> (so responses are kept and re-sent by the transaction); retransmissions, the ACK of a non-2xx,
/// requests refused at the transaction limit (503) and cookie-only branches (400) end in the layer; the ACK of a 2xx goes
/// to the pipeline without a transaction. Responses go to their client transactions; stray ones are dropped and counted
/// (<c>rethink.ims.sip.dropped</c>, reason <c>stray-response</c>): this server is not a proxy yet.
/// </summary>
/// <remarks>
/// An INVITE the pipeline has not answered within <see cref="TryingDelay"/> gets a 100 Trying from here (RFC 3261 §17.2.1),
/// so the client stops retransmitting. The transport disposes the request when the pipeline returns; a transaction that
/// outlives it keeps an emptied <see cref="SipTransaction.Request"/> and only re-sends its <see cref="SipServerTransaction.LastResponse"/>.
/// </remarks>
public sealed partial class SipTransactionInboundHandler : ISipInboundHandler
{
    /// <summary>How long an INVITE may wait for its first response before the layer sends 100 Trying (RFC 3261 §17.2.1: 200 ms).</summary>
    public static readonly TimeSpan TryingDelay = TimeSpan.FromMilliseconds(200);

    private readonly SipTransactionLayer _layer;
    private readonly SipPipelineHandler _pipeline;
    private readonly SipTransportMetrics _metrics;
    private readonly ILogger _logger;

    /// <summary>Creates the handler.</summary>
    /// <param name="layer">The transaction layer (its transport is a <see cref="SipFlowTransactionTransport"/>).</param>
    /// <param name="pipeline">Runs the pipeline for new requests and for the ACK of a 2xx.</param>
    /// <param name="metrics">Counts stray responses as dropped.</param>
    /// <param name="timeProvider">The clock of the 100 Trying delay (the layer's timers run on the same one).</param>
    /// <param name="logger">A logger, or null.</param>
    public SipTransactionInboundHandler(SipTransactionLayer layer, SipPipelineHandler pipeline, SipTransportMetrics metrics,
        TimeProvider timeProvider, ILogger<SipTransactionInboundHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _layer = layer;
        _pipeline = pipeline;
        _metrics = metrics;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task OnRequestAsync(SipRequest request, SipFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(flow);
        var result = await _layer.ReceiveAsync(request, SipFlowTransactionTransport.DestinationOf(flow), cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case SipReceiveOutcome.NewServerTransaction:
                try
                {
                    await RunAsync(request, flow, result.ServerTransaction!, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // The transport disposes the request next and returns its buffer to the pool, but a disposed request
                    // still holds its Request-URI, a slice of that buffer: the transaction, which outlives the request by
                    // timer J, H or I (32 s over UDP), would pin the buffer (and read whatever the pool puts there next).
                    request.RequestUri = default;
                }

                break;
            case SipReceiveOutcome.AckForTransactionUser:
                await _pipeline.OnRequestAsync(request, flow, null, cancellationToken).ConfigureAwait(false);
                break;
            default:
                // Retransmission (the layer re-sent the latest response), absorbed ACK, 503 at the limit, 400 for a
                // cookie-only branch, or unmatchable: the layer has done all there is to do.
                LogAbsorbed(_logger, request.Method.Name, result.Outcome, flow.Id);
                break;
        }
    }

    /// <inheritdoc />
    public async Task OnResponseAsync(SipResponse response, SipFlow flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(flow);
        // A response that reaches a client transaction's user is read after this returns, when the transport has already
        // disposed the received message (and returned its pooled buffer): the transaction keeps it only when its bytes are
        // its own (a UDP response), else gets a copy of its own.
        var owned = SipMessageCopy.KeepPastDisposal(response);
        var result = await _layer.ReceiveAsync(owned, SipFlowTransactionTransport.DestinationOf(flow), cancellationToken).ConfigureAwait(false);
        if (result.Outcome is SipReceiveOutcome.StrayResponse or SipReceiveOutcome.Dropped)
        {
            _metrics.Dropped(flow.Transport, "stray-response");
        }
    }

    private async Task RunAsync(SipRequest request, SipFlow flow, SipServerTransaction transaction, CancellationToken cancellationToken)
    {
        if (request.Method.Kind != SipMethodKind.Invite)
        {
            await _pipeline.OnRequestAsync(request, flow, transaction, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Built before the pipeline runs: the pipeline owns the request while it runs and a message is not thread-safe. A
        // proxy sends this same 100 at once (TakePreparedTrying) instead of building its own.
        transaction.PrepareTrying(SipResponse.CreateFor(request, 100));
        var run = _pipeline.OnRequestAsync(request, flow, transaction, cancellationToken);
        if (run.IsCompleted)
        {
            await run.ConfigureAwait(false);
            return;
        }

        // On the layer's shared timer queue: no timer, delay task or token source per INVITE.
        var timer = new TryingTimer(transaction, cancellationToken);
        _layer.Timers.Schedule(TryingDelay, timer);
        try
        {
            await run.ConfigureAwait(false);
        }
        finally
        {
            timer.Cancel();
        }
    }

    /// <summary>Sends the prepared 100 Trying when it falls due, unless cancelled or the transaction has a response by then
    /// (which drops the prepared 100; a transaction takes no 100 after a final, so a race with the pipeline's final is harmless).</summary>
    private sealed class TryingTimer(SipServerTransaction transaction, CancellationToken cancellationToken)
        : SipTimerQueues.ITicket
    {
        private volatile bool _cancelled;

        public bool IsCancelled => _cancelled;

        public void Cancel() => _cancelled = true;

        public void Fire()
        {
            if (!_cancelled && !cancellationToken.IsCancellationRequested && transaction.TakePreparedTrying() is { } trying)
            {
                _ = transaction.SendResponseAsync(trying, cancellationToken).AsTask();
            }
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "{Method} from flow {Flow} ended in the transaction layer: {Outcome}")]
    private static partial void LogAbsorbed(ILogger logger, string method, SipReceiveOutcome outcome, string flow);
}
