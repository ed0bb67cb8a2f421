using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// Pure functions that turn descriptions from one leg of the media bridge into descriptions for the other:
/// WebRTC (ICE, DTLS-SRTP, rtcp-mux, BUNDLE) on the browser side, plain RTP/AVP on the IMS side. The bridge
/// terminates media, so what it writes on a leg describes the bridge itself: our address, port, codecs,
/// ICE credentials and fingerprint; only the stream structure (m-line count, order, media types, mids)
/// and the directions are carried across. Every function keeps one m-line per input m-line in the same
/// order, so an answer on one leg pairs by index with the offer on the other. The bridge carries one
/// stream: the first eligible m-line is accepted and every other one is rejected or disabled (port 0).
/// </summary>
/// <remarks>
/// A call from the browser: <c>ToPlainOffer(browserOffer)</c> goes to the IMS core, whose answer becomes
/// <c>ToWebRtcAnswer(browserOffer, imsAnswer)</c> for the browser. A call from the IMS core:
/// <c>ToWebRtcOffer(imsOffer)</c> goes to the browser, whose answer becomes
/// <c>ToPlainAnswer(imsOffer, browserAnswer)</c> for the IMS core.
/// </remarks>
public static class SdpRewriter
{
    /// <summary>
    /// Attributes that only mean something on a WebRTC leg and are removed by <see cref="StripWebRtc(MediaDescription)"/>:
    /// ICE, DTLS, grouping and mid, msid and ssrc, RTP header extensions, RTCP feedback and multiplexing,
    /// simulcast, SCTP data channels, identity.
    /// </summary>
    public static FrozenSet<string> WebRtcAttributeNames { get; } = FrozenSet.Create(StringComparer.Ordinal,
    [
        SdpAttributeNames.IceUfrag, SdpAttributeNames.IcePwd, SdpAttributeNames.IceOptions, SdpAttributeNames.IceLite,
        SdpAttributeNames.IceMismatch, SdpAttributeNames.IcePacing, SdpAttributeNames.Candidate, SdpAttributeNames.RemoteCandidates,
        SdpAttributeNames.EndOfCandidates, SdpAttributeNames.Fingerprint, SdpAttributeNames.Setup, SdpAttributeNames.Connection,
        SdpAttributeNames.TlsId, SdpAttributeNames.Mid, SdpAttributeNames.Group, SdpAttributeNames.BundleOnly,
        SdpAttributeNames.Msid, SdpAttributeNames.MsidSemantic, SdpAttributeNames.Ssrc, SdpAttributeNames.SsrcGroup,
        SdpAttributeNames.Rid, SdpAttributeNames.Simulcast, SdpAttributeNames.Extmap, SdpAttributeNames.ExtmapAllowMixed,
        SdpAttributeNames.RtcpFeedback, SdpAttributeNames.RtcpMux, SdpAttributeNames.RtcpMuxOnly, SdpAttributeNames.RtcpRsize,
        SdpAttributeNames.SctpPort, SdpAttributeNames.MaxMessageSize, SdpAttributeNames.Sctpmap, SdpAttributeNames.Identity,
    ]);

    private static readonly string[] TransportAttributeNames =
    [
        SdpAttributeNames.IceUfrag, SdpAttributeNames.IcePwd, SdpAttributeNames.IceOptions, SdpAttributeNames.Fingerprint,
        SdpAttributeNames.Setup, SdpAttributeNames.Candidate, SdpAttributeNames.EndOfCandidates,
    ];

    /// <summary>A copy of the m-line without any of <see cref="WebRtcAttributeNames"/>; everything else stays in order.</summary>
    public static MediaDescription StripWebRtc(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.WithoutAttributes(a => WebRtcAttributeNames.Contains(a.Name));
    }

    /// <summary>A copy of the description without any of <see cref="WebRtcAttributeNames"/>, at session level and in every m-line.</summary>
    public static SessionDescription StripWebRtc(SessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description.WithoutAttributes(a => WebRtcAttributeNames.Contains(a.Name)).WithMedia((m, _) => StripWebRtc(m));
    }

    /// <summary>
    /// A copy of the m-line carrying our WebRTC transport: <c>a=ice-ufrag</c>, <c>a=ice-pwd</c>, <c>a=fingerprint</c>
    /// and <c>a=setup</c> first, then the existing attributes (old ICE/DTLS ones removed), then our candidates and
    /// <c>a=end-of-candidates</c>.
    /// </summary>
    public static MediaDescription WithWebRtcTransport(MediaDescription media, WebRtcOptions options, DtlsSetup setup)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(options);
        var rest = media.WithoutAttributes(TransportAttributeNames).Attributes;
        var candidates = options.Candidates.IsEmpty
            ? [IceCandidate.Host(options.CandidateFoundation, 1, options.Address, options.Port)]
            : options.Candidates;
        var builder = ImmutableArray.CreateBuilder<SdpAttributeLine>(rest.Length + candidates.Length + 5);
        builder.Add(new SdpAttributeLine(SdpAttributeNames.IceUfrag, options.Ice.Ufrag));
        builder.Add(new SdpAttributeLine(SdpAttributeNames.IcePwd, options.Ice.Password));
        builder.Add(options.Fingerprint.ToAttribute());
        builder.Add(setup.ToAttribute());
        builder.AddRange(rest);
        builder.AddRange(candidates.Select(c => c.ToAttribute()));
        if (options.EndOfCandidates)
        {
            builder.Add(new SdpAttributeLine(SdpAttributeNames.EndOfCandidates));
        }

