using System.Collections.Immutable;
using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// A media description: the <c>m=</c> line and the <c>i=</c>, <c>c=</c>, <c>b=</c>, <c>k=</c> and <c>a=</c>
/// lines after it (RFC 8866 §5.14). Immutable; edit with <c>with</c> or the <c>With...</c> methods, which
/// return a new description. Attributes keep their order and text; the typed properties
/// (<see cref="RtpMaps"/>, <see cref="Candidates"/>, ...) parse them on each access and skip malformed ones.
/// </summary>
public sealed record MediaDescription
{
    private readonly string media = "audio";
    private readonly int port;
    private readonly int? portCount;
    private readonly string protocol = "RTP/AVP";
    private readonly ImmutableArray<string> formats = [];
    private readonly string? information;
    private readonly ImmutableArray<SdpConnection> connections = [];
    private readonly ImmutableArray<SdpBandwidth> bandwidths = [];
    private readonly string? encryptionKey;
    private readonly ImmutableArray<SdpAttributeLine> attributes = [];

    /// <summary>Creates a media description with no formats or attributes.</summary>
    /// <param name="media">The media type (<c>audio</c>, <c>video</c>, <c>application</c>, ...).</param>
    /// <param name="port">The transport port; 0 rejects or disables the stream (RFC 3264).</param>
    /// <param name="protocol">The transport protocol (<c>RTP/AVP</c>, <c>UDP/TLS/RTP/SAVPF</c>, ...).</param>
    public MediaDescription(string media, int port, string protocol)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
    }

    /// <summary>The media type, a token (<c>audio</c>, <c>video</c>, <c>text</c>, <c>application</c>, <c>message</c>, <c>image</c>).</summary>
    public string Media { get => media; init => media = SdpSyntax.RequireToken(value, nameof(Media)); }

    /// <summary>The transport port, 0..65535. Zero means rejected (in an answer) or disabled (in an offer).</summary>
    public int Port { get => port; init => port = SdpSyntax.RequirePort(value, nameof(Port)); }

    /// <summary>The <c>/&lt;number of ports&gt;</c> suffix of the port, or null when absent.</summary>
    public int? PortCount
    {
        get => portCount;
        init => portCount = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(PortCount), value, "At least 1.");
    }

    /// <summary>The transport protocol, tokens joined by <c>/</c>.</summary>
    public string Protocol { get => protocol; init => protocol = SdpSyntax.RequireProtocol(value, nameof(Protocol)); }

    /// <summary>The media formats (RTP payload types for RTP protocols), in preference order.</summary>
    public ImmutableArray<string> Formats { get => formats; init => formats = SdpSyntax.RequireAll(value, f => SdpSyntax.IsToken(f), nameof(Formats)); }

    /// <summary>The <c>i=</c> media title, or null.</summary>
    public string? Information { get => information; init => information = SdpSyntax.OptionalText(value, nameof(Information)); }

    /// <summary>The media-level <c>c=</c> lines (usually none or one; several only for layered multicast).</summary>
    public ImmutableArray<SdpConnection> Connections { get => connections; init => connections = SdpSyntax.RequireAll(value, _ => true, nameof(Connections)); }

    /// <summary>The <c>b=</c> lines.</summary>
    public ImmutableArray<SdpBandwidth> Bandwidths { get => bandwidths; init => bandwidths = SdpSyntax.RequireAll(value, _ => true, nameof(Bandwidths)); }

    /// <summary>The obsolete <c>k=</c> line, verbatim, or null. May hold a key: never logged.</summary>
    public string? EncryptionKey { get => encryptionKey; init => encryptionKey = SdpSyntax.OptionalText(value, nameof(EncryptionKey)); }

    /// <summary>The <c>a=</c> lines, in order.</summary>
    public ImmutableArray<SdpAttributeLine> Attributes { get => attributes; init => attributes = SdpSyntax.RequireAll(value, _ => true, nameof(Attributes)); }

    /// <summary>Whether the port is 0 (a rejected or disabled stream).</summary>
    public bool IsRejected => port == 0;

    /// <summary>The first media-level <c>c=</c> line, or null.</summary>
    public SdpConnection? Connection => connections.IsEmpty ? null : connections[0];

    /// <summary>Whether the protocol carries RTP (<c>RTP/AVP</c>, <c>RTP/SAVPF</c>, <c>UDP/TLS/RTP/SAVPF</c>, ...).</summary>
    public bool IsRtp => protocol.Split('/').Contains("RTP", StringComparer.OrdinalIgnoreCase);

    /// <summary>The media-level direction attribute, or null when there is none (see <see cref="SessionDescription.EffectiveDirection"/>).</summary>
    public MediaDirection? Direction => SdpAttributeList.Direction(attributes);

    /// <summary><c>a=mid</c>, or null.</summary>
    public string? Mid => SdpAttributeList.Value(attributes, SdpAttributeNames.Mid);

    /// <summary>Whether <c>a=rtcp-mux</c> is present.</summary>
    public bool RtcpMux => SdpAttributeList.Has(attributes, SdpAttributeNames.RtcpMux);

    /// <summary><c>a=rtcp</c>, or null.</summary>
    public RtcpAddress? Rtcp => SdpAttributeList.ParseFirst<RtcpAddress>(attributes, SdpAttributeNames.Rtcp, RtcpAddress.TryParse);

    /// <summary><c>a=ptime</c> in milliseconds, or null.</summary>
    public int? Ptime => SdpAttributeList.Int(attributes, SdpAttributeNames.Ptime);

    /// <summary><c>a=maxptime</c> in milliseconds, or null.</summary>
    public int? MaxPtime => SdpAttributeList.Int(attributes, SdpAttributeNames.MaxPtime);

    /// <summary>Media-level <c>a=ice-ufrag</c>, or null.</summary>
    public string? IceUfrag => SdpAttributeList.Value(attributes, SdpAttributeNames.IceUfrag);

    /// <summary>Media-level <c>a=ice-pwd</c>, or null. A secret: never log it.</summary>
    public string? IcePwd => SdpAttributeList.Value(attributes, SdpAttributeNames.IcePwd);

    /// <summary>Media-level <c>a=ice-options</c> tokens.</summary>
    public ImmutableArray<string> IceOptions => SdpAttributeList.Words(attributes, SdpAttributeNames.IceOptions);

    /// <summary>Whether <c>a=end-of-candidates</c> is present.</summary>
    public bool EndOfCandidates => SdpAttributeList.Has(attributes, SdpAttributeNames.EndOfCandidates);

    /// <summary>The <c>a=candidate</c> lines that parse.</summary>
    public ImmutableArray<IceCandidate> Candidates => SdpAttributeList.Parse<IceCandidate>(attributes, SdpAttributeNames.Candidate, IceCandidate.TryParse);

    /// <summary>Media-level <c>a=fingerprint</c> lines that parse.</summary>
    public ImmutableArray<DtlsFingerprint> Fingerprints => SdpAttributeList.Parse<DtlsFingerprint>(attributes, SdpAttributeNames.Fingerprint, DtlsFingerprint.TryParse);

    /// <summary>Media-level <c>a=setup</c>, or null.</summary>
    public DtlsSetup? Setup => SdpAttributeList.Setup(attributes);

    /// <summary>The <c>a=rtpmap</c> lines that parse.</summary>
    public ImmutableArray<RtpMap> RtpMaps => SdpAttributeList.Parse<RtpMap>(attributes, SdpAttributeNames.RtpMap, RtpMap.TryParse);

    /// <summary>The <c>a=fmtp</c> lines that parse.</summary>
    public ImmutableArray<Fmtp> Fmtps => SdpAttributeList.Parse<Fmtp>(attributes, SdpAttributeNames.Fmtp, Fmtp.TryParse);

    /// <summary>The <c>a=rtcp-fb</c> lines that parse.</summary>
    public ImmutableArray<RtcpFeedback> RtcpFeedbacks => SdpAttributeList.Parse<RtcpFeedback>(attributes, SdpAttributeNames.RtcpFeedback, RtcpFeedback.TryParse);

    /// <summary>The <c>a=extmap</c> lines that parse.</summary>
    public ImmutableArray<Extmap> Extmaps => SdpAttributeList.Parse<Extmap>(attributes, SdpAttributeNames.Extmap, Extmap.TryParse);

    /// <summary>The <c>a=ssrc</c> lines that parse.</summary>
    public ImmutableArray<SsrcLine> Ssrcs => SdpAttributeList.Parse<SsrcLine>(attributes, SdpAttributeNames.Ssrc, SsrcLine.TryParse);

    /// <summary>The first <c>a=msid</c> that parses, or null.</summary>
    public MediaStreamId? Msid => SdpAttributeList.ParseFirst<MediaStreamId>(attributes, SdpAttributeNames.Msid, MediaStreamId.TryParse);

    /// <summary>The <c>a=crypto</c> lines that parse (SDES offers).</summary>
    public ImmutableArray<SdesCrypto> Crypto => SdpAttributeList.Parse<SdesCrypto>(attributes, SdpAttributeNames.Crypto, SdesCrypto.TryParse);

    /// <summary>
    /// The formats that are RTP payload types with a known encoding, in m-line order: each one's
    /// <c>a=rtpmap</c> (or the RFC 3551 static table for 0..34 without one) and its <c>a=fmtp</c> parameters.
    /// Formats with neither are left out.
    /// </summary>
    public ImmutableArray<PayloadFormat> PayloadFormats
    {
        get
        {
            var rtpMaps = RtpMaps;
            var fmtps = Fmtps;
            var builder = ImmutableArray.CreateBuilder<PayloadFormat>(formats.Length);
            foreach (var format in formats)
            {
                if (!SdpSyntax.TryParseInt(format, out var pt) || pt > 127 || builder.Any(f => f.PayloadType == pt))
                {
                    continue;
                }

                var parameters = fmtps.FirstOrDefault(f => f.PayloadType == pt)?.Parameters;
                var map = rtpMaps.FirstOrDefault(m => m.PayloadType == pt);
                if (map is not null)
                {
                    builder.Add(new PayloadFormat(pt, map.EncodingName, map.ClockRate, map.Channels, parameters));
                }
                else if (StaticPayloadTypes.TryGet(pt, out var name, out var rate, out var channels))
                {
                    builder.Add(new PayloadFormat(pt, name, rate, channels == 1 ? null : channels, parameters));
                }
            }

            return builder.ToImmutable();
        }
    }

    /// <summary>The first attribute with that name, or null.</summary>
    public SdpAttributeLine? FindAttribute(string name) => SdpAttributeList.Find(attributes, name);

    /// <summary>Every attribute with that name, in order.</summary>
    public ImmutableArray<SdpAttributeLine> FindAttributes(string name) => SdpAttributeList.FindAll(attributes, name);

    /// <summary>Whether an attribute with that name is present.</summary>
    public bool HasAttribute(string name) => SdpAttributeList.Has(attributes, name);

    /// <summary>A copy with the attributes appended.</summary>
    public MediaDescription WithAttributes(params IEnumerable<SdpAttributeLine> added) => this with { Attributes = attributes.AddRange(added) };

    /// <summary>A copy with <paramref name="attribute"/> replacing every attribute of its name (at the first one's place, else appended).</summary>
    public MediaDescription WithAttributeSet(SdpAttributeLine attribute) => this with { Attributes = SdpAttributeList.Set(attributes, attribute) };

    /// <summary>A copy without the attributes of these names.</summary>
    public MediaDescription WithoutAttributes(params ReadOnlySpan<string> names) => this with { Attributes = SdpAttributeList.Without(attributes, names) };

    /// <summary>A copy without the attributes <paramref name="remove"/> selects.</summary>
    public MediaDescription WithoutAttributes(Func<SdpAttributeLine, bool> remove) => this with { Attributes = SdpAttributeList.Without(attributes, remove) };

    /// <summary>A copy with exactly one direction attribute, <paramref name="direction"/>, at the first old one's place.</summary>
    public MediaDescription WithDirection(MediaDirection direction) => this with { Attributes = SdpAttributeList.WithDirection(attributes, direction) };

    /// <summary>
    /// A copy whose formats are exactly <paramref name="payloadFormats"/>: the m-line lists their payload
    /// types in order, every old <c>a=rtpmap</c> and <c>a=fmtp</c> is replaced by one <c>a=rtpmap</c> per format
    /// (static types included, as RFC 8866 recommends) and an <c>a=fmtp</c> where it has parameters, placed
    /// where the first old one was; <c>a=rtcp-fb</c> lines for dropped payload types are removed.
    /// </summary>
    public MediaDescription WithPayloadFormats(IEnumerable<PayloadFormat> payloadFormats)
    {
        ArgumentNullException.ThrowIfNull(payloadFormats);
        var list = payloadFormats.ToList();
        var kept = list.Select(f => f.PayloadType.ToString(CultureInfo.InvariantCulture)).ToImmutableArray();
        var replacement = new List<SdpAttributeLine>(list.Count * 2);
        foreach (var format in list)
        {
            replacement.Add(format.ToRtpMap().ToAttribute());
            if (format.ToFmtp() is { } fmtp)
            {
                replacement.Add(fmtp.ToAttribute());
            }
        }

        var builder = ImmutableArray.CreateBuilder<SdpAttributeLine>(attributes.Length + replacement.Count);
        var placed = false;
        foreach (var attribute in attributes)
        {
            if (attribute.Name is SdpAttributeNames.RtpMap or SdpAttributeNames.Fmtp)
            {
                if (!placed)
                {
                    builder.AddRange(replacement);
                    placed = true;
                }

                continue;
            }

            if (attribute.Name == SdpAttributeNames.RtcpFeedback && RtcpFeedback.TryParse(attribute.Value, out var fb) &&
                fb.Format != "*" && !kept.Contains(fb.Format))
            {
                continue;
            }

            builder.Add(attribute);
        }

        if (!placed)
        {
            builder.AddRange(replacement);
        }

        return this with { Formats = kept, Attributes = builder.ToImmutable() };
    }

    /// <inheritdoc />
    public bool Equals(MediaDescription? other) =>
        other is not null && media == other.media && port == other.port && portCount == other.portCount &&
        protocol == other.protocol && formats.SequenceEqual(other.formats) && information == other.information &&
        connections.SequenceEqual(other.connections) && bandwidths.SequenceEqual(other.bandwidths) &&
        encryptionKey == other.encryptionKey && attributes.SequenceEqual(other.attributes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(media, port, protocol, formats.Length, attributes.Length);

    /// <summary>The media section as SDP text with secrets (<c>ice-pwd</c>, <c>crypto</c> keys, <c>k=</c>) redacted: for logs.</summary>
    public override string ToString() => SdpWriter.WriteMedia(this, redactSecrets: true);
}
