using Rethink.Ims.Media.Control;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Sip.Proxy;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// Drives a <see cref="MediaBridge"/> from signalling, both ways it can arrive:
/// <list type="bullet">
/// <item>as the edge proxy's <see cref="ISipMediaAnchor"/>: the proxy names each side's profile (WS clients are
/// WebRTC), so a call between a browser and a plain endpoint is bridged with no flags at all;</item>
/// <item>as the <see cref="IMediaSessionControl"/> behind <see cref="NgControlServer"/>, for Kamailio's
/// <c>rtpengine</c> module: the recipient's profile comes from <c>transport-protocol</c> (RTP/AVP(F) plain,
/// UDP/TLS/RTP/SAVP(F) WebRTC), else from <c>ICE=force</c> / <c>DTLS=passive|active</c> (WebRTC) or
/// <c>ICE=remove</c> / <c>DTLS=off</c> (plain); <c>codec-strip</c>/<c>codec-mask</c>, <c>codec-transcode</c>/
/// <c>codec-offer</c>, <c>rtcp-mux-offer</c>/<c>-accept</c>/<c>-require</c> and <c>DTLS=passive|active</c> shape the
/// rewritten SDP.</item>
/// </list>
/// A call between two plain endpoints is anchored as a <see cref="PlainRelayCall"/> when it comes over ng (as rtpengine
/// would) and, from the proxy, when <see cref="MediaBridgeOptions.AnchorPlainCalls"/> is set; a call between two
/// WebRTC endpoints is not anchored: its SDP passes unchanged.
/// </summary>
public sealed class MediaBridgeControl : IMediaSessionControl, ISipMediaAnchor
{
    private readonly MediaBridge _bridge;

    /// <summary>Creates the control over <paramref name="bridge"/>.</summary>
    public MediaBridgeControl(MediaBridge bridge)
    {
        ArgumentNullException.ThrowIfNull(bridge);
        _bridge = bridge;
    }

    /// <inheritdoc />
    public ValueTask<NgResult> OfferAsync(NgRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HasFlag("fragment"))
        {
            // Trickled candidates (rtpengine_info): an ICE-lite bridge learns the browser's address from its checks.
            return ValueTask.FromResult(NgResult.Ok());
        }

        var sdp = request.Sdp!.Value;
        if (!SessionDescription.TryParse(sdp.Span, out var description, out _))
        {
            return ValueTask.FromResult(NgResult.Fail("Failed to parse SDP"));
        }

        var offerer = MediaBridge.DetectProfile(description);
        if (IsSdes(request.TransportProtocol))
        {
            return ValueTask.FromResult(NgResult.Fail("SDES-SRTP (RTP/SAVP) is not supported; use RTP/AVP or UDP/TLS/RTP/SAVPF"));
        }

        var recipient = RecipientProfile(request, offerer);
        if (recipient == offerer && offerer == MediaLegProfile.WebRtc)
        {
            return ValueTask.FromResult(NgResult.Ok(sdp).WithWarning("not bridged: both sides speak WebRTC"));
        }

