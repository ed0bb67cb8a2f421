using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// The RFC 3261 §17 transaction layer: matches received messages to server and client transactions, creates server
/// transactions for new requests, starts client transactions, and runs their timers on a <see cref="TimeProvider"/>.
/// It knows nothing of sockets: messages leave through <see cref="ISipTransactionTransport"/>.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="ReceiveAsync"/> may be called from many receive threads at once. Transactions live in two
/// concurrent dictionaries (server, client); each transaction changes state under its own lock. Creation races are
/// settled by the dictionary: of several copies of one request received at once, one creates the transaction and
/// the others are treated as its retransmissions. The number of live transactions is capped
/// (<see cref="SipTransactionOptions.MaxTransactions"/>).
/// </remarks>
public sealed class SipTransactionLayer : IDisposable
{
    private readonly ConcurrentDictionary<SipTransactionKey, SipServerTransaction> _server = new();
    private readonly ConcurrentDictionary<SipTransactionKey, SipClientTransaction> _client = new(SipClientKeyComparer.Instance);
    private readonly ISipTransactionTransport _transport;
    private readonly ILogger _logger;
    private int _count;
    private volatile bool _disposed;

    /// <summary>Creates the layer.</summary>
    /// <param name="transport">Where messages are sent.</param>
    /// <param name="options">Timers and limits; validated here.</param>
    /// <param name="timeProvider">The clock of every timer (a fake one in tests).</param>
    /// <param name="metrics">Metrics, or null for none.</param>
    /// <param name="logger">A logger, or null for none.</param>
    public SipTransactionLayer(ISipTransactionTransport transport, SipTransactionOptions options, TimeProvider timeProvider,
        SipTransactionMetrics? metrics = null, ILogger<SipTransactionLayer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _transport = transport;
        Options = options;
        Time = timeProvider;
        Timers = new SipTimerQueues(timeProvider);
        Metrics = metrics;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The options in use.</summary>
    public SipTransactionOptions Options { get; }

    /// <summary>The number of live transactions, server and client.</summary>
    public int Count => Volatile.Read(ref _count);

    internal TimeProvider Time { get; }

    internal SipTimerQueues Timers { get; }

    internal SipTransactionMetrics? Metrics { get; }

    /// <summary>
    /// Handles a message the transport received: matches it to a transaction or creates a server transaction, and says
    /// what was done (<see cref="SipReceiveResult"/>). The layer does not dispose the message; when it goes to the TU
    /// (<see cref="SipReceiveOutcome.NewServerTransaction"/>, <see cref="SipReceiveOutcome.ResponseDelivered"/>,
    /// <see cref="SipReceiveOutcome.AckForTransactionUser"/>, <see cref="SipReceiveOutcome.StrayResponse"/>) the TU owns it.
    /// </summary>
    /// <param name="message">The parsed request or response.</param>
    /// <param name="source">The flow it arrived on; a server transaction sends its responses there.</param>
    /// <param name="cancellationToken">Cancels a send the receive causes (a re-sent response, a stateless 503).</param>
    public ValueTask<SipReceiveResult> ReceiveAsync(SipMessage message, SipTransactionDestination source,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return message is SipRequest request
            ? ReceiveRequestAsync(request, source, cancellationToken)
            : ReceiveResponseAsync((SipResponse)message, cancellationToken);
    }

    /// <summary>
    /// Starts a client transaction for <paramref name="request"/> (RFC 3261 §17.1) and sends it to <paramref name="destination"/>.
    /// The request must carry its top Via with a fresh RFC 3261 branch (the TU's or proxy's job) and must not be changed
    /// afterwards (it is retransmitted). When the transaction limit is reached, the transaction comes back already
    /// terminated with a local 503 as its final response.
    /// </summary>
    /// <exception cref="ArgumentException">The request is an ACK, has no RFC 3261 branch, its CSeq method differs from its
    /// method, or its branch is in use by another live client transaction (bugs of the caller).</exception>
    public SipClientTransaction StartClientTransaction(SipRequest request, SipTransactionDestination destination) =>
        Start(request, destination, null);

    /// <summary>
    /// Starts a client transaction as <see cref="StartClientTransaction(SipRequest, SipTransactionDestination)"/> does, whose
    /// responses go to <paramref name="handler"/> on the thread that matched them instead of
    /// <see cref="SipClientTransaction.Responses"/>. The handler may be called before this returns (a refusal at the
    /// transaction limit, a send that failed at once), so it must not need the returned transaction first.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="StartClientTransaction(SipRequest, SipTransactionDestination)"/>.</exception>
    public SipClientTransaction StartClientTransaction(SipRequest request, SipTransactionDestination destination,
        ISipClientTransactionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Start(request, destination, handler);
    }

    private SipClientTransaction Start(SipRequest request, SipTransactionDestination destination, ISipClientTransactionHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (request.Method.Kind == SipMethodKind.Ack)
        {
            throw new ArgumentException("An ACK has no client transaction; send it directly.", nameof(request));
        }

        var branch = request.Via.Count == 0 ? default : request.TopVia.Branch;
        if (!request.TopVia.HasRfc3261Branch || branch.Length <= SipIdentifiers.MagicCookie.Length)
        {
            throw new ArgumentException("The request needs a top Via with an RFC 3261 branch.", nameof(request));
        }

        if (request.CSeq.Method != request.Method)
        {
            throw new ArgumentException("The CSeq method must be the request method.", nameof(request));
        }

        var key = new SipTransactionKey(branch.ToString(), string.Empty, request.Method.Name);
        var tx = new SipClientTransaction(this, request, destination, _transport.IsReliable(destination), key.Id, handler) { Key = key };
        if (!TryReserve())
        {
            Metrics?.Refused();
            SipTransactionLog.LimitReached(_logger, Options.MaxTransactions, request.Method.Name);
            tx.Refuse();
            return tx;
        }

        if (!_client.TryAdd(key, tx))
        {
            Release();
            throw new ArgumentException("The branch is in use by a live client transaction.", nameof(request));
        }

        Metrics?.Started(tx.Kind);
        tx.Start();
        return tx;
    }

    /// <summary>Terminates every live transaction (outcome Aborted, or a local 503 for client transactions still waiting).</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var tx in _server.Values)
        {
            tx.Abort();
        }

        foreach (var tx in _client.Values)
        {
            tx.Abort();
        }

        Timers.Dispose();
    }

