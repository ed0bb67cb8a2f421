using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rethink.Ims.Media.Control;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// The edge proxy's media anchor as an rtpengine ng client: each offer, answer and teardown becomes an ng
/// <c>offer</c>/<c>answer</c>/<c>delete</c> to a media server's control port, so the edge works with our media server
/// sample or a real rtpengine alike (the same commands Kamailio's <c>rtpengine</c> module sends). Calls whose two sides
/// speak the same profile are not sent (their SDP passes unchanged), unless both are plain and
/// <see cref="NgMediaAnchorOptions.AnchorPlainCalls"/> is set. The recipient's profile becomes
/// <c>transport-protocol</c>, <c>ICE</c>, <c>DTLS</c> and <c>rtcp-mux</c> as a Kamailio script would write them
/// (<c>DTLS=passive</c> only in offers towards a browser: see <c>Command</c>).
/// Unanswered commands are retried with the same cookie; a media server that never answers makes the offer fail with
/// 503 rather than a call without media.
/// </summary>
public sealed partial class NgMediaAnchor : ISipMediaAnchor, IAsyncDisposable
{
    private readonly NgMediaAnchorOptions _options;
    private readonly ILogger<NgMediaAnchor> _logger;
    private readonly TimeProvider _time;
    private readonly IPEndPoint _server;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<BencodeValue>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SipMediaProfile> _anchored = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _anchoredOrder = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Socket? _socket;
    private Task? _receiveLoop;
    private long _sequence;

    /// <summary>Creates the anchor; its socket is opened on the first command.</summary>
    /// <exception cref="OptionsValidationException">The ng address cannot be read.</exception>
    public NgMediaAnchor(IOptions<NgMediaAnchorOptions> options, ILogger<NgMediaAnchor> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        _logger = logger;
        _time = timeProvider;
        if (!TryParseAddress(_options.Ng, out var server))
        {
            throw new OptionsValidationException(NgMediaAnchorOptions.SectionName, typeof(NgMediaAnchorOptions),
                [$"{NgMediaAnchorOptions.SectionName}:Ng must be udp:<ip>:<port> or <ip>:<port>."]);
        }

        _server = server;
    }

    /// <summary>The media server's ng control address.</summary>
    public IPEndPoint Server => _server;

    /// <summary>Reads <c>udp:host:port</c> or <c>host:port</c> with an IP literal host (IPv6 in brackets).</summary>
    public static bool TryParseAddress(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        if (value.StartsWith("udp:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[4..];
        }

        return IPEndPoint.TryParse(value, out endPoint) && endPoint.Port != 0;
    }

    /// <summary>Sends an ng <c>ping</c>; true when the media server answers <c>pong</c>.</summary>
    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken)
    {
        var reply = await SendAsync([new("command", BencodeValue.FromString("ping"))], cancellationToken).ConfigureAwait(false);
        return reply is not null && reply.TryGetValue("result", out var result) && result.Kind == BencodeKind.ByteString && result.IsString("pong");
    }

