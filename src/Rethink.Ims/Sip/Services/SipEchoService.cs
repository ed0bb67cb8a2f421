using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Pipeline;
using Rethink.Ims.Sip.Registrar;

namespace Rethink.Ims.Sip.Services;

/// <summary>
/// A SIP user agent that answers every call with G.711 and sends each RTP packet back to where it came from (with its
/// own SSRC), so a caller hears itself: a browser calling <c>sip:echo@domain</c> through the edge proxy gets its audio
/// back through the media bridge (WebRTC leg, bridge, plain RTP echo). It listens on its own UDP port and files a static
/// binding for <c>sip:&lt;user&gt;@&lt;domain&gt;</c> in the location store for each local domain, so the proxy routes
/// to it as to any registered plain SIP phone. Answers INVITE (200 with SDP, repeated until the ACK), ACK, BYE, CANCEL
/// and OPTIONS; anything else 405.
/// </summary>
public sealed partial class SipEchoService : BackgroundService
{
    private static readonly TimeSpan T1 = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan T2 = TimeSpan.FromSeconds(4);

    private readonly SipEchoOptions _options;
    private readonly ILocationStore _locations;
    private readonly SipRegistrar _registrar;
    private readonly SipLocalDomains _domains;
    private readonly TimeProvider _time;
    private readonly SipEchoMetrics _metrics;
    private readonly ILogger<SipEchoService> _logger;
    private readonly ConcurrentDictionary<string, EchoCall> _calls = new(StringComparer.Ordinal);
    private readonly IPAddress _address;
    private Socket? _socket;

    /// <summary>Creates the service; sockets are opened when it starts.</summary>
    public SipEchoService(
        IOptions<SipEchoOptions> options,
        ILocationStore locations,
        SipRegistrar registrar,
        SipLocalDomains domains,
        TimeProvider timeProvider,
        SipEchoMetrics metrics,
        ILogger<SipEchoService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _locations = locations ?? throw new ArgumentNullException(nameof(locations));
        _registrar = registrar ?? throw new ArgumentNullException(nameof(registrar));
        _domains = domains ?? throw new ArgumentNullException(nameof(domains));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        if (!IPAddress.TryParse(_options.Address, out var address))
        {
            throw new OptionsValidationException(SipEchoOptions.SectionName, typeof(SipEchoOptions), [$"{SipEchoOptions.SectionName}:Address must be an IP address."]);
        }

        _address = address;
    }

    /// <summary>Where its SIP socket listens, once started.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>The addresses-of-record it answers as.</summary>
    public IReadOnlyList<string> AddressesOfRecord => [.. _domains.Domains.Select(d => $"sip:{_options.User}@{d}")];

    /// <summary>Calls held now.</summary>
    public int ActiveCalls => _calls.Count;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(_address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(_address, _options.SipPort));
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var socket = _socket!;
        var refresh = RefreshBindingsAsync(stoppingToken);
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(_address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    continue;
                }

                var parsed = SipParser.Parse(buffer.AsMemory(0, received.ReceivedBytes).ToArray());
                if (parsed.Request is { } request)
                {
                    await HandleAsync(request, (IPEndPoint)received.RemoteEndPoint, stoppingToken).ConfigureAwait(false);
                }
                else if (parsed.Message is { } other)
                {
                    other.Dispose(); // responses (to nothing we sent) and garbage are dropped
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var call in _calls.Values)
            {
                await EndAsync(call, "stopped").ConfigureAwait(false);
            }

