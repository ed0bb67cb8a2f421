using System.Threading.Channels;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// Between the receive loops and the handler: parse outcomes are acted on here (stamp the Via, answer what the
/// parser says is answerable, count and drop the rest), then messages wait in a bounded queue for a fixed set
/// of workers. When the queue is full a message is dropped and counted: a receive loop never waits on the
/// application.
/// </summary>
internal sealed class SipInboundQueue
{
    private readonly Channel<(SipMessage Message, SipFlow Flow)> _queue;
    private readonly SipTransportContext _context;
    private readonly ISipInboundHandler _handler;
    private readonly ISipResponseSender _responses;
    private readonly List<Task> _workers = [];

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
    }

    /// <summary>Acts on one parse outcome from <paramref name="flow"/>.</summary>
    public void Deliver(SipParseResult result, SipFlow flow)
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

            return;
        }

        var message = result.Message!;
        _context.Metrics.Received(flow.Transport);
        if (message is SipRequest request)
        {
            SipViaRules.Stamp(request, flow.RemoteEndPoint);
        }

        if (!_queue.Writer.TryWrite((message, flow)))
        {
            _context.Metrics.Dropped(flow.Transport, "inbound-queue-full");
            message.Dispose();
        }
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
            try
            {
                if (message is SipRequest request)
                {
                    await _handler.OnRequestAsync(request, flow, stopping).ConfigureAwait(false);
                }
                else
                {
                    await _handler.OnResponseAsync((SipResponse)message, flow, stopping).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // One failing message must not stop the worker.
            catch (Exception e)
#pragma warning restore CA1031
            {
                SipTransportLog.HandlerFailed(_context.Logger, flow.RemoteEndPoint, e);
            }
            finally
            {
                message.Dispose();
            }
        }
    }
}
