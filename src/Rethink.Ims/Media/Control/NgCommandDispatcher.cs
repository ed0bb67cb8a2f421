using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Media.Control;

/// <summary>
/// Turns one ng datagram into its reply, without any I/O: framing, the retransmission cache, decoding,
/// dispatch to <see cref="IMediaSessionControl"/> and encoding. Never throws for anything a peer sends.
/// </summary>
internal sealed class NgCommandDispatcher
{
    private readonly IMediaSessionControl _control;
    private readonly NgControlServerOptions _options;
    private readonly NgReplyCache _cache;
    private readonly NgControlMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public NgCommandDispatcher(
        IMediaSessionControl control,
        NgControlServerOptions options,
        NgControlMetrics metrics,
        ILogger logger,
        TimeProvider time)
    {
        _control = control;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _cache = new NgReplyCache(options.ReplyCacheTtl, options.ReplyCacheMaxEntries, options.ReplyCacheMaxBytes, time);
    }

    /// <summary>The retransmission cache, for tests.</summary>
    internal NgReplyCache Cache => _cache;

    /// <summary>
    /// The reply to send back to <paramref name="remote"/>, or null to send nothing (no readable cookie, a
    /// retransmission of a request still executing, or the server is stopping).
    /// </summary>
    public async ValueTask<byte[]?> HandleAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, CancellationToken stopping)
    {
        if (!NgMessage.TrySplit(datagram, out var cookieBytes, out var body))
        {
            NgControlLog.Dropped(_logger, datagram.Length, remote, "no cookie");
            _metrics.Dropped("no_cookie");
            return null;
        }

        if (datagram.Length > _options.MaxDatagramSize)
        {
            // Not cached: the same oversized request gets the same answer anyway.
            NgControlLog.Malformed(_logger, remote, "datagram too large");
            _metrics.Dropped("too_large");
            return NgMessage.Write(cookieBytes.Span, NgResult.Fail("Message too large").ToBencode());
        }

        var cookie = Encoding.ASCII.GetString(cookieBytes.Span);
        var lookup = _cache.Begin(cookie, remote, out var cached);
        if (lookup != NgReplyCacheLookup.New)
        {
            NgControlLog.Retransmission(_logger, cookie, remote, lookup == NgReplyCacheLookup.Replay ? "replayed" : "still executing, dropped");
            _metrics.Retransmission(lookup);
            return cached;
        }

        var start = _time.GetTimestamp();
        var result = Decode(body, remote, out var request);
        try
        {
            result ??= await ExecuteAsync(request!, remote, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _cache.Abandon(cookie, remote);
            return null;
        }

        var reply = NgMessage.Write(cookieBytes.Span, result.ToBencode());
        if (reply.Length > NgMessage.MaxUdpPayload)
        {
            result = NgResult.Fail("Reply too large");
            reply = NgMessage.Write(cookieBytes.Span, result.ToBencode());
        }

        var kind = request?.Kind ?? NgCommandKind.Other;
        var elapsed = _time.GetElapsedTime(start);
        _metrics.Command(kind, result.Kind, elapsed);
        var command = request?.Command ?? "(unreadable)";
        if (result.Kind == NgResultKind.Error)
        {
            NgControlLog.Refused(_logger, command, request?.CallId, remote, result.Reason!);
        }
        else
        {
            NgControlLog.Handled(_logger, command, request?.CallId, remote, result.ToString(), elapsed.TotalMilliseconds);
        }

        _cache.Complete(cookie, remote, reply);
        return reply;
    }

    /// <summary>Decodes the body; returns the error reply when it is not a request this server can run.</summary>
    private NgResult? Decode(ReadOnlyMemory<byte> body, IPEndPoint remote, out NgRequest? request)
    {
        request = null;
        if (!BencodeReader.TryRead(body, out var dictionary, out var bencodeError, _options.Bencode))
        {
            NgControlLog.Malformed(_logger, remote, bencodeError.ToString());
            return NgResult.Fail($"Failed to decode bencoded dictionary: {bencodeError}");
        }

        if (!NgRequest.TryParse(dictionary!, out request, out var requestError))
        {
            NgControlLog.Malformed(_logger, remote, requestError.Reason);
            return NgResult.Fail(requestError.Reason);
        }

        return request.Kind == NgCommandKind.Other ? NgResult.Fail("Unrecognized command") : null;
    }

    private async ValueTask<NgResult> ExecuteAsync(NgRequest request, IPEndPoint remote, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_options.CommandTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        NgResult? result;
        try
        {
            result = request.Kind switch
            {
                NgCommandKind.Ping => await _control.PingAsync(linked.Token).ConfigureAwait(false),
                NgCommandKind.Offer => await _control.OfferAsync(request, linked.Token).ConfigureAwait(false),
                NgCommandKind.Answer => await _control.AnswerAsync(request, linked.Token).ConfigureAwait(false),
                NgCommandKind.Delete => await _control.DeleteAsync(request, linked.Token).ConfigureAwait(false),
                _ => await _control.QueryAsync(request, linked.Token).ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            NgControlLog.TimedOut(_logger, request.Command, request.CallId, remote, _options.CommandTimeout);
            return NgResult.Fail("Timed out");
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            NgControlLog.ControlThrew(_logger, e, request.Command, request.CallId, remote);
            return NgResult.Fail("Internal error");
        }

        if (result is null)
        {
            NgControlLog.ControlThrew(_logger, new InvalidOperationException("The media session control returned null."), request.Command, request.CallId, remote);
            return NgResult.Fail("Internal error");
        }

        // A proxy that does not understand "load limit" reads this text as "try the next media server".
        return result.Kind == NgResultKind.LoadLimit && !request.SupportsLoadLimit
            ? NgResult.Fail("Parallel session limit reached")
            : result;
    }
}