            await refresh.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _socket?.Dispose();
        base.Dispose();
    }

    private async Task RefreshBindingsAsync(CancellationToken cancellationToken)
    {
        var every = _options.BindingLifetime / 2;
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var domain in _domains.Domains)
            {
                await WriteBindingAsync(domain, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(every, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async ValueTask WriteBindingAsync(string domain, CancellationToken cancellationToken)
    {
        var aor = _registrar.GetAddressOfRecord(SipUri.Parse($"sip:{_options.User}@{domain}"), null);
        if (aor is null)
        {
            return;
        }

        var contact = Contact();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = _time.GetUtcNow();
            var record = await _locations.GetAsync(aor, cancellationToken).ConfigureAwait(false);
            var binding = new SipBinding
            {
                Aor = aor,
                ContactUri = contact,
                ExpiresAt = now + _options.BindingLifetime,
                UpdatedAt = now,
                CallId = "echo-service",
                CSeq = (uint)(now.ToUnixTimeSeconds() & 0x7FFFFFFF),
                Transport = SipTransportKind.Udp,
                SourceEndPoint = LocalEndPoint!.ToString(),
            };
            List<SipBinding> bindings = [.. record.Bindings.Where(b => !string.Equals(b.ContactUri, contact, StringComparison.Ordinal)), binding];
            if (await _locations.TryReplaceAsync(aor, record.Version, bindings, cancellationToken).ConfigureAwait(false) == LocationWriteStatus.Written)
            {
                LogBound(_logger, aor, contact);
                return;
            }
        }
    }

    private string Contact() => string.Create(CultureInfo.InvariantCulture, $"sip:{_options.User}@{HostText()}:{LocalEndPoint!.Port}");

    private string HostText() => _address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{_address}]" : _address.ToString();

    private async ValueTask HandleAsync(SipRequest request, IPEndPoint from, CancellationToken cancellationToken)
    {
        using (request)
        {
            var callId = request.CallId.ToString();
            switch (request.Method.Kind)
            {
                case SipMethodKind.Invite:
                    await InviteAsync(request, callId, from, cancellationToken).ConfigureAwait(false);
                    break;
                case SipMethodKind.Ack:
                    if (_calls.TryGetValue(callId, out var acked))
                    {
                        acked.Acknowledged.TrySetResult();
                    }

                    break;
                case SipMethodKind.Bye:
                    await SendAsync(SipResponse.CreateFor(request, _calls.TryGetValue(callId, out var ended) ? 200 : 481), from, cancellationToken).ConfigureAwait(false);
                    if (ended is not null)
                    {
                        await EndAsync(ended, "bye").ConfigureAwait(false);
                    }

                    break;
                case SipMethodKind.Cancel:
                case SipMethodKind.Options:
                    await SendAsync(SipResponse.CreateFor(request, 200), from, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    var refused = SipResponse.CreateFor(request, 405);
                    refused.Headers.Add(SipHeaderId.Allow, "INVITE, ACK, BYE, CANCEL, OPTIONS");
                    await SendAsync(refused, from, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async ValueTask InviteAsync(SipRequest request, string callId, IPEndPoint from, CancellationToken cancellationToken)
    {
        if (_calls.TryGetValue(callId, out var existing))
        {
            // A retransmitted INVITE (or a re-INVITE, answered with the same media): the same 200 again.
            await SendAsync(existing.Answer(request), from, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!TryChoosePayload(request.Body.Span, out var payloadType, out var eventType))
        {
            _metrics.Call("not_acceptable");
            await SendAsync(SipResponse.CreateFor(request, 488), from, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_calls.Count >= _options.MaxCalls)
        {
            _metrics.Call("busy");
            await SendAsync(SipResponse.CreateFor(request, 486), from, cancellationToken).ConfigureAwait(false);
            return;
        }

        var rtp = new Socket(_address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        rtp.Bind(new IPEndPoint(_address, 0));
        var call = new EchoCall(this, callId, SipIdentifiers.NewTag(), rtp, payloadType, eventType);
        if (!_calls.TryAdd(callId, call))
        {
            rtp.Dispose();
            return;
        }

        _metrics.Call("answered");
        _metrics.Active(1);
        LogAnswered(_logger, callId, payloadType, ((IPEndPoint)rtp.LocalEndPoint!).Port);
        call.Run(request, from);
    }

    private async ValueTask EndAsync(EchoCall call, string reason)
    {
        if (_calls.TryRemove(new KeyValuePair<string, EchoCall>(call.CallId, call)))
        {
            _metrics.Active(-1);
            LogEnded(_logger, call.CallId, reason);
            await call.StopAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask SendAsync(SipResponse response, IPEndPoint to, CancellationToken cancellationToken)
    {
        using (response)
        {
            var bytes = SipMessageWriter.ToArray(response);
            try
            {
                await _socket!.SendToAsync(bytes, SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // The peer went away; its retransmission (or ours) covers a lost datagram.
            }
        }
    }

    /// <summary>PCMU (0) when offered, else PCMA (8); telephone-event kept when offered so DTMF echoes too.</summary>
    internal static bool TryChoosePayload(ReadOnlySpan<byte> sdp, out int payloadType, out int? eventType)
    {
        payloadType = -1;
        eventType = null;
        var text = Encoding.UTF8.GetString(sdp);
        string[]? formats = null;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith("m=audio ", StringComparison.Ordinal) && formats is null)
            {
                var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 4 || !parts[2].StartsWith("RTP/AVP", StringComparison.Ordinal))
                {
                    return false;
                }

                formats = parts[3..];
            }
            else if (formats is not null && trimmed.StartsWith("a=rtpmap:", StringComparison.Ordinal) &&
                     trimmed.Contains(" telephone-event/8000", StringComparison.OrdinalIgnoreCase) &&
                     int.TryParse(trimmed.AsSpan(9, trimmed.IndexOf(' ', StringComparison.Ordinal) - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var te) &&
                     formats.Contains(te.ToString(CultureInfo.InvariantCulture)))
            {
                eventType = te;
            }
        }

        if (formats is null)
        {
            return false;
        }

        payloadType = formats.Contains("0") ? 0 : formats.Contains("8") ? 8 : -1;
        return payloadType >= 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Echo service filed {Aor} -> {Contact}")]
    private static partial void LogBound(ILogger logger, string aor, string contact);

    [LoggerMessage(Level = LogLevel.Information, Message = "Echo call {CallId} answered with payload {PayloadType}, RTP port {Port}")]
    private static partial void LogAnswered(ILogger logger, string callId, int payloadType, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Echo call {CallId} ended ({Reason})")]
    private static partial void LogEnded(ILogger logger, string callId, string reason);

    /// <summary>One answered call: its 200 (repeated until the ACK) and the RTP reflector.</summary>
    private sealed class EchoCall : IDisposable
    {
        private readonly SipEchoService _service;
        private readonly Socket _rtp;
        private readonly int _payloadType;
        private readonly int? _eventType;
        private readonly CancellationTokenSource _stop = new();
        private readonly long _sessionId = Random.Shared.NextInt64(1, long.MaxValue / 2);
        private Task _work = Task.CompletedTask;

        public EchoCall(SipEchoService service, string callId, string toTag, Socket rtp, int payloadType, int? eventType)
        {
            _service = service;
            CallId = callId;
            ToTag = toTag;
            _rtp = rtp;
            _payloadType = payloadType;
            _eventType = eventType;
        }

        public string CallId { get; }

        public string ToTag { get; }

        public TaskCompletionSource Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(SipRequest invite, IPEndPoint from)
        {
            var answer = SipMessageWriter.ToArray(Answer(invite));
            _work = Task.WhenAll(RepeatAnswerAsync(answer, from, _stop.Token), EchoAsync(_stop.Token));
        }

        public SipResponse Answer(SipRequest invite)
        {
            var response = SipResponse.CreateFor(invite, 200, toTag: ToTag);
            foreach (var header in invite.Headers)
            {
                if (header.Id == SipHeaderId.RecordRoute)
                {
                    response.Headers.Add(SipHeaderId.RecordRoute, header.Value.Span);
                }
            }

            response.Headers.Add(SipHeaderId.Contact, $"<{_service.Contact()}>");
            response.Headers.Add(SipHeaderId.Allow, "INVITE, ACK, BYE, CANCEL, OPTIONS");
            response.SetBody(Sdp(), "application/sdp");
            return response;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _rtp.Dispose();
            await _work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Dispose();
        }

        public void Dispose()
        {
            _rtp.Dispose();
            _stop.Dispose();
        }

        private byte[] Sdp()
        {
            var host = _service._address.ToString();
            var ipVersion = _service._address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
            var port = ((IPEndPoint)_rtp.LocalEndPoint!).Port;
            var formats = _eventType is { } te ? $"{_payloadType} {te}" : $"{_payloadType}";
            var builder = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"v=0\r\no=- {_sessionId} 1 IN {ipVersion} {host}\r\ns=echo\r\nc=IN {ipVersion} {host}\r\nt=0 0\r\n")
                .Append(CultureInfo.InvariantCulture, $"m=audio {port} RTP/AVP {formats}\r\n")
                .Append(CultureInfo.InvariantCulture, $"a=rtpmap:{_payloadType} {(_payloadType == 0 ? "PCMU" : "PCMA")}/8000\r\n");
            if (_eventType is { } eventType)
            {
                builder.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{eventType} telephone-event/8000\r\na=fmtp:{eventType} 0-15\r\n");
            }

            builder.Append("a=sendrecv\r\n");
            return Encoding.ASCII.GetBytes(builder.ToString());
        }

        private async Task RepeatAnswerAsync(byte[] answer, IPEndPoint to, CancellationToken cancellationToken)
        {
            // RFC 3261 §13.3.1.4: the UAS repeats its 2xx (T1 doubling up to T2) until the ACK, for 64·T1.
            var interval = T1;
            var deadline = _service._time.GetUtcNow() + (64 * T1);
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await _service._socket!.SendToAsync(answer, SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                }

                var wait = Task.Delay(interval, _service._time, cancellationToken);
                if (await Task.WhenAny(Acknowledged.Task, wait).ConfigureAwait(false) == Acknowledged.Task)
                {
                    return;
                }

                await wait.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (_service._time.GetUtcNow() >= deadline)
                {
                    _ = _service.EndAsync(this, "no ACK").AsTask();
                    return;
                }

                interval = interval * 2 < T2 ? interval * 2 : T2;
            }
        }

        private async Task EchoAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[2048];
            EndPoint any = new IPEndPoint(_rtp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            var started = _service._time.GetUtcNow();
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            string reason = "media timeout";
            try
            {
                while (true)
                {
                    if (_service._time.GetUtcNow() - started > _service._options.MaxCallDuration)
                    {
                        reason = "longest call reached";
                        break;
                    }

                    idle.CancelAfter(_service._options.MediaTimeout);
                    var received = await _rtp.ReceiveFromAsync(buffer, SocketFlags.None, any, idle.Token).ConfigureAwait(false);
                    var length = received.ReceivedBytes;

                    // RTP version 2 only; RTCP (payload types 200-204 with the marker bit) is not echoed.
                    if (length < 12 || (buffer[0] & 0xC0) != 0x80 || buffer[1] is >= 200 and <= 204)
                    {
                        continue;
                    }

                    // The packet goes back with another SSRC, so the caller does not take its own stream for a loop.
                    buffer[8] ^= 0x5A;
                    buffer[9] ^= 0x5A;
                    buffer[10] ^= 0x5A;
                    buffer[11] ^= 0x5A;
                    await _rtp.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, received.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
                    _service._metrics.Packet();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                // No RTP within the media timeout.
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = _service.EndAsync(this, reason).AsTask();
        }
    }
}