    internal void Remove(SipServerTransaction tx)
    {
        if (_server.TryRemove(new KeyValuePair<SipTransactionKey, SipServerTransaction>(tx.Key, tx)))
        {
            Interlocked.Decrement(ref _count);
            Metrics?.Ended(tx.Kind);
        }
    }

    internal void Remove(SipClientTransaction tx)
    {
        if (_client.TryRemove(new KeyValuePair<SipTransactionKey, SipClientTransaction>(tx.Key, tx)))
        {
            Interlocked.Decrement(ref _count);
            Metrics?.Ended(tx.Kind);
        }
    }

    internal async ValueTask<bool> SendAsync(SipMessage message, SipTransaction tx, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.SendAsync(message, tx.Destination, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A transport that throws has a bug; the transaction still needs an outcome.
            SipTransactionLog.SendFailed(_logger, ex, tx.Branch);
            return false;
        }
    }

    /// <summary>Serializes <paramref name="response"/> once, exactly sized, with the destination it goes to, for a server
    /// transaction that keeps only these while it waits in Completed.</summary>
    internal SipKeptResponse Keep(SipResponse response, SipTransaction tx) =>
        new(SipMessageWriter.ToArray(response), _transport.ResponseDestination(response, tx.Destination));

    internal async ValueTask<bool> SendAsync(SipKeptResponse kept, SipTransaction tx, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.SendAsync(kept.Bytes, kept.Destination, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SipTransactionLog.SendFailed(_logger, ex, tx.Branch);
            return false;
        }
    }

    /// <summary>Sends from a timer or a receive path that does not wait; a failure reaches the transaction.</summary>
    internal void SendInBackground(SipMessage message, SipTransaction tx) =>
        Observe(SendAsync(message, tx, CancellationToken.None), tx);

    /// <summary>Re-sends kept response bytes without waiting; a failure reaches the transaction.</summary>
    internal void SendInBackground(SipKeptResponse kept, SipTransaction tx) =>
        Observe(SendAsync(kept, tx, CancellationToken.None), tx);

