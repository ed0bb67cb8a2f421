using System.Collections.Immutable;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// The SDP offer/answer model (RFC 3264) as pure functions: an answer has one m-line per offered m-line,
/// in the same order; a stream we cannot take is rejected with port 0 in place; accepted streams list
/// the offered formats we support, under the offerer's payload type numbers.
/// </summary>
public static class OfferAnswer
{
    /// <summary>
    /// Builds our answer to <paramref name="offer"/>. Each m-line is accepted when it is not disabled
    /// (port 0 without <c>a=bundle-only</c>), has our <see cref="AnswerOptions.MediaType"/> and one of our <see cref="AnswerOptions.Protocols"/>,
    /// shares at least one codec with us, and <see cref="AnswerOptions.MaxAcceptedMedia"/> is not reached;
    /// otherwise it is rejected (<see cref="Reject"/>). The answer copies the offer's <c>t=</c> lines
    /// (RFC 3264 §6), echoes <c>a=mid</c>, and declines BUNDLE by leaving out <c>a=group</c>.
    /// </summary>
    public static SessionDescription CreateAnswer(SessionDescription offer, AnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        var accepted = 0;
        var media = ImmutableArray.CreateBuilder<MediaDescription>(offer.Media.Length);
        for (var i = 0; i < offer.Media.Length; i++)
        {
            var offered = offer.Media[i];
            var formats = IsEligible(offered, options.MediaType, options.Protocols) && accepted < options.MaxAcceptedMedia
                ? NegotiateFormats(offered, options.Codecs, options.CodecOrder, options.SingleCodec)
                : [];
            if (formats.IsEmpty)
            {
                media.Add(Reject(offered));
                continue;
            }

            accepted++;
            var port = options.PortForMedia?.Invoke(i, offered) ?? options.Port;
            var answer = new MediaDescription(offered.Media, port, offered.Protocol);
            if (offered.Mid is { } mid)
            {
                answer = answer.WithAttributes(new SdpAttributeLine(SdpAttributeNames.Mid, mid));
            }

            answer = answer.WithPayloadFormats(formats);
            if (options.Ptime is { } ptime)
            {
                answer = answer.WithAttributes(new SdpAttributeLine(SdpAttributeNames.Ptime, ptime.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (options.RtcpMux && offered.RtcpMux)
            {
                answer = answer.WithAttributes(new SdpAttributeLine(SdpAttributeNames.RtcpMux));
            }

            media.Add(answer.WithDirection(AnswerDirection(offer.EffectiveDirection(offered), options.Direction)));
        }

        return new SessionDescription(options.Origin)
        {
            SessionName = options.SessionName,
            Connection = SdpConnection.ForAddress(options.Address),
            Timings = offer.Timings.IsEmpty ? [SdpTiming.Unbounded] : offer.Timings,
            Media = media.MoveToImmutable(),
        };
    }

    /// <summary>
    /// The answer's m-line for a stream we reject (RFC 3264 §6): same media and protocol, port 0, the
    /// offered formats (a format list must not be empty), and the offer's <c>a=mid</c> when it had one
    /// (JSEP and BUNDLE need every m-line identified).
    /// </summary>
    public static MediaDescription Reject(MediaDescription offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        var rejected = new MediaDescription(offered.Media, 0, offered.Protocol) { Formats = offered.Formats };
        return offered.Mid is { } mid ? rejected.WithAttributes(new SdpAttributeLine(SdpAttributeNames.Mid, mid)) : rejected;
    }

    /// <summary>
    /// The answer's direction (RFC 3264 §6.1): the offer's direction seen from our side, limited to what we
    /// are willing to do. An offered sendonly becomes recvonly, recvonly becomes sendonly, inactive stays inactive.
    /// </summary>
    public static MediaDirection AnswerDirection(MediaDirection offered, MediaDirection local) => offered.Reverse().Intersect(local);

    /// <summary>
    /// The offered formats that match <paramref name="codecs"/>, keeping the offerer's payload type numbers
    /// (RFC 3264 §6.1). Parameters are ours when the codec has any, else the offer's.
    /// Telephone-event is kept only at the clock rate of a chosen audio codec (RFC 4733 §2.1) and only when
    /// we list telephone-event at that rate; when no audio codec matches the result is empty, since events
    /// alone are no usable stream.
    /// </summary>
    /// <param name="offered">The offered m-line.</param>
    /// <param name="codecs">What we support, in our order of preference.</param>
    /// <param name="order">Whose order the result follows.</param>
    /// <param name="singleCodec">Keep only the first audio codec (in <paramref name="order"/>) and its telephone-event.</param>
    public static ImmutableArray<PayloadFormat> NegotiateFormats(
        MediaDescription offered, IReadOnlyList<SdpCodec> codecs, CodecPreference order = CodecPreference.Offerer, bool singleCodec = false)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(codecs);
        var offeredFormats = offered.PayloadFormats;
        var chosen = new List<(int OfferIndex, int CodecIndex, PayloadFormat Format)>();
        for (var i = 0; i < offeredFormats.Length; i++)
        {
            var format = offeredFormats[i];
            var codec = IndexOfMatch(codecs, format, telephoneEvent: false);
            if (!format.IsTelephoneEvent && codec >= 0)
            {
                chosen.Add((i, codec, format with { Parameters = codecs[codec].Parameters ?? format.Parameters }));
            }
        }

        if (order == CodecPreference.Answerer)
        {
            chosen = [.. chosen.OrderBy(c => c.CodecIndex).ThenBy(c => c.OfferIndex)];
        }

        if (singleCodec && chosen.Count > 1)
        {
            chosen.RemoveRange(1, chosen.Count - 1);
        }

        if (chosen.Count == 0)
        {
            return [];
        }

        var rates = chosen.Select(c => c.Format.ClockRate).ToHashSet();
        var events = new List<(int OfferIndex, int CodecIndex, PayloadFormat Format)>();
        for (var i = 0; i < offeredFormats.Length; i++)
        {
            var format = offeredFormats[i];
            var codec = IndexOfMatch(codecs, format, telephoneEvent: true);
            if (format.IsTelephoneEvent && codec >= 0 && rates.Remove(format.ClockRate))
            {
                events.Add((i, codec, format with { Parameters = codecs[codec].Parameters ?? format.Parameters }));
            }
        }

        var all = order == CodecPreference.Offerer
            ? chosen.Concat(events).OrderBy(c => c.OfferIndex)
            : chosen.Concat(events);
        return [.. all.Select(c => c.Format)];
    }

    /// <summary>
    /// Payload formats for an offer of <paramref name="codecs"/>, in order: each codec's
    /// <see cref="SdpCodec.PayloadType"/> when it is free, else the lowest free dynamic number from 96 that no
    /// codec asks for. Throws <see cref="ArgumentException"/> when more codecs than payload types are given.
    /// </summary>
    public static ImmutableArray<PayloadFormat> OfferFormats(IReadOnlyList<SdpCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        var taken = new HashSet<int>();
        var wanted = codecs.Where(c => c.PayloadType is >= 0 and <= 127).Select(c => c.PayloadType!.Value).ToHashSet();
        var result = ImmutableArray.CreateBuilder<PayloadFormat>(codecs.Count);
        foreach (var codec in codecs)
        {
            int pt;
            if (codec.PayloadType is { } preferred and >= 0 and <= 127 && taken.Add(preferred))
            {
                pt = preferred;
            }
            else
            {
                pt = Enumerable.Range(96, 32).FirstOrDefault(n => !taken.Contains(n) && !wanted.Contains(n), -1);
                if (pt < 0)
                {
                    pt = Enumerable.Range(96, 32).FirstOrDefault(n => !taken.Contains(n), -1);
                }

                if (pt < 0)
                {
                    throw new ArgumentException("More codecs than free dynamic payload types.", nameof(codecs));
                }

                taken.Add(pt);
            }

            result.Add(new PayloadFormat(pt, codec.EncodingName, codec.ClockRate, codec.Channels, codec.Parameters));
        }

        return result.MoveToImmutable();
    }

    internal static bool IsEligible(MediaDescription offered, string mediaType, IEnumerable<string> protocols) =>
        !IsDisabledInOffer(offered) &&
        string.Equals(offered.Media, mediaType, StringComparison.OrdinalIgnoreCase) &&
        protocols.Contains(offered.Protocol, StringComparer.OrdinalIgnoreCase);

    /// <summary>Port 0 in an offer disables a stream, except with <c>a=bundle-only</c> (RFC 9143 §6: it will share the BUNDLE transport).</summary>
    internal static bool IsDisabledInOffer(MediaDescription offered) =>
        offered.IsRejected && !offered.HasAttribute(SdpAttributeNames.BundleOnly);

    private static int IndexOfMatch(IReadOnlyList<SdpCodec> codecs, PayloadFormat format, bool telephoneEvent)
    {
        for (var i = 0; i < codecs.Count; i++)
        {
            if (codecs[i].IsTelephoneEvent == telephoneEvent && codecs[i].Matches(format))
            {
                return i;
            }
        }

        return -1;
    }
}