        var result = _bridge.Offer(new MediaOfferRequest(request.CallId!, request.FromTag!, sdp, recipient, offerer)
        {
            ToTag = request.ToTag,
            AnchorPlain = true,
            Negotiation = Negotiation(request),
        });
        return ValueTask.FromResult(ToNg(result, sdp));
    }

    /// <inheritdoc />
    public ValueTask<NgResult> AnswerAsync(NgRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sdp = request.Sdp!.Value;
        var result = _bridge.Answer(new MediaAnswerRequest(request.CallId!, request.FromTag!, request.ToTag, sdp) { Negotiation = Negotiation(request) });
        return ValueTask.FromResult(result.Status == MediaBridgeStatus.UnknownCall
            ? NgResult.Ok(sdp).WithWarning("not bridged: the offer was not anchored")
            : ToNg(result, sdp));
    }

    /// <inheritdoc />
    public async ValueTask<NgResult> DeleteAsync(NgRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ToTag is { } toTag && Tags(request.CallId!) is ({ } fromTag, { } answered) &&
            !string.Equals(toTag, answered, StringComparison.Ordinal) && !string.Equals(toTag, fromTag, StringComparison.Ordinal))
        {
            return NgResult.Ok().WithWarning("another branch holds the media");
        }

        return await _bridge.DeleteAsync(request.CallId!, cancellationToken).ConfigureAwait(false)
            ? NgResult.Ok()
            : NgResult.Ok().WithWarning("Unknown call-id");
    }

    /// <inheritdoc />
    public ValueTask<NgResult> QueryAsync(NgRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        MediaLegCounters first, second;
        DateTimeOffset created, lastSignal;
        if (_bridge.TryGetCall(request.CallId!, out var call))
        {
            (first, second, created, lastSignal) = (call.WebRtc.Counters, call.Plain.Counters, call.Created, call.LastSignal);
        }
        else if (_bridge.TryGetPlainRelay(request.CallId!, out var relay))
        {
            (first, second, created, lastSignal) = (relay.Caller.Counters, relay.Callee.Counters, relay.Created, relay.LastSignal);
        }
        else
        {
            return ValueTask.FromResult(NgResult.Fail("Unknown call-id"));
        }

        var statistics = new NgCallStatistics(
            created,
            lastSignal,
            new NgTrafficTotals(first.RtpBytesIn + second.RtpBytesIn, first.RtpPacketsIn + second.RtpPacketsIn, first.Dropped + second.Dropped),
            new NgTrafficTotals(first.RtcpBytesIn + second.RtcpBytesIn, first.RtcpPacketsIn + second.RtcpPacketsIn, 0));
        return ValueTask.FromResult(NgResult.Ok().WithStatistics(statistics));
    }

    /// <inheritdoc />
    public ValueTask<SipMediaAnchorResult> OfferAsync(SipMediaOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var anchorPlain = _bridge.Options.AnchorPlainCalls;
        if (offer.OffererProfile == offer.RecipientProfile && !(anchorPlain && offer.OffererProfile == SipMediaProfile.Plain))
        {
            return ValueTask.FromResult(SipMediaAnchorResult.Unchanged);
        }

        var result = _bridge.Offer(new MediaOfferRequest(offer.Dialog.CallId, offer.Dialog.FromTag, offer.Sdp, Map(offer.RecipientProfile), Map(offer.OffererProfile))
        {
            ToTag = offer.Dialog.ToTag,
            AnchorPlain = anchorPlain,
        });
        return ValueTask.FromResult(ToSip(result));
    }

    /// <inheritdoc />
    public ValueTask<SipMediaAnchorResult> AnswerAsync(SipMediaAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var result = _bridge.Answer(new MediaAnswerRequest(answer.Dialog.CallId, answer.Dialog.FromTag, answer.Dialog.ToTag, answer.Sdp));
        return ValueTask.FromResult(result.Status is MediaBridgeStatus.UnknownCall or MediaBridgeStatus.NoPendingOffer
            ? SipMediaAnchorResult.Unchanged
            : ToSip(result));
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(SipMediaDialog dialog, CancellationToken cancellationToken)
    {
        if (Tags(dialog.CallId) is not (_, var answered))
        {
            return;
        }

        // A failed forked branch (its own To tag) must not take down the branch that holds the media.
        if (dialog.ToTag is { } toTag && !string.Equals(toTag, answered, StringComparison.Ordinal))
        {
            return;
        }

        await _bridge.DeleteAsync(dialog.CallId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The From and To tags of the call (bridged or relayed) with this Call-ID, or null when the bridge holds none.</summary>
    private (string FromTag, string? ToTag)? Tags(string callId) =>
        _bridge.TryGetCall(callId, out var call) ? (call.FromTag, call.ToTag)
        : _bridge.TryGetPlainRelay(callId, out var relay) ? (relay.FromTag, relay.ToTag)
        : null;

    private static MediaLegProfile Map(SipMediaProfile profile) => profile == SipMediaProfile.WebRtc ? MediaLegProfile.WebRtc : MediaLegProfile.Plain;

    private static SipMediaAnchorResult ToSip(MediaBridgeResult result) => result.Status switch
    {
        MediaBridgeStatus.Rewritten => SipMediaAnchorResult.Rewritten(result.Sdp),
        MediaBridgeStatus.Unchanged => SipMediaAnchorResult.Unchanged,
        MediaBridgeStatus.CallLimitReached or MediaBridgeStatus.NoPortsAvailable => SipMediaAnchorResult.Refused(503, "Media Bridge Full"),
        _ => SipMediaAnchorResult.Refused(488, "Not Acceptable Here"),
    };

    private static NgResult ToNg(MediaBridgeResult result, ReadOnlyMemory<byte> original) => result.Status switch
    {
        MediaBridgeStatus.Rewritten => NgResult.Ok(result.Sdp),
        MediaBridgeStatus.Unchanged => NgResult.Ok(original),
        MediaBridgeStatus.CallLimitReached or MediaBridgeStatus.NoPortsAvailable => NgResult.LoadLimit(result.Detail),
        MediaBridgeStatus.InvalidSdp => NgResult.Fail("Failed to parse SDP"),
        MediaBridgeStatus.UnknownCall => NgResult.Fail("Unknown call-id"),
        _ => NgResult.Fail(result.Detail ?? result.Status.ToString()),
    };

    private static bool IsSdes(string? protocol) =>
        protocol is not null && (string.Equals(protocol, "RTP/SAVP", StringComparison.OrdinalIgnoreCase) ||
                                 string.Equals(protocol, "RTP/SAVPF", StringComparison.OrdinalIgnoreCase));

    private static MediaLegProfile RecipientProfile(NgRequest request, MediaLegProfile offerer)
    {
        if (request.TransportProtocol is { } protocol)
        {
            return protocol.StartsWith("UDP/TLS/", StringComparison.OrdinalIgnoreCase) ? MediaLegProfile.WebRtc : MediaLegProfile.Plain;
        }

        return request.Ice switch
        {
            NgIceMode.Force or NgIceMode.ForceRelay => MediaLegProfile.WebRtc,
            NgIceMode.Remove => MediaLegProfile.Plain,
            _ => request.Dtls switch
            {
                NgDtlsMode.Passive or NgDtlsMode.Active => MediaLegProfile.WebRtc,
                NgDtlsMode.Off => MediaLegProfile.Plain,
                _ => offerer,
            },
        };
    }

    private static MediaNegotiationOptions Negotiation(NgRequest request) => new()
    {
        Strip = [.. request.Codec.Strip, .. request.Codec.Mask],
        Transcode = [.. request.Codec.Transcode, .. request.Codec.Offer],
        OfferPlainRtcpMux = request.RtcpMux.HasFlag(NgRtcpMuxOptions.Offer),
        AcceptPlainRtcpMux = (request.RtcpMux & (NgRtcpMuxOptions.Accept | NgRtcpMuxOptions.Require)) != 0,
        WebRtcOfferSetup = request.Dtls switch
        {
            NgDtlsMode.Passive => DtlsSetup.Passive,
            NgDtlsMode.Active => DtlsSetup.Active,
            _ => null,
        },
        ReplaceOrigin = request.Replace.Contains("origin", StringComparer.OrdinalIgnoreCase) || request.HasFlag("replace-origin"),
        PlainProtocol = request.TransportProtocol is { } p && p.StartsWith("RTP/AVP", StringComparison.OrdinalIgnoreCase) ? p.ToUpperInvariant() : null,
    };
}
