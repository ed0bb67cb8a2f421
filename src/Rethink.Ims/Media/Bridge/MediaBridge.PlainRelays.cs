using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>The bridge's plain relays: calls between two plain endpoints, anchored on request (<see cref="PlainRelayCall"/>).</summary>
public sealed partial class MediaBridge
{
    private readonly ConcurrentDictionary<string, PlainRelayCall> _relays = new(StringComparer.Ordinal);

    /// <summary>Raised after a plain relay ended and its ports were released.</summary>
    public event Action<PlainRelayCall, MediaCallEndReason>? PlainRelayEnded;

    /// <summary>Finds the plain relay with this Call-ID.</summary>
    public bool TryGetPlainRelay(string callId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PlainRelayCall? relay) =>
        _relays.TryGetValue(callId, out relay);

    private MediaBridgeResult OfferRelay(MediaOfferRequest request, SessionDescription offer)
    {
        var media = FirstAudio(offer, mustBeAccepted: true);
        if (media is null)
        {
            return Refuse(request.CallId, MediaBridgeStatus.NotAcceptable, "no audio RTP stream in the offer");
        }

        var relay = GetOrCreateRelay(request.CallId, request.FromTag, out var refusal);
        if (relay is null)
        {
            return Refuse(request.CallId, refusal, refusal == MediaBridgeStatus.CallLimitReached ? "call limit reached" : "no free media ports");
        }

        lock (relay)
        {
            var fromCaller = relay.IsFromCaller(request.FromTag);
            // Never muxed: the relayed descriptions drop a=rtcp-mux, so neither side's offer of it is accepted.
            relay.LegFacing(fromCaller).SetRemote(offer, media, rtcpMux: false);
            var sent = Relayed(offer, relay.LegFacing(!fromCaller), request.Negotiation);
            relay.PendingFromCaller = fromCaller;
            relay.LastSignal = _time.GetUtcNow();
            if (fromCaller && request.ToTag is not null)
            {
                relay.ToTag = request.ToTag;
            }

            return new MediaBridgeResult(MediaBridgeStatus.Rewritten, sent.ToUtf8());
        }
    }

    private MediaBridgeResult AnswerRelay(PlainRelayCall relay, MediaAnswerRequest request)
    {
        if (!SessionDescription.TryParse(request.Sdp.Span, out var answer, out var error))
        {
            return Refuse(request.CallId, MediaBridgeStatus.InvalidSdp, error.ToString());
        }

        lock (relay)
        {
            if (relay.PendingFromCaller is not { } offerFromCaller)
            {
                return AnswerWithoutOffer(relay.LastAnswer, request.Sdp);
            }

            if (FirstAudio(answer, mustBeAccepted: true) is { } media)
            {
                relay.LegFacing(!offerFromCaller).SetRemote(answer, media, rtcpMux: false);
            }

            var sent = Relayed(answer, relay.LegFacing(offerFromCaller), request.Negotiation);
            relay.PendingFromCaller = null;
            if (offerFromCaller)
            {
                relay.ToTag = request.ToTag ?? relay.ToTag;
            }

            relay.LastSignal = _time.GetUtcNow();
            if (relay.AnsweredTimestamp == 0)
            {
                relay.AnsweredTimestamp = _time.GetTimestamp();
            }

            var result = new MediaBridgeResult(MediaBridgeStatus.Rewritten, sent.ToUtf8());
            relay.LastAnswer = (request.Sdp.ToArray(), result.Sdp);
            return result;
        }
    }

    /// <summary>A description as the side facing <paramref name="leg"/> receives it: pointing at that leg.</summary>
    private SessionDescription Relayed(SessionDescription description, PlainLeg leg, MediaNegotiationOptions negotiation)
    {
        var sent = SdpRewriter.ToRelayed(description, _advertised, leg.LocalRtpEndPoint.Port);
        return negotiation.ReplaceOrigin
            ? sent with { Origin = sent.Origin with { AddressType = sent.Connection!.AddressType, Address = _advertised } }
            : sent;
    }

    private PlainRelayCall? GetOrCreateRelay(string callId, string fromTag, out MediaBridgeStatus refusal)
    {
        refusal = MediaBridgeStatus.Rewritten;
        if (_relays.TryGetValue(callId, out var existing) && !existing.HasEnded)
        {
            return existing;
        }

        lock (_createGate)
        {
            if (_relays.TryGetValue(callId, out existing) && !existing.HasEnded)
            {
                return existing;
            }

            if (CallCount >= _options.MaxCalls)
            {
                refusal = MediaBridgeStatus.CallLimitReached;
                return null;
            }

            if (!Ports.TryAllocatePair(out var callerRtp, out var callerRtcp))
            {
                refusal = MediaBridgeStatus.NoPortsAvailable;
                return null;
            }

            if (!Ports.TryAllocatePair(out var calleeRtp, out var calleeRtcp))
            {
                Ports.Release(callerRtp);
                Ports.Release(callerRtcp);
                refusal = MediaBridgeStatus.NoPortsAvailable;
                return null;
            }

            var caller = new PlainLeg(callerRtp, callerRtcp, _time, _loggers.CreateLogger<PlainLeg>(), _metrics);
            var callee = new PlainLeg(calleeRtp, calleeRtcp, _time, _loggers.CreateLogger<PlainLeg>(), _metrics);
            var relay = new PlainRelayCall(callId, fromTag, _time.GetUtcNow(), _time.GetTimestamp(), caller, callee,
                [callerRtp, callerRtcp, calleeRtp, calleeRtcp]);
            _relays[callId] = relay;
            _metrics?.CallCreated(MediaLegProfile.Plain, caller.Counters, MediaLegProfile.Plain, callee.Counters);
            caller.Start();
            callee.Start();
            MediaBridgeLog.RelayCreated(_logger, callId, caller.LocalRtpEndPoint, callee.LocalRtpEndPoint);
            return relay;
        }
    }

    private async Task EndRelayAsync(PlainRelayCall relay, MediaCallEndReason reason)
    {
        if (!relay.TryEnd())
        {
            return;
        }

        _relays.TryRemove(new KeyValuePair<string, PlainRelayCall>(relay.CallId, relay));
        await relay.Caller.DisposeAsync().ConfigureAwait(false);
        await relay.Callee.DisposeAsync().ConfigureAwait(false);
        foreach (var socket in relay.Sockets)
        {
            Ports.Release(socket);
        }

        _metrics?.CallEnded(reason, MediaLegProfile.Plain, relay.Caller.Counters, MediaLegProfile.Plain, relay.Callee.Counters);
        MediaBridgeLog.CallEnded(_logger, relay.CallId, reason);
        PlainRelayEnded?.Invoke(relay, reason);
    }

    /// <summary>Ends relays whose answer never came, or one of whose sides went quiet for the media timeout.</summary>
    private void CheckRelays(long now)
    {
        foreach (var relay in _relays.Values)
        {
            if (!relay.HasEnded
                && Expired(relay.CreatedTimestamp, relay.AnsweredTimestamp, relay.Caller.LastActivity, relay.Callee.LastActivity, now) is { } reason)
            {
                _ = EndRelayAsync(relay, reason);
            }
        }
    }
}
