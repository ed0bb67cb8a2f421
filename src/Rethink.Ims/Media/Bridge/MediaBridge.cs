using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// The media bridge: holds calls between a WebRTC side and a plain RTP side. <see cref="Offer"/> and
/// <see cref="Answer"/> take SDP as it crosses the signalling, create the call's two legs on ports of the configured
/// range, and return the SDP to send on (the WebRTC↔plain rewriting of <see cref="SdpRewriter"/>, describing the
/// bridge). After the answer, media flows: relayed (SRTP↔RTP) when both legs share a codec, transcoded Opus↔G.711
/// otherwise. Calls end on <see cref="DeleteAsync"/>, on media timeout, on ICE or DTLS failure, or when no answer
/// comes; their ports go back to the range. A call between two plain endpoints is anchored too when asked
/// (<see cref="MediaOfferRequest.AnchorPlain"/>): a <see cref="PlainRelayCall"/>, whose packets cross unchanged. Thread-safe.
/// </summary>
public sealed partial class MediaBridge : IAsyncDisposable
{
    private static readonly ImmutableArray<SdpCodec> PlainCodecs = [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent8000];

    // Opus from the WebRTC side always ends up as G.711 (the plain side has no Opus), so we ask for at most 16 kHz
    // (RFC 7587 maxplaybackrate): a browser then sends SILK-only packets, which the managed codec decodes at 8 kHz
    // instead of running the 48 kHz hybrid decode and a resampler (docs/media-codecs.md).
    private static readonly ImmutableArray<SdpCodec> WebRtcCodecs =
        [
            SdpCodec.Opus with { Parameters = "minptime=10;useinbandfec=1;maxplaybackrate=16000" },
            SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent48000, SdpCodec.TelephoneEvent8000,
        ];

    private readonly ConcurrentDictionary<string, MediaCall> _calls = new(StringComparer.Ordinal);
    private readonly Lock _createGate = new();
    private readonly MediaBridgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly MediaBridgeMetrics? _metrics;
    private readonly IceMetrics? _iceMetrics;
    private readonly DtlsMetrics? _dtlsMetrics;
    private readonly AudioTranscoderOptions _transcoderOptions;
    private readonly ITimer _timer;
    private readonly string _advertised;
    private int _disposed;