    private static void Observe(ValueTask<bool> pending, SipTransaction tx)
    {
        if (pending.IsCompletedSuccessfully)
        {
            if (!pending.Result)
            {
                tx.OnTransportError();
            }

            return;
        }

        _ = ObserveAsync(pending, tx);

        static async Task ObserveAsync(ValueTask<bool> pending, SipTransaction tx)
        {
            if (!await pending.ConfigureAwait(false))
            {
                tx.OnTransportError();
            }
        }
    }

    internal void LogTimeout(SipTransaction tx, string timer)
    {
        Metrics?.TimedOut(timer);
        SipTransactionLog.TimedOut(_logger, tx.Branch, tx.MethodName, timer);
    }

    internal void LogHandlerFailed(SipTransaction tx, Exception exception) => SipTransactionLog.HandlerFailed(_logger, exception, tx.Branch);

    internal void LogTransportError(SipTransaction tx) => SipTransactionLog.TransportError(_logger, tx.Branch, tx.MethodName);

    /// <summary>Reserves a slot under the cap; false when the cap is reached.</summary>
    internal bool TryReserve()
    {
        if (Interlocked.Increment(ref _count) > Options.MaxTransactions)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        return true;
    }

    internal void Release() => Interlocked.Decrement(ref _count);

    private async ValueTask<SipReceiveResult> ReceiveRequestAsync(SipRequest request, SipTransactionDestination source,
        CancellationToken cancellationToken)
    {
        var method = request.Method;
        if (request.Via.Count == 0 || request.CSeq.IsEmpty || method.IsEmpty)
        {
            return new SipReceiveResult(SipReceiveOutcome.Dropped);
        }

        var via = request.TopVia;
        var isAck = method.Kind == SipMethodKind.Ack;
        var branch = via.Branch;
        if (branch.Length == SipIdentifiers.MagicCookie.Length && via.HasRfc3261Branch
            && Options.CookieOnlyBranch == SipCookieOnlyBranchPolicy.Reject)
        {
            SipTransactionLog.CookieOnlyBranch(_logger, method.Name);
            if (!isAck)
            {
                await SendStatelessAsync(request, source, 400, "Bad Request (Invalid branch)", cancellationToken).ConfigureAwait(false);
            }

            return new SipReceiveResult(SipReceiveOutcome.RejectedBadRequest);
        }

        var matchMethod = isAck ? SipMethod.Invite.Name : method.Name;
        var key = ServerKey(request, matchMethod);
        if (isAck)
        {
            if (_server.TryGetValue(key, out var invite) && invite.IsInvite && invite.OnAck())
            {
                return new SipReceiveResult(SipReceiveOutcome.AckAbsorbed, invite);
            }

            return new SipReceiveResult(SipReceiveOutcome.AckForTransactionUser, invite);
        }

        while (true)
        {
            if (_server.TryGetValue(key, out var existing))
            {
                var resend = existing.OnRequestRetransmission(out var kept);
                if (resend is not null || kept is not null)
                {
                    Metrics?.Retransmitted("response");
                    var sent = kept is { } bytes
                        ? await SendAsync(bytes, existing, cancellationToken).ConfigureAwait(false)
                        : await SendAsync(resend!, existing, cancellationToken).ConfigureAwait(false);
                    if (!sent)
                    {
                        existing.OnTransportError();
                    }
                }

                return new SipReceiveResult(SipReceiveOutcome.RequestRetransmission, existing);
            }

            if (!TryReserve())
            {
                Metrics?.Refused();
                SipTransactionLog.LimitReached(_logger, Options.MaxTransactions, method.Name);
                await SendStatelessAsync(request, source, 503, null, cancellationToken).ConfigureAwait(false);
                return new SipReceiveResult(SipReceiveOutcome.RefusedOverload);
            }

            SipServerTransaction? target = null;
            if (method.Kind == SipMethodKind.Cancel)
            {
                _server.TryGetValue(key with { Method = SipMethod.Invite.Name }, out target);
            }

            // The key of an RFC 3261 branch holds the branch as its id: one string for both.
            var tx = new SipServerTransaction(this, request, source, _transport.IsReliable(source),
                key.SentBy.Length > 0 ? key.Id : branch.ToString(), target)
            {
                Key = key,
            };
            if (_server.TryAdd(key, tx))
            {
                Metrics?.Started(tx.Kind);
                target?.OnCancel();
                return new SipReceiveResult(SipReceiveOutcome.NewServerTransaction, tx);
            }

            // Another thread created it first: this copy is a retransmission of that one.
            Release();
        }
    }