    /// <inheritdoc />
    public async ValueTask<SipMediaAnchorResult> OfferAsync(SipMediaOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var sameProfile = offer.OffererProfile == offer.RecipientProfile &&
                          !(offer.OffererProfile == SipMediaProfile.Plain && _options.AnchorPlainCalls);
        if (sameProfile && !_anchored.ContainsKey(offer.Dialog.CallId))
        {
            return SipMediaAnchorResult.Unchanged;
        }

        var entries = Command("offer", offer.Dialog, offer.Sdp, offer.RecipientProfile);
        var reply = await SendAsync(entries, cancellationToken).ConfigureAwait(false);
        var result = ToResult(reply, "offer", offer.Dialog.CallId);
        if (result.Outcome == SipMediaAnchorOutcome.Rewritten && _anchored.TryAdd(offer.Dialog.CallId, offer.OffererProfile))
        {
            // Bounded: calls that never saw a teardown are forgotten oldest first.
            _anchoredOrder.Enqueue(offer.Dialog.CallId);
            while (_anchoredOrder.Count > Math.Max(1, _options.MaxCalls) && _anchoredOrder.TryDequeue(out var oldest))
            {
                _anchored.TryRemove(oldest, out _);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<SipMediaAnchorResult> AnswerAsync(SipMediaAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!_anchored.TryGetValue(answer.Dialog.CallId, out var offererProfile))
        {
            return SipMediaAnchorResult.Unchanged;
        }

        // The answer goes back to the offerer, so the offerer's profile shapes it.
        var entries = Command("answer", answer.Dialog, answer.Sdp, offererProfile);
        var reply = await SendAsync(entries, cancellationToken).ConfigureAwait(false);
        return ToResult(reply, "answer", answer.Dialog.CallId);
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(SipMediaDialog dialog, CancellationToken cancellationToken)
    {
        if (!_anchored.ContainsKey(dialog.CallId))
        {
            return;
        }

        List<KeyValuePair<string, BencodeValue>> entries =
        [
            new("command", BencodeValue.FromString("delete")),
            new("call-id", BencodeValue.FromString(dialog.CallId)),
            new("from-tag", BencodeValue.FromString(dialog.FromTag)),
        ];
        if (dialog.ToTag is { } toTag)
        {
            entries.Add(new("to-tag", BencodeValue.FromString(toTag)));
        }

        var reply = await SendAsync(entries, cancellationToken).ConfigureAwait(false);
        if (dialog.ToTag is null || (reply is not null && IsOk(reply) && !HasWarning(reply)))
        {
            _anchored.TryRemove(dialog.CallId, out _);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private List<KeyValuePair<string, BencodeValue>> Command(string command, SipMediaDialog dialog, ReadOnlyMemory<byte> sdp, SipMediaProfile towards)
    {
        var webRtc = towards == SipMediaProfile.WebRtc;
        List<KeyValuePair<string, BencodeValue>> entries =
        [
            new("command", BencodeValue.FromString(command)),
            new("call-id", BencodeValue.FromString(dialog.CallId)),
            new("from-tag", BencodeValue.FromString(dialog.FromTag)),
            new("sdp", BencodeValue.FromBytes(sdp)),
            new("transport-protocol", BencodeValue.FromString(webRtc ? "UDP/TLS/RTP/SAVPF" : "RTP/AVP")),
            new("ICE", BencodeValue.FromString(webRtc ? "force" : "remove")),
            new("rtcp-mux", BencodeValue.FromStrings(webRtc ? ["require"] : ["demux"])),
            new("replace", BencodeValue.FromStrings(["origin", "session-connection"])),
        ];

        // DTLS=passive only when offering to a browser. Answering one, the media server already took its DTLS role
        // when the browser's actpass offer arrived: a real rtpengine starts the handshake as client right then, and a
        // "passive" in the answer made it reset that connection and wait for a ClientHello the browser (which had
        // already received rtpengine's) never sent, so no media flowed. Our media server is passive either way.
        if (!webRtc)
        {
            entries.Add(new("DTLS", BencodeValue.FromString("off")));
        }
        else if (command == "offer")
        {
            entries.Add(new("DTLS", BencodeValue.FromString("passive")));
        }
        if (dialog.ToTag is { } toTag)
        {
            entries.Add(new("to-tag", BencodeValue.FromString(toTag)));
        }

        if (_options.Flags.Count > 0)
        {
            entries.Add(new("flags", BencodeValue.FromStrings(_options.Flags)));
        }

        return entries;
    }

    private SipMediaAnchorResult ToResult(BencodeValue? reply, string command, string callId)
    {
        if (reply is null)
        {
            LogUnreachable(_logger, command, _server);
            return SipMediaAnchorResult.Refused(503, "Media Server Unavailable");
        }

        if (IsOk(reply) && reply.TryGetValue("sdp", out var sdp) && sdp.Kind == BencodeKind.ByteString)
        {
            return SipMediaAnchorResult.Rewritten(sdp.Bytes.ToArray());
        }

        var reason = reply.TryGetValue("error-reason", out var error) && error.Kind == BencodeKind.ByteString ? error.GetString() : "no SDP in the reply";
        LogRefused(_logger, command, callId, reason);
        var loadLimit = reply.TryGetValue("result", out var result) && result.Kind == BencodeKind.ByteString && result.IsString("load limit");
        return loadLimit ? SipMediaAnchorResult.Refused(503, "Media Bridge Full") : SipMediaAnchorResult.Refused(488, "Not Acceptable Here");
    }

    private static bool IsOk(BencodeValue reply) =>
        reply.TryGetValue("result", out var result) && result.Kind == BencodeKind.ByteString && result.IsString("ok");

    private static bool HasWarning(BencodeValue reply) => reply.TryGetValue("warning", out _);

    private async ValueTask<BencodeValue?> SendAsync(List<KeyValuePair<string, BencodeValue>> entries, CancellationToken cancellationToken)
    {
        var socket = EnsureSocket();
        var cookie = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId:x}_{Interlocked.Increment(ref _sequence):x}");
        var datagram = NgMessage.Write(System.Text.Encoding.ASCII.GetBytes(cookie), BencodeValue.FromDictionary(entries));
        var waiter = new TaskCompletionSource<BencodeValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[cookie] = waiter;
        try
        {
            for (var attempt = 0; attempt < Math.Max(1, _options.Attempts); attempt++)
            {
                await socket.SendToAsync(datagram, SocketFlags.None, _server, cancellationToken).ConfigureAwait(false);
                try
                {
                    return await waiter.Task.WaitAsync(_options.Timeout, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Sent again with the same cookie: the server answers a repeat from its reply cache.
                }
            }

            return null;
        }
        finally
        {
            _pending.TryRemove(cookie, out _);
        }
    }

    private Socket EnsureSocket()
    {
        if (_socket is { } existing)
        {
            return existing;
        }

        lock (_gate)
        {
            if (_socket is null)
            {
                var socket = new Socket(_server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(_server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
                _socket = socket;
                _receiveLoop = Task.Run(() => ReceiveLoopAsync(socket));
            }

            return _socket;
        }
    }

    private async Task ReceiveLoopAsync(Socket socket)
    {
        var buffer = new byte[NgMessage.MaxUdpPayload];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP port unreachable from a server that is not up yet; the retry timer covers it
            }

            if (!received.RemoteEndPoint.Equals(_server))
            {
                continue;
            }

            var datagram = buffer.AsMemory(0, received.ReceivedBytes);
            if (!NgMessage.TrySplit(datagram, out var cookie, out var body) ||
                !BencodeReader.TryRead(body.Span, out var reply, out _) || reply!.Kind != BencodeKind.Dictionary)
            {
                continue;
            }

            var key = System.Text.Encoding.ASCII.GetString(cookie.Span);
            if (_pending.TryGetValue(key, out var waiter))
            {
                waiter.TrySetResult(reply);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The media server at {Server} did not answer the ng {Command}; the call is refused with 503")]
    private static partial void LogUnreachable(ILogger logger, string command, IPEndPoint server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The media server refused the ng {Command} of call {CallId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string command, string callId, string reason);
}