        return media with { Attributes = builder.ToImmutable() };
    }

    /// <summary>
    /// The plain offer for the IMS leg from a browser's offer. The first m-line of our media type that carries
    /// RTP becomes <c>m=&lt;type&gt; &lt;port&gt; RTP/AVP &lt;our codecs&gt;</c> with our codec list's payload types,
    /// <c>a=ptime</c>, and the browser's direction; the browser's WebRTC attributes, <c>a=rtcp</c>, <c>a=crypto</c>,
    /// <c>b=</c> lines and codec attributes are dropped, any other attribute is kept. Every other m-line is
    /// disabled in place (port 0). The session carries our origin and address.
    /// </summary>
    public static SessionDescription ToPlainOffer(SessionDescription webRtcOffer, PlainRtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(webRtcOffer);
        ArgumentNullException.ThrowIfNull(options);
        var accepted = false;
        var media = ImmutableArray.CreateBuilder<MediaDescription>(webRtcOffer.Media.Length);
        foreach (var offered in webRtcOffer.Media)
        {
            if (accepted || OfferAnswer.IsDisabledInOffer(offered) || !offered.IsRtp ||
                !string.Equals(offered.Media, options.MediaType, StringComparison.OrdinalIgnoreCase))
            {
                media.Add(Disabled(offered, options.Protocol));
                continue;
            }

            accepted = true;
            var plain = StripWebRtc(offered)
                .WithoutAttributes(SdpAttributeNames.Rtcp, SdpAttributeNames.Crypto, SdpAttributeNames.Ptime, SdpAttributeNames.MaxPtime) with
                {
                    Port = options.Port,
                    PortCount = null,
                    Protocol = options.Protocol,
                    Connections = [],
                    Bandwidths = [],
                    EncryptionKey = null,
                };
            plain = WithPtime(plain.WithPayloadFormats(OfferAnswer.OfferFormats(options.Codecs)), options.Ptime);
            media.Add(plain.WithDirection(webRtcOffer.EffectiveDirection(offered)));
        }

        return new SessionDescription(options.Origin)
        {
            SessionName = options.SessionName,
            Connection = SdpConnection.ForAddress(options.Address),
            Timings = webRtcOffer.Timings.IsEmpty ? [SdpTiming.Unbounded] : webRtcOffer.Timings,
            Attributes = StripWebRtc(webRtcOffer).Attributes.RemoveAll(a => a.IsProperty && MediaDirectionExtensions.TryParse(a.Name, out _)),
            Media = media.MoveToImmutable(),
        };
    }

    /// <summary>
    /// The plain answer for the IMS leg to <paramref name="plainOffer"/>, once the browser has answered the offer
    /// <see cref="ToWebRtcOffer"/> made from it. It is <see cref="OfferAnswer.CreateAnswer"/> with our plain codecs
    /// (the IMS core's payload types kept), then: an m-line the browser rejected is rejected here too, and an
    /// accepted one takes the direction both the IMS offer and the browser's answer allow. No WebRTC attribute
    /// (<c>a=mid</c> included) is written.
    /// </summary>
    public static SessionDescription ToPlainAnswer(SessionDescription plainOffer, SessionDescription webRtcAnswer, PlainRtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(plainOffer);
        ArgumentNullException.ThrowIfNull(webRtcAnswer);
        ArgumentNullException.ThrowIfNull(options);
        var answer = OfferAnswer.CreateAnswer(plainOffer, new AnswerOptions
        {
            Origin = options.Origin,
            Address = options.Address,
            Port = options.Port,
            Codecs = options.Codecs,
            MediaType = options.MediaType,
            Protocols = options.AcceptedProtocols,
            CodecOrder = options.CodecOrder,
            SingleCodec = options.SingleCodec,
            Ptime = options.Ptime,
            MaxAcceptedMedia = 1,
            SessionName = options.SessionName,
        });
        return StripWebRtc(answer.WithMedia((media, i) =>
        {
            if (media.IsRejected)
            {
                return media;
            }

            var browser = i < webRtcAnswer.Media.Length ? webRtcAnswer.Media[i] : null;
            return browser is null || browser.IsRejected
                ? OfferAnswer.Reject(plainOffer.Media[i])
                : media.WithDirection((media.Direction ?? MediaDirection.SendRecv).Intersect(webRtcAnswer.EffectiveDirection(browser)));
        }));
    }

    /// <summary>
    /// The WebRTC offer for the browser leg from an IMS offer. The first m-line of our media type that carries RTP
    /// becomes <c>m=&lt;type&gt; &lt;port&gt; UDP/TLS/RTP/SAVPF &lt;our codecs&gt;</c> with our ICE credentials, fingerprint,
    /// <c>a=setup:actpass</c>, <c>a=rtcp-mux</c>, our host candidate and the IMS core's direction; every other m-line is
    /// disabled in place (port 0). Every m-line gets <c>a=mid</c> (its index); the session has <c>a=ice-lite</c> and
    /// a BUNDLE group of the accepted mid (see <see cref="WebRtcOptions.IceLite"/>, <see cref="WebRtcOptions.Bundle"/>).
    /// </summary>
    public static SessionDescription ToWebRtcOffer(SessionDescription plainOffer, WebRtcOptions options)
    {
        ArgumentNullException.ThrowIfNull(plainOffer);
        ArgumentNullException.ThrowIfNull(options);
        var acceptedMids = new List<string>();
        var media = ImmutableArray.CreateBuilder<MediaDescription>(plainOffer.Media.Length);
        for (var i = 0; i < plainOffer.Media.Length; i++)
        {
            var offered = plainOffer.Media[i];
            var mid = new SdpAttributeLine(SdpAttributeNames.Mid, i.ToString(CultureInfo.InvariantCulture));
            if (acceptedMids.Count > 0 || offered.IsRejected || !offered.IsRtp ||
                !string.Equals(offered.Media, options.MediaType, StringComparison.OrdinalIgnoreCase))
            {
                media.Add(Disabled(offered, options.Protocol).WithAttributes(mid));
                continue;
            }

            acceptedMids.Add(mid.Value!);
            media.Add(WebRtcMedia(offered.Media, options.Protocol, mid, plainOffer.EffectiveDirection(offered), rtcpMux: true,
                OfferAnswer.OfferFormats(options.Codecs), DtlsSetup.ActPass, options));
        }

        return new SessionDescription(options.Origin)
        {
            SessionName = options.SessionName,
            Connection = SdpConnection.ForAddress(options.Address),
            Attributes = SessionAttributes(options, options.Bundle && acceptedMids.Count > 0 ? acceptedMids : null),
            Media = media.MoveToImmutable(),
        };
    }

    /// <summary>
    /// The WebRTC answer for the browser leg to <paramref name="webRtcOffer"/>, once the IMS core has answered the
    /// offer <see cref="ToPlainOffer"/> made from it. The m-line the IMS core accepted is accepted when it shares a
    /// codec with <see cref="WebRtcOptions.Codecs"/> (the browser's payload types kept): our ICE credentials,
    /// fingerprint, <c>a=setup</c> (the RFC 5763 answer to the offer's, <see cref="WebRtcOptions.AnswerSetup"/> for
    /// actpass), <c>a=rtcp-mux</c> when offered, the offer's <c>a=mid</c>, our host candidate, and the direction both
    /// the browser's offer and the IMS answer allow. Other m-lines are rejected in place with their mid. When the
    /// offer had a BUNDLE group, the answer has one with the accepted mid (Chromium refuses an answer without it
    /// under <c>max-bundle</c>).
    /// </summary>
    public static SessionDescription ToWebRtcAnswer(SessionDescription webRtcOffer, SessionDescription plainAnswer, WebRtcOptions options)
    {
        ArgumentNullException.ThrowIfNull(webRtcOffer);
        ArgumentNullException.ThrowIfNull(plainAnswer);
        ArgumentNullException.ThrowIfNull(options);
        var acceptedMids = new List<string>();
        var accepted = false;
        var media = ImmutableArray.CreateBuilder<MediaDescription>(webRtcOffer.Media.Length);
        for (var i = 0; i < webRtcOffer.Media.Length; i++)
        {
            var offered = webRtcOffer.Media[i];
            var plain = i < plainAnswer.Media.Length ? plainAnswer.Media[i] : null;
            var formats = !accepted && plain is { IsRejected: false } && OfferAnswer.IsEligible(offered, options.MediaType, options.AcceptedProtocols)
                ? OfferAnswer.NegotiateFormats(offered, options.Codecs, options.CodecOrder, options.SingleCodec)
                : [];
            if (formats.IsEmpty)
            {
                media.Add(OfferAnswer.Reject(offered));
                continue;
            }

            accepted = true;
            var mid = offered.Mid is { } value ? new SdpAttributeLine(SdpAttributeNames.Mid, value) : null;
            if (mid is not null)
            {
                acceptedMids.Add(mid.Value!);
            }

            var direction = OfferAnswer.AnswerDirection(webRtcOffer.EffectiveDirection(offered), plainAnswer.EffectiveDirection(plain!));
            var setup = (offered.Setup ?? webRtcOffer.Setup).AnswerTo(options.AnswerSetup);
            media.Add(WebRtcMedia(offered.Media, offered.Protocol, mid, direction, offered.RtcpMux, formats, setup, options));
        }

        var bundle = webRtcOffer.BundleGroup;
        var bundled = bundle is null ? null : bundle.Tags.Where(acceptedMids.Contains).ToList();
        return new SessionDescription(options.Origin)
        {
            SessionName = options.SessionName,
            Connection = SdpConnection.ForAddress(options.Address),
            Timings = webRtcOffer.Timings.IsEmpty ? [SdpTiming.Unbounded] : webRtcOffer.Timings,
            Attributes = SessionAttributes(options, bundled is { Count: > 0 } ? bundled : null),
            Media = media.MoveToImmutable(),
        };
    }

    private static MediaDescription WebRtcMedia(
        string mediaType, string protocol, SdpAttributeLine? mid, MediaDirection direction, bool rtcpMux,
        IEnumerable<PayloadFormat> formats, DtlsSetup setup, WebRtcOptions options)
    {
        var media = new MediaDescription(mediaType, options.Port, protocol);
        if (mid is not null)
        {
            media = media.WithAttributes(mid);
        }

        media = media.WithAttributes(direction.ToAttribute());
        if (rtcpMux)
        {
            media = media.WithAttributes(new SdpAttributeLine(SdpAttributeNames.RtcpMux));
        }

        media = WithPtime(media.WithPayloadFormats(formats), options.Ptime);
        if (options.TrackId is not null)
        {
            media = media.WithAttributes(new MediaStreamId(options.StreamId, options.TrackId).ToAttribute());
        }

        if (options.Ssrc is { } ssrc)
        {
            media = media.WithAttributes(new SsrcLine(ssrc, "cname", options.Cname).ToAttribute());
        }

        return WithWebRtcTransport(media, options, setup);
    }

    private static ImmutableArray<SdpAttributeLine> SessionAttributes(WebRtcOptions options, List<string>? bundleMids)
    {
        var attributes = ImmutableArray.CreateBuilder<SdpAttributeLine>();
        if (options.IceLite)
        {
            attributes.Add(new SdpAttributeLine(SdpAttributeNames.IceLite));
        }

        if (bundleMids is not null)
        {
            attributes.Add(new SdpGroup(SdpGroup.Bundle, [.. bundleMids]).ToAttribute());
        }

        return attributes.ToImmutable();
    }

    /// <summary>
    /// The description one side of a plain relay sends, as the other side receives it (both sides speak plain RTP and
    /// packets cross the bridge unchanged): the same description, with the bridge's <paramref name="address"/> as the
    /// session's connection and <paramref name="port"/> on the first accepted RTP m-line of
    /// <paramref name="mediaType"/>. That m-line loses its own c= lines, <c>a=rtcp</c> and <c>a=rtcp-mux</c> (RTCP
    /// goes to port + 1, where the bridge listens); every other m-line is disabled (port 0). Origin, codecs, payload
    /// types, directions and every other attribute pass as they are.
    /// </summary>
    public static SessionDescription ToRelayed(SessionDescription description, string address, int port, string mediaType = "audio")
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentException.ThrowIfNullOrEmpty(address);
        var relayed = false;
        var result = description.WithMedia((media, _) =>
        {
            if (relayed || media.IsRejected || !media.IsRtp || !string.Equals(media.Media, mediaType, StringComparison.OrdinalIgnoreCase))
            {
                return media.IsRejected ? media : Disabled(media, media.Protocol);
            }

            relayed = true;
            return media.WithoutAttributes(SdpAttributeNames.Rtcp, SdpAttributeNames.RtcpMux, SdpAttributeNames.RtcpMuxOnly) with
            {
                Port = port,
                PortCount = null,
                Connections = [],
            };
        });
        return result with { Connection = SdpConnection.ForAddress(address) };
    }

    /// <summary>An m-line we do not carry, disabled in place: port 0, the offered formats, our protocol when it carries RTP.</summary>
    private static MediaDescription Disabled(MediaDescription offered, string rtpProtocol) =>
        new(offered.Media, 0, offered.IsRtp ? rtpProtocol : offered.Protocol) { Formats = offered.Formats };

    private static MediaDescription WithPtime(MediaDescription media, int? ptime) => ptime is { } value
        ? media.WithAttributes(new SdpAttributeLine(SdpAttributeNames.Ptime, value.ToString(CultureInfo.InvariantCulture)))
        : media;
}
