using System.Threading.Channels;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// Between the receive loops and the handler: parse outcomes are acted on here (stamp the Via, answer what the
/// parser says is answerable, count and drop the rest), then messages wait in a bounded queue for a fixed set
/// of workers. When the queue is full a message is dropped and counted: a receive loop never waits on the
/// application. Datagram listeners instead hand each message straight to the handler on their own thread
/// (<see cref="DeliverInline"/>), with the same bound on how many may be in progress.
/// </summary>
internal sealed class SipInboundQueue
{
    private readonly Channel<(SipMessage Message, SipFlow Flow)> _queue;
    private readonly SipTransportContext _context;
    private readonly ISipInboundHandler _handler;
    private readonly ISipResponseSender _responses;
    private readonly List<Task> _workers = [];
    private CancellationToken _stopping;
    private int _inlineInProgress;

    public SipInboundQueue(SipTransportContext context, ISipInboundHandler handler, ISipResponseSender responses)
    {
        _context = context;
        _handler = handler;
        _responses = responses;
        _queue = Channel.CreateBounded<(SipMessage, SipFlow)>(new BoundedChannelOptions(context.Options.InboundQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    public void Start(CancellationToken stopping)
    {
        _stopping = stopping;
        for (var i = 0; i < _context.Options.InboundWorkers; i++)
        {
            _workers.Add(Task.Run(() => WorkAsync(stopping), CancellationToken.None));
        }
    }

    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var item))
        {
            item.Message.Dispose();
        }

        while (Volatile.Read(ref _inlineInProgress) > 0)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Acts on one parse outcome from <paramref name="flow"/>: a message waits in the queue for a worker.</summary>
    public void Deliver(SipParseResult result, SipFlow flow)
    {
        if (Accept(result, flow) is { } message && !_queue.Writer.TryWrite((message, flow)))
        {
            _context.Metrics.Dropped(flow.Transport, "inbound-queue-full");
            message.Dispose();
        }
    }

    /// <summary>
    /// Acts on one parse outcome from <paramref name="flow"/>, running the handler on the calling thread until it first
    /// waits: a request answered without waiting is done when this returns. At most
    /// <see cref="SipTransportOptions.InboundQueueCapacity"/> handlers may be waiting at once; beyond, messages are dropped
    /// and counted as when the queue is full.
    /// </summary>
    public void DeliverInline(SipParseResult result, SipFlow flow)
    {
        if (Accept(result, flow) is not { } message)
        {
            return;
        }

        if (Interlocked.Increment(ref _inlineInProgress) > _context.Options.InboundQueueCapacity)
        {
            Interlocked.Decrement(ref _inlineInProgress);
            _context.Metrics.Dropped(flow.Transport, "inbound-queue-full");
            message.Dispose();
            return;
        }

        _ = HandleAsync(message, flow, inline: true);
    }

    /// <summary>Counts and answers or drops what did not parse; returns the message to handle, Via stamped, if it did.</summary>
    private SipMessage? Accept(SipParseResult result, SipFlow flow)
    {
        if (!result.IsSuccess)
        {
            var failure = result.Failure!;
            _context.Metrics.ParseError(flow.Transport, failure.Error);
            SipTransportLog.ParseFailed(_context.Logger, SipListenerEndpoint.SchemeOf(flow.Transport), flow.RemoteEndPoint, failure.ToString());
            if (failure.Disposition == SipErrorDisposition.Respond && failure.Request is { } bad)
            {
                _ = AnswerFailureAsync(bad, failure, flow);
            }
            else
            {
                _context.Metrics.Dropped(flow.Transport, "parse-error");
                if (failure.CloseConnection)
                {
                    flow.Close();
                }
            }

            return null;
        }

        var message = result.Message!;
        _context.Metrics.Received(flow.Transport);
        if (message is SipRequest request)
        {
            SipViaRules.Stamp(request, flow.RemoteEndPoint);
        }

        return message;
    }

    private async Task AnswerFailureAsync(SipRequest bad, SipParseFailure failure, SipFlow flow)
    {
        try
        {
            SipViaRules.Stamp(bad, flow.RemoteEndPoint);
            using var response = SipResponse.CreateFor(bad, failure.StatusCode, failure.ReasonPhrase);
            await _responses.SendAsync(response, flow).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A malformed request must never take the server down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SipTransportLog.HandlerFailed(_context.Logger, flow.RemoteEndPoint, e);
        }
        finally
        {
            bad.Dispose();
            if (failure.CloseConnection)
            {
                // Framing is lost: close once the answer is written.
                flow.Close();
            }
        }
    }

    private async Task WorkAsync(CancellationToken stopping)
    {
        await foreach (var (message, flow) in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await HandleAsync(message, flow, inline: false).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the handler for one message and disposes it; never throws.</summary>
    private async Task HandleAsync(SipMessage message, SipFlow flow, bool inline)
    {
        try
        {
            if (message is SipRequest request)
            {
                await _handler.OnRequestAsync(request, flow, _stopping).ConfigureAwait(false);
            }
            else
            {
                await _handler.OnResponseAsync((SipResponse)message, flow, _stopping).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // One failing message must not stop the worker (or the receive thread).
        catch (Exception e)
#pragma warning restore CA1031
        {
            SipTransportLog.HandlerFailed(_context.Logger, flow.RemoteEndPoint, e);
        }
        finally
        {
            message.Dispose();
            if (inline)
            {
                Interlocked.Decrement(ref _inlineInProgress);
            }
        }
    }
}