    /// <summary>Creates the bridge; it binds nothing until the first offer.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public MediaBridge(
        IOptions<MediaBridgeOptions> options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        MediaBridgeMetrics? metrics = null,
        IceMetrics? iceMetrics = null,
        DtlsMetrics? dtlsMetrics = null,
        DtlsCertificate? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new MediaBridgeOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(MediaBridgeOptions.SectionName, typeof(MediaBridgeOptions), validation.Failures);
        }

        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<MediaBridge>();
        _metrics = metrics;
        _iceMetrics = iceMetrics;
        _dtlsMetrics = dtlsMetrics;
        _advertised = _options.EffectiveAdvertisedAddress;
        Certificate = certificate ?? DtlsCertificate.Generate(timeProvider: _time);
        Ports = new MediaPortAllocator(IPAddress.Parse(_options.BindAddress), _options.PortMin, _options.PortMax);
        _transcoderOptions = new AudioTranscoderOptions { OpusEncoder = new OpusEncoderOptions { SampleRate = 8000, Complexity = _options.OpusComplexity } };
        var tick = TimeSpan.FromMilliseconds(Math.Min(1000, _options.RtcpInterval.TotalMilliseconds));
        _timer = _time.CreateTimer(static state => ((MediaBridge)state!).OnTimer(), this, tick, tick);
    }

    /// <summary>Raised after a call ended and its ports were released.</summary>
    public event Action<MediaCall, MediaCallEndReason>? CallEnded;

    /// <summary>The DTLS certificate every WebRTC leg presents (its fingerprint is in every WebRTC SDP we write).</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The port range.</summary>
    public MediaPortAllocator Ports { get; }

    /// <summary>The settings in force.</summary>
    public MediaBridgeOptions Options => _options;

    /// <summary>Calls held now (bridged calls and plain relays).</summary>
    public int CallCount => _calls.Count + _relays.Count;

    /// <summary>A snapshot of the calls held now.</summary>
    public IReadOnlyList<MediaCall> Calls => [.. _calls.Values];

    /// <summary>Finds the call with this Call-ID.</summary>
    public bool TryGetCall(string callId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MediaCall? call) => _calls.TryGetValue(callId, out call);

    /// <summary>
    /// Takes an offer: creates the call (or reuses it for a re-offer) and returns the offer to send to the recipient,
    /// rewritten for its profile. When offerer and recipient speak the same profile the result is
    /// <see cref="MediaBridgeStatus.Unchanged"/> and nothing is anchored.
    /// </summary>
    public MediaBridgeResult Offer(MediaOfferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!SessionDescription.TryParse(request.Sdp.Span, out var offer, out var error))
        {
            return Refuse(request.CallId, MediaBridgeStatus.InvalidSdp, error.ToString());
        }

        var offerer = request.OffererProfile ?? DetectProfile(offer);
        var relayed = _relays.ContainsKey(request.CallId);
        if (offerer == request.RecipientProfile || relayed)
        {
            var relay = offerer == MediaLegProfile.Plain && (request.AnchorPlain || relayed) && !_calls.ContainsKey(request.CallId);
            return relay ? OfferRelay(request, offer) : new MediaBridgeResult(MediaBridgeStatus.Unchanged);
        }

        var media = FirstAudio(offer, mustBeAccepted: false);
        if (media is null)
        {
            return Refuse(request.CallId, MediaBridgeStatus.NotAcceptable, "no audio RTP stream in the offer");
        }

        if (offerer == MediaLegProfile.WebRtc && !TryGetWebRtcPeer(offer, media, out _, out _))
        {
            return Refuse(request.CallId, MediaBridgeStatus.NotAcceptable, "WebRTC offer without ICE credentials or DTLS fingerprint");
        }

        var negotiation = request.Negotiation;
        var outgoing = offerer == MediaLegProfile.WebRtc
            ? Codecs(PlainCodecs, media, negotiation, plain: true)
            : Codecs(WebRtcCodecs, media, negotiation, plain: false);
        if (!outgoing.Any(c => !c.IsTelephoneEvent))
        {
            return Refuse(request.CallId, MediaBridgeStatus.NotAcceptable, "no codec left to offer");
        }

        var call = GetOrCreate(request.CallId, request.FromTag, out var refusal);
        if (call is null)
        {
            return Refuse(request.CallId, refusal, refusal == MediaBridgeStatus.CallLimitReached ? "call limit reached" : "no free media ports");
        }

        SessionDescription sent;
        lock (call)
        {
            if (offerer == MediaLegProfile.WebRtc)
            {
                call.PlainOrigin = call.Pending is null && !call.IsBridged ? call.PlainOrigin : call.PlainOrigin.WithNextVersion();
                sent = SdpRewriter.ToPlainOffer(offer, PlainOptions(call, outgoing, negotiation.PlainProtocol));
                if (negotiation.OfferPlainRtcpMux)
                {
                    sent = sent.WithMedia((m, _) => m.IsRejected ? m : m.WithAttributeSet(new SdpAttributeLine(SdpAttributeNames.RtcpMux)));
                }
            }
            else
            {
                call.WebOrigin = call.Pending is null && !call.IsBridged ? call.WebOrigin : call.WebOrigin.WithNextVersion();
                sent = SdpRewriter.ToWebRtcOffer(offer, WebOptions(call, outgoing));
                if (negotiation.WebRtcOfferSetup is { } setup)
                {
                    sent = sent.WithMedia((m, _) => m.IsRejected ? m : m.WithAttributeSet(setup.ToAttribute()));
                }

                call.Plain.SetRemote(offer, media, rtcpMux: false);
            }

            call.Pending = new MediaCall.PendingOffer(offer, offerer, sent, negotiation);
            call.LastSignal = _time.GetUtcNow();
            if (request.ToTag is not null)
            {
                call.ToTag = request.ToTag;
            }
        }

        return new MediaBridgeResult(MediaBridgeStatus.Rewritten, sent.ToUtf8());
    }

    /// <summary>
    /// Takes the answer to the call's pending offer: returns the answer to send to the offerer, and starts media
    /// (the legs learn the peers' addresses, ICE credentials, fingerprints, DTLS role and codecs).
    /// </summary>
    public MediaBridgeResult Answer(MediaAnswerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_relays.TryGetValue(request.CallId, out var relay))
        {
            return AnswerRelay(relay, request);
        }

        if (!_calls.TryGetValue(request.CallId, out var call))
        {
            return new MediaBridgeResult(MediaBridgeStatus.UnknownCall, default, "unknown call");
        }

        if (!SessionDescription.TryParse(request.Sdp.Span, out var answer, out var error))
        {
            return Refuse(request.CallId, MediaBridgeStatus.InvalidSdp, error.ToString());
        }

        lock (call)
        {
            if (call.Pending is not { } pending)
            {
                return AnswerWithoutOffer(call.LastAnswer, request.Sdp);
            }

            SessionDescription sent;
            SessionDescription webSdp;
            MediaDescription? webMedia;
            MediaDescription? plainMedia;
            DtlsRoleDecision decision;
            var offerMedia = FirstAudio(pending.Offer, mustBeAccepted: false)!;
            if (pending.Offerer == MediaLegProfile.WebRtc)
            {
                // Browser called IMS: answer is plain; ours to the browser is WebRTC.
                plainMedia = FirstAudio(answer, mustBeAccepted: true);
                var prefer = plainMedia?.PayloadFormats.FirstOrDefault(f => !f.IsTelephoneEvent);
                call.WebOrigin = call.IsBridged ? call.WebOrigin.WithNextVersion() : call.WebOrigin;
                if (TryGetWebRtcPeer(pending.Offer, offerMedia, out var offeredIce, out _))
                {
                    // A re-offer with new ICE credentials is an ICE restart: ours change too, in this answer.
                    call.WebRtc.RestartIce(offeredIce);
                }

                sent = SdpRewriter.ToWebRtcAnswer(pending.Offer, answer, WebOptions(call, Prefer(WebRtcCodecs, prefer)));
                webSdp = pending.Offer;
                webMedia = FirstAudio(sent, mustBeAccepted: true);
                if (plainMedia is not null)
                {
                    var sentMedia = FirstAudio(pending.Sent, mustBeAccepted: true);
                    call.Plain.SetRemote(answer, plainMedia, rtcpMux: plainMedia.RtcpMux && sentMedia is { RtcpMux: true });
                }

                var local = webMedia?.Setup ?? DtlsSetup.Passive;
                decision = DtlsRoleResolver.Decide(local, offerMedia.Setup ?? pending.Offer.Setup, remoteIsOffer: true);
                webMedia = webMedia is null ? null : offerMedia;
            }
            else
            {
                // IMS called the browser: answer is WebRTC; ours to IMS is plain.
                webMedia = FirstAudio(answer, mustBeAccepted: true);
                var prefer = webMedia?.PayloadFormats.FirstOrDefault(f => !f.IsTelephoneEvent);
                call.PlainOrigin = call.IsBridged ? call.PlainOrigin.WithNextVersion() : call.PlainOrigin;
                var plainOptions = PlainOptions(call, Prefer(PlainCodecs, prefer), null) with { CodecOrder = _options.PreferPassthrough ? CodecPreference.Answerer : CodecPreference.Offerer };
                sent = SdpRewriter.ToPlainAnswer(pending.Offer, answer, plainOptions);
                var muxed = offerMedia.RtcpMux && pending.Negotiation.AcceptPlainRtcpMux;
                if (muxed)
                {
                    sent = sent.WithMedia((m, _) => m.IsRejected ? m : m.WithAttributeSet(new SdpAttributeLine(SdpAttributeNames.RtcpMux)));
                }

                call.Plain.SetRemote(pending.Offer, offerMedia, muxed);
                plainMedia = FirstAudio(sent, mustBeAccepted: true);
                webSdp = answer;
                var ours = FirstAudio(pending.Sent, mustBeAccepted: true)?.Setup ?? DtlsSetup.ActPass;
                decision = webMedia is null ? DtlsRoleDecision.NoConnection : DtlsRoleResolver.Decide(ours, webMedia.Setup ?? answer.Setup, remoteIsOffer: false);
            }

            call.Pending = null;
            call.ToTag = request.ToTag ?? call.ToTag;
            call.LastSignal = _time.GetUtcNow();
            var result = new MediaBridgeResult(MediaBridgeStatus.Rewritten, sent.ToUtf8());
            call.LastAnswer = (request.Sdp.ToArray(), result.Sdp);
            if (webMedia is null || plainMedia is null)
            {
                return result;   // the stream was rejected: nothing to bridge
            }

            // The negotiated formats of each leg: the answer on that leg (its payload types equal the offer's) sets
            // what we send. On the leg where we made the offer, every format we offered is also received: the
            // answerer may send any of them, and Chrome does (the offer's first codec, though its answer lists opus).
            var webFormats = (pending.Offerer == MediaLegProfile.WebRtc ? FirstAudio(sent, true)! : webMedia).PayloadFormats;
            var offeredFormats = FirstAudio(pending.Sent, mustBeAccepted: true)?.PayloadFormats;
            var plainMap = LegPayloadMap.From(plainMedia.PayloadFormats, pending.Offerer == MediaLegProfile.WebRtc ? offeredFormats : null);
            var webMap = LegPayloadMap.From(webFormats, pending.Offerer == MediaLegProfile.Plain ? offeredFormats : null);
            var role = decision == DtlsRoleDecision.AwaitClientHello ? DtlsRole.Server : decision.ToRole();
            if (role is null || !webMap.CanSendAudio || !plainMap.CanSendAudio ||
                !TryGetWebRtcPeer(webSdp, webMedia, out var ice, out var fingerprints))
            {
                MediaBridgeLog.Refused(_logger, call.CallId, MediaBridgeStatus.NotAcceptable, "no DTLS role, codec or ICE credentials after the answer");
                return result;
            }

            call.Activate(webMap, plainMap, _transcoderOptions, _metrics);
            call.WebRtc.Connect(ice, fingerprints, role.Value);
            if (call.AnsweredTimestamp == 0)
            {
                call.AnsweredTimestamp = _time.GetTimestamp();
                call.LastReportTimestamp = call.AnsweredTimestamp;
            }

            var roleName = role.Value == DtlsRole.Client ? "client" : "server";
            MediaBridgeLog.Bridged(_logger, call.CallId, webMap.SendCodecName, plainMap.SendCodecName, roleName);
            return result;
        }
    }

    /// <summary>Ends the call with this Call-ID (idempotent); false when there was none.</summary>
    public async ValueTask<bool> DeleteAsync(string callId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callId);
        if (_relays.TryGetValue(callId, out var relay))
        {
            await EndRelayAsync(relay, MediaCallEndReason.Deleted).ConfigureAwait(false);
            return true;
        }

        if (!_calls.TryGetValue(callId, out var call))
        {
            return false;
        }

        await EndAsync(call, MediaCallEndReason.Deleted).ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends every call and stops the timer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        foreach (var call in _calls.Values)
        {
            await EndAsync(call, MediaCallEndReason.Shutdown).ConfigureAwait(false);
        }

        foreach (var relay in _relays.Values)
        {
            await EndRelayAsync(relay, MediaCallEndReason.Shutdown).ConfigureAwait(false);
        }
    }

    /// <summary>Which profile an SDP speaks: WebRTC when its first audio m-line has ICE credentials or a DTLS fingerprint, or a UDP/TLS protocol.</summary>
    public static MediaLegProfile DetectProfile(SessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var media = FirstAudio(description, mustBeAccepted: false);
        if (media is null)
        {
            return MediaLegProfile.Plain;
        }

        return media.Protocol.StartsWith("UDP/TLS/", StringComparison.OrdinalIgnoreCase) ||
               media.IceUfrag is not null || description.IceUfrag is not null ||
               !media.Fingerprints.IsEmpty || !description.Fingerprints.IsEmpty
            ? MediaLegProfile.WebRtc
            : MediaLegProfile.Plain;
    }

    private MediaCall? GetOrCreate(string callId, string fromTag, out MediaBridgeStatus refusal)
    {
        refusal = MediaBridgeStatus.Rewritten;
        if (_calls.TryGetValue(callId, out var existing) && !existing.HasEnded)
        {
            return existing;
        }

        lock (_createGate)
        {
            if (_calls.TryGetValue(callId, out existing) && !existing.HasEnded)
            {
                return existing;
            }

            if (CallCount >= _options.MaxCalls)
            {
                refusal = MediaBridgeStatus.CallLimitReached;
                return null;
            }

            if (!Ports.TryAllocate(out var webSocket))
            {
                refusal = MediaBridgeStatus.NoPortsAvailable;
                return null;
            }

            if (!Ports.TryAllocatePair(out var rtp, out var rtcp))
            {
                Ports.Release(webSocket);
                refusal = MediaBridgeStatus.NoPortsAvailable;
                return null;
            }

            var web = new WebRtcLeg(webSocket, Certificate, null, _options.Ice, _options.Dtls, _time, _loggers, _metrics, _iceMetrics, _dtlsMetrics);
            var plain = new PlainLeg(rtp, rtcp, _time, _loggers.CreateLogger<PlainLeg>(), _metrics);
            var call = new MediaCall(callId, fromTag, _time.GetUtcNow(), _time.GetTimestamp(), web, plain, webSocket, rtp, rtcp, _time,
                SdpOrigin.Create(_advertised), SdpOrigin.Create(_advertised));
            web.Failed += (leg, reason) => _ = EndAsync(call, reason);
            _calls[callId] = call;
            _metrics?.CallCreated(MediaLegProfile.WebRtc, web.Counters, MediaLegProfile.Plain, plain.Counters);
            web.Start();
            plain.Start();
            MediaBridgeLog.CallCreated(_logger, callId, web.LocalEndPoint, plain.LocalRtpEndPoint);
            return call;
        }
    }

    private async Task EndAsync(MediaCall call, MediaCallEndReason reason)
    {
        if (!call.TryEnd())
        {
            return;
        }

        _calls.TryRemove(new KeyValuePair<string, MediaCall>(call.CallId, call));
        // Plain first: its packets are encrypted with the WebRTC leg's SRTP context, which disposing that leg releases.
        await call.Plain.DisposeAsync().ConfigureAwait(false);
        await call.WebRtc.DisposeAsync().ConfigureAwait(false);
        call.DisposePaths();
        Ports.Release(call.WebSocket);
        Ports.Release(call.PlainRtpSocket);
        Ports.Release(call.PlainRtcpSocket);
        _metrics?.CallEnded(reason, MediaLegProfile.WebRtc, call.WebRtc.Counters, MediaLegProfile.Plain, call.Plain.Counters);
        MediaBridgeLog.CallEnded(_logger, call.CallId, reason);
        CallEnded?.Invoke(call, reason);
    }

    private void OnTimer()
    {
        var now = _time.GetTimestamp();
        CheckRelays(now);
        foreach (var call in _calls.Values)
        {
            if (call.HasEnded)
            {
                continue;
            }

            if (Expired(call.CreatedTimestamp, call.AnsweredTimestamp, call.WebRtc.LastActivity, call.Plain.LastActivity, now) is { } reason)
            {
                _ = EndAsync(call, reason);
                continue;
            }

            if (call.AnsweredTimestamp == 0)
            {
                continue;
            }

            if (_time.GetElapsedTime(call.LastReportTimestamp, now) >= _options.RtcpInterval)
            {
                call.LastReportTimestamp = now;
                try
                {
                    call.SendReports(_metrics);
                }
#pragma warning disable CA1031 // An exception escaping a timer callback ends the process: one call's failure is logged, the others go on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    MediaBridgeLog.TimerWorkFailed(_logger, call.CallId, e);
                }
            }
        }
    }

    /// <summary>
    /// Why a call or relay should end at <paramref name="now"/>: no answer within the answer timeout, or, once answered, one
    /// side quiet for the media timeout (quiet counted from the answer at the earliest). Null while neither.
    /// </summary>
    private MediaCallEndReason? Expired(long created, long answered, long lastActivityA, long lastActivityB, long now)
    {
        if (answered == 0)
        {
            return _time.GetElapsedTime(created, now) >= _options.AnswerTimeout ? MediaCallEndReason.AnswerTimeout : null;
        }

        var idleA = _time.GetElapsedTime(Math.Max(lastActivityA, answered), now);
        var idleB = _time.GetElapsedTime(Math.Max(lastActivityB, answered), now);
        return idleA >= _options.MediaTimeout || idleB >= _options.MediaTimeout ? MediaCallEndReason.MediaTimeout : null;
    }

    private MediaBridgeResult Refuse(string callId, MediaBridgeStatus status, string detail)
    {
        _metrics?.CallRefused(status);
        MediaBridgeLog.Refused(_logger, callId, status, detail);
        return new MediaBridgeResult(status, default, detail);
    }

    private PlainRtpOptions PlainOptions(MediaCall call, ImmutableArray<SdpCodec> codecs, string? protocol) => new()
    {
        Origin = call.PlainOrigin,
        Address = _advertised,
        Port = call.Plain.LocalRtpEndPoint.Port,
        Codecs = codecs,
        Protocol = protocol ?? "RTP/AVP",
    };

    private WebRtcOptions WebOptions(MediaCall call, ImmutableArray<SdpCodec> codecs) => new()
    {
        Origin = call.WebOrigin,
        Ice = call.WebRtc.LocalIce,
        Fingerprint = Certificate.Fingerprint,
        Address = _advertised,
        Port = call.WebRtc.LocalEndPoint.Port,
        Codecs = codecs,
    };

    /// <summary>
    /// The codecs to offer on the outgoing leg: the leg's own list, with (when <see cref="MediaBridgeOptions.PreferPassthrough"/>)
    /// the codecs the incoming offer also has moved to the front in its order, minus <c>Strip</c>, plus <c>Transcode</c>.
    /// </summary>
    private ImmutableArray<SdpCodec> Codecs(ImmutableArray<SdpCodec> own, MediaDescription offered, MediaNegotiationOptions negotiation, bool plain)
    {
        var list = own.ToList();
        if (_options.PreferPassthrough)
        {
            var formats = offered.PayloadFormats;
            int Rank(SdpCodec codec)
            {
                var index = formats.IndexOf(formats.FirstOrDefault(codec.Matches)!);
                return index < 0 ? int.MaxValue : index;
            }

            list = [.. list.Select((c, i) => (c, i)).OrderBy(x => x.c.IsTelephoneEvent ? 1 : 0).ThenBy(x => x.c.IsTelephoneEvent ? 0 : Rank(x.c)).ThenBy(x => x.i).Select(x => x.c)];
        }

        bool Named(IReadOnlyList<string> names, SdpCodec codec) =>
            names.Any(n => string.Equals(n, codec.EncodingName, StringComparison.OrdinalIgnoreCase) ||
                           (string.Equals(n, "all", StringComparison.OrdinalIgnoreCase) && !codec.IsTelephoneEvent));

        foreach (var name in negotiation.Transcode)
        {
            var codec = (plain ? PlainCodecs : WebRtcCodecs).FirstOrDefault(c => string.Equals(c.EncodingName, name, StringComparison.OrdinalIgnoreCase));
            if (codec is not null && !list.Contains(codec))
            {
                list.Insert(list.FindIndex(c => c.IsTelephoneEvent) is var at && at >= 0 ? at : list.Count, codec);
            }
        }

        list.RemoveAll(c => Named(negotiation.Strip, c) && !Named(negotiation.Transcode, c));
        return [.. list];
    }

    private ImmutableArray<SdpCodec> Prefer(ImmutableArray<SdpCodec> own, PayloadFormat? chosen)
    {
        if (!_options.PreferPassthrough || chosen is null)
        {
            return own;
        }

        var match = own.FirstOrDefault(c => c.Matches(chosen));
        return match is null ? own : [match, .. own.Where(c => !ReferenceEquals(c, match))];
    }

    /// <summary>
    /// An answer with no offer waiting: Kamailio's rtpengine_answer runs again for each retransmitted 200 OK, and
    /// rtpengine answers a repeat as the first, so the same answer gets the same rewritten SDP, with nothing
    /// renegotiated; any other answer is refused.
    /// </summary>
    private static MediaBridgeResult AnswerWithoutOffer((byte[] Answer, ReadOnlyMemory<byte> Sent)? last, ReadOnlyMemory<byte> answer) =>
        last is { } previous && answer.Span.SequenceEqual(previous.Answer)
            ? new MediaBridgeResult(MediaBridgeStatus.Rewritten, previous.Sent)
            : new MediaBridgeResult(MediaBridgeStatus.NoPendingOffer, default, "no offer waits for this answer");

    private static bool TryGetWebRtcPeer(SessionDescription description, MediaDescription media,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IceParameters? ice, out ImmutableArray<DtlsFingerprint> fingerprints)
    {
        fingerprints = media.Fingerprints.IsEmpty ? description.Fingerprints : media.Fingerprints;
        return IceParameters.TryGet(description, media, out ice) & !fingerprints.IsEmpty;
    }

    private static MediaDescription? FirstAudio(SessionDescription description, bool mustBeAccepted) =>
        description.Media.FirstOrDefault(m =>
            string.Equals(m.Media, "audio", StringComparison.OrdinalIgnoreCase) && m.IsRtp &&
            (mustBeAccepted ? m.Port != 0 : (m.Port != 0 || m.HasAttribute("bundle-only"))));
}