    private async ValueTask<SipReceiveResult> ReceiveResponseAsync(SipResponse response, CancellationToken cancellationToken)
    {
        if (response.Via.Count == 0 || response.CSeq.IsEmpty)
        {
            return new SipReceiveResult(SipReceiveOutcome.Dropped);
        }

        if (FindClient(response) is not { } tx)
        {
            return new SipReceiveResult(SipReceiveOutcome.StrayResponse);
        }

        var (delivered, ack) = tx.OnResponse(response);
        if (ack is not null)
        {
            if (!await SendAsync(ack, tx, cancellationToken).ConfigureAwait(false))
            {
                tx.OnTransportError();
            }
        }

        return new SipReceiveResult(delivered ? SipReceiveOutcome.ResponseDelivered : SipReceiveOutcome.ResponseAbsorbed, null, tx);
    }

    /// <summary>The client transaction of a response: its top Via branch and CSeq method, looked up without a string.</summary>
    private SipClientTransaction? FindClient(SipResponse response)
    {
        var branch = response.TopVia.Branch.Span;
        var method = response.CSeq.Method.Name;
        if (branch.Length > SipClientKeyComparer.MaxStackBranch)
        {
            return _client.TryGetValue(new SipTransactionKey(response.TopVia.Branch.ToString(), string.Empty, method), out var found) ? found : null;
        }

        Span<char> chars = stackalloc char[SipClientKeyComparer.MaxStackBranch];
        var probe = new SipClientKeyComparer.Probe(SipClientKeyComparer.Decode(branch, chars), method);
        return _client.GetAlternateLookup<SipClientKeyComparer.Probe>().TryGetValue(probe, out var tx) ? tx : null;
    }

    private async ValueTask SendStatelessAsync(SipRequest request, SipTransactionDestination destination, int status, string? reason,
        CancellationToken cancellationToken)
    {
        using var response = SipResponse.CreateFor(request, status, reason);
        if (status == 503)
        {
            response.Headers.Add(SipHeaderId.RetryAfter, Options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        }

        try
        {
            await _transport.SendAsync(response, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            SipTransactionLog.SendFailed(_logger, ex, request.TopVia.Branch.ToString());
        }
    }

    /// <summary>The §17.2.3 key: branch + sent-by + method for RFC 3261 branches; else Request-URI, From tag, Call-ID,
    /// CSeq number, top Via and (outside INVITE, ACK and CANCEL) To tag.</summary>
    private static SipTransactionKey ServerKey(SipRequest request, string matchMethod)
    {
        var via = request.TopVia;
        var branch = via.Branch;
        var cookieOnly = branch.Length == SipIdentifiers.MagicCookie.Length;
        if (via.HasRfc3261Branch && !cookieOnly)
        {
            return new SipTransactionKey(branch.ToString(), SentBy(via.Host.Span, via.Port ?? 0), matchMethod);
        }

        // RFC 2543: the To tag of an ACK is the response's, so INVITE-class matching leaves it out (the CSeq number,
        // Call-ID and From tag already tell the INVITE apart).
        var toTag = matchMethod == SipMethod.Invite.Name || matchMethod == SipMethod.Cancel.Name ? string.Empty : request.To.Tag.ToString();
        var id = string.Join('\n', "2543", request.RequestUri.ToString(), toTag, request.From.Tag.ToString(),
            request.CallId.ToString(), request.CSeq.Number.ToString(CultureInfo.InvariantCulture), via.Raw.ToString().Trim());
        return new SipTransactionKey(id, string.Empty, matchMethod);
    }

    /// <summary><c>host:port</c>, host lower-cased, in one allocation.</summary>
    private static string SentBy(ReadOnlySpan<byte> host, int port)
    {
        if (host.Length > 256)
        {
            return System.Text.Encoding.UTF8.GetString(host).ToLowerInvariant() + ":" + port.ToString(CultureInfo.InvariantCulture);
        }

        Span<char> text = stackalloc char[host.Length + 12];
        var length = 0;
        foreach (var b in host)
        {
            text[length++] = char.ToLowerInvariant((char)b);
        }

        text[length++] = ':';
        port.TryFormat(text[length..], out var written, provider: CultureInfo.InvariantCulture);
        return new string(text[..(length + written)]);
    }
}
