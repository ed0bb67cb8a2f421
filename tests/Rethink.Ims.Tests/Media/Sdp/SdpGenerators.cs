using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Tests.Media.Sdp;

/// <summary>Well-formed SDP text generated line by line, independently of the writer under test.</summary>
public sealed record WellFormedSdp(string Text)
{
    public override string ToString() => Text;
}

/// <summary>A sample SDP after random edits (characters and lines inserted, deleted, swapped).</summary>
public sealed record MutatedSdp(string Text)
{
    public override string ToString() => Text;
}

/// <summary>An offer (any mix of media, protocols, codecs, directions) and what we answer with.</summary>
public sealed record OfferCase(SessionDescription Offer, AnswerOptions Options)
{
    public override string ToString() =>
        $"{Offer.ToSdp()}-- codecs {string.Join(',', Options.Codecs.Select(c => $"{c.EncodingName}/{c.ClockRate}/{c.Parameters}"))}; " +
        $"protocols {string.Join(',', Options.Protocols)}; direction {Options.Direction}; order {Options.CodecOrder}; single {Options.SingleCodec}; max {Options.MaxAcceptedMedia}";
}

/// <summary>A browser-like WebRTC offer (Chrome or Firefox shape, audio/video/data, candidates, BUNDLE).</summary>
public sealed record WebRtcOfferCase(SessionDescription Offer, AnswerOptions ImsCore)
{
    public override string ToString() => Offer.ToSdp() + $"-- IMS codecs {string.Join(',', ImsCore.Codecs.Select(c => c.EncodingName + "/" + c.ClockRate))}";
}

/// <summary>Registers the generators with FsCheck.</summary>
public static class SdpArbitraries
{
    public static Arbitrary<WellFormedSdp> WellFormed() => Arb.From(SdpGenerators.WellFormedText.Select(t => new WellFormedSdp(t)));

    public static Arbitrary<MutatedSdp> Mutated() => Arb.From(SdpGenerators.MutatedText.Select(t => new MutatedSdp(t)));

    public static Arbitrary<OfferCase> Offers() => Arb.From(SdpGenerators.OfferCases);

    public static Arbitrary<WebRtcOfferCase> WebRtcOffers() => Arb.From(SdpGenerators.WebRtcOfferCases);
}

internal static class SdpGenerators
{
    private const string TokenChars = "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~";

    private static readonly Gen<char> TextChar = Gen.Frequency(
        (8, Gen.Elements(TokenChars.ToCharArray())),
        (3, Gen.Elements(' ', ':', '/', '=', ';', '@', '<', '>', '"', ',', '(', ')', '\t')),
        (1, Gen.Elements('é', 'ß', 'Ω', '☎', '中')));

    private static readonly Gen<string> Token =
        Gen.Choose(1, 10).SelectMany(n => Gen.ArrayOf(Gen.Elements(TokenChars.ToCharArray()), n)).Select(a => new string(a));

    private static readonly Gen<string> Text =
        Gen.Choose(0, 24).SelectMany(n => Gen.ArrayOf(TextChar, n)).Select(a => new string(a));

    private static readonly Gen<string> Word =
        Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(TextChar.Where(c => c != ' '), n)).Select(a => new string(a));

    private static readonly Gen<string> Number =
        Gen.Frequency((3, Gen.Choose(0, 9)), (2, Gen.Choose(0, int.MaxValue))).Select(n => n.ToString(CultureInfo.InvariantCulture));

    private static readonly Gen<string> BigNumber =
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        select (((ulong)high << 32) | (uint)low).ToString(CultureInfo.InvariantCulture);

    private static Gen<string> Lines(char type, Gen<string> value, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(value, n)).Select(values => string.Concat(values.Select(v => $"{type}={v}\r\n")));

    private static Gen<string> Optional(char type, Gen<string> value) => Lines(type, value, 1);

    private static readonly Gen<string> Attribute = Gen.OneOf(
        Token,
        from name in Token
        from value in Text
        select name + ":" + value);

    private static readonly Gen<string> Connection =
        from net in Word
        from type in Word
        from address in Word
        select $"{net} {type} {address}";

    private static readonly Gen<string> Bandwidth =
        from type in Token
        from value in Number
        select $"{type}:{value}";

    private static readonly Gen<string> Timing =
        from start in Gen.OneOf(Gen.Constant("0"), BigNumber)
        from stop in Gen.OneOf(Gen.Constant("0"), BigNumber)
        from repeats in Lines('r', Text, 2)
        select $"t={start} {stop}\r\n{repeats}";

    private static readonly Gen<string> Media =
        from media in Token
        from port in Gen.Choose(0, 65535)
        from count in Gen.Frequency((4, Gen.Constant("")), (1, Gen.Choose(1, 8).Select(c => "/" + c.ToString(CultureInfo.InvariantCulture))))
        from protocol in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Token, n)).Select(parts => string.Join('/', parts))
        from formats in Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Token, n))
        from information in Optional('i', Text)
        from connections in Lines('c', Connection, 2)
        from bandwidths in Lines('b', Bandwidth, 2)
        from key in Optional('k', Text)
        from attributes in Lines('a', Attribute, 8)
        select $"m={media} {port}{count} {protocol}{string.Concat(formats.Select(f => " " + f))}\r\n{information}{connections}{bandwidths}{key}{attributes}";

    public static readonly Gen<string> WellFormedText =
        from origin in Gen.ArrayOf(Word, 6)
        from name in Text
        from information in Optional('i', Text)
        from uri in Optional('u', Text)
        from emails in Lines('e', Text, 2)
        from phones in Lines('p', Text, 2)
        from connection in Optional('c', Connection)
        from bandwidths in Lines('b', Bandwidth, 2)
        from timings in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Timing, n))
        from zones in Optional('z', Text)
        from key in Optional('k', Text)
        from attributes in Lines('a', Attribute, 6)
        from media in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Media, n))
        select $"v=0\r\no={string.Join(' ', origin)}\r\ns={name}\r\n{information}{uri}{emails}{phones}{connection}{bandwidths}" +
               $"{string.Concat(timings)}{zones}{key}{attributes}{string.Concat(media)}";

    private static readonly string[] Samples = [.. SdpSamples.All().Select(row => (string)row[1])];

    private static readonly Gen<char> NoiseChar = Gen.Frequency(
        (4, TextChar),
        (2, Gen.Elements('\r', '\n', '\0', '=', ':', ' ', '/', '-', '0', '9', 'v', 'o', 's', 't', 'm', 'a', 'c')),
        (1, Gen.Choose(0, 0xFFFF).Select(c => (char)c)));

    private static Gen<string> Mutate(string text) =>
        from kind in Gen.Choose(0, 7)
        from position in Gen.Choose(0, Math.Max(0, text.Length - 1))
        from other in Gen.Choose(0, Math.Max(0, text.Length - 1))
        from c in NoiseChar
        select Apply(text, kind, position, other, c);

    private static string Apply(string text, int kind, int position, int other, char c)
    {
        if (text.Length == 0)
        {
            return c.ToString();
        }

        var lines = text.Split("\r\n").ToList();
        var line = position % lines.Count;
        var otherLine = other % lines.Count;
        switch (kind)
        {
            case 0: return text.Remove(position, 1);
            case 1: return text.Insert(position, c.ToString());
            case 2: return text[..position] + c + text[(position + 1)..];
            case 3: lines.Insert(otherLine, lines[line]); break;
            case 4: lines.RemoveAt(line); break;
            case 5: (lines[line], lines[otherLine]) = (lines[otherLine], lines[line]); break;
            case 6: return text[..position];
            default: return text.Replace("\r\n", "\n", StringComparison.Ordinal).Insert(Math.Min(position, text.Length / 2), "  ");
        }

        return string.Join("\r\n", lines);
    }

    public static readonly Gen<string> MutatedText =
        from sample in Gen.Elements(Samples)
        from edits in Gen.Choose(1, 6)
        from mutated in Enumerable.Range(0, edits).Aggregate(Gen.Constant(sample), (g, _) => g.SelectMany(Mutate))
        select mutated;

    // ---- offers for offer/answer and rewriting laws ----

    private static readonly (string Name, int Rate, int? Channels, string? Fmtp, int? StaticPt)[] CodecPool =
    [
        ("PCMU", 8000, null, null, 0),
        ("PCMA", 8000, null, null, 8),
        ("G722", 8000, null, null, 9),
        ("G729", 8000, null, "annexb=no", 18),
        ("CN", 8000, null, null, 13),
        ("opus", 48000, 2, "minptime=10;useinbandfec=1", null),
        ("AMR", 8000, 1, "mode-change-capability=2", null),
        ("AMR", 8000, 1, "octet-align=1", null),
        ("AMR-WB", 16000, 1, null, null),
        ("AMR-WB", 16000, 1, "octet-align=1;max-red=0", null),
        ("telephone-event", 8000, null, "0-15", null),
        ("telephone-event", 16000, null, "0-16", null),
        ("telephone-event", 48000, null, "0-16", null),
        ("iLBC", 8000, null, "mode=30", null),
        ("VP8", 90000, null, null, null),
    ];

    private static readonly SdpCodec[] OurCodecPool =
    [
        SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.G722, SdpCodec.Opus, SdpCodec.Amr, SdpCodec.Amr with { Parameters = "octet-align=1" },
        SdpCodec.AmrWb, SdpCodec.TelephoneEvent8000, SdpCodec.TelephoneEvent16000, SdpCodec.TelephoneEvent48000,
    ];

    private static readonly Gen<MediaDirection?> Direction =
        Gen.Elements<MediaDirection?>(null, MediaDirection.SendRecv, MediaDirection.SendOnly, MediaDirection.RecvOnly, MediaDirection.Inactive);

    /// <summary>Formats drawn from the pool, static ones sometimes without rtpmap, dynamic ones on distinct numbers from 96.</summary>
    private static readonly Gen<(string[] Formats, SdpAttributeLine[] Attributes)> Codecs =
        from picked in Gen.SubListOf(CodecPool)
        from shuffled in Gen.Shuffle(picked.ToArray())
        from dynamic in Gen.Shuffle(Enumerable.Range(96, 32).ToArray())
        from writeStaticRtpmap in Gen.ArrayOf(Gen.Elements(true, false), shuffled.Length)
        select BuildCodecs(shuffled, dynamic, writeStaticRtpmap);

    private static (string[], SdpAttributeLine[]) BuildCodecs(
        (string Name, int Rate, int? Channels, string? Fmtp, int? StaticPt)[] codecs, int[] dynamic, bool[] writeStaticRtpmap)
    {
        var formats = new List<string>();
        var attributes = new List<SdpAttributeLine>();
        for (var i = 0; i < codecs.Length; i++)
        {
            var codec = codecs[i];
            var pt = codec.StaticPt ?? dynamic[i];
            formats.Add(pt.ToString(CultureInfo.InvariantCulture));
            if (codec.StaticPt is null || writeStaticRtpmap[i])
            {
                attributes.Add(new RtpMap(pt, codec.Name, codec.Rate, codec.Channels).ToAttribute());
            }

            if (codec.Fmtp is not null)
            {
                attributes.Add(new Fmtp(pt.ToString(CultureInfo.InvariantCulture), codec.Fmtp).ToAttribute());
            }
        }

        return ([.. formats], [.. attributes]);
    }

    private static readonly Gen<MediaDescription> PlainMedia =
        from media in Gen.Frequency((6, Gen.Constant("audio")), (1, Gen.Constant("video")), (1, Gen.Constant("image")))
        from port in Gen.Frequency((5, Gen.Choose(1024, 65535)), (1, Gen.Constant(0)))
        from protocol in Gen.Frequency((6, Gen.Constant("RTP/AVP")), (1, Gen.Constant("RTP/AVPF")), (1, Gen.Constant("RTP/SAVP")), (1, Gen.Constant("udptl")))
        from codecs in Codecs
        from direction in Direction
        from mid in Gen.Elements<string?>(null, "a", "audio1")
        from extra in Gen.Elements<SdpAttributeLine[]>([], [new("ptime", "20")], [new("curr", "qos local none"), new("des", "qos mandatory local sendrecv")])
        select Build(new MediaDescription(media, port, protocol) { Formats = [.. codecs.Formats] }, codecs.Attributes, direction, mid, extra);

    private static MediaDescription Build(MediaDescription media, SdpAttributeLine[] codecs, MediaDirection? direction, string? mid, SdpAttributeLine[] extra)
    {
        var result = media.WithAttributes(codecs).WithAttributes(extra);
        if (mid is not null)
        {
            result = result.WithAttributes(new SdpAttributeLine("mid", mid));
        }

        return direction is { } d ? result.WithDirection(d) : result;
    }

    public static readonly Gen<SessionDescription> PlainOffers =
        from media in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(PlainMedia, n))
        from sessionDirection in Direction
        select WithDirection(new SessionDescription(new SdpOrigin("peer", "1", "1", "IN", "IP4", "198.51.100.1"))
        {
            Connection = SdpConnection.ForAddress("198.51.100.1"),
            Media = [.. media],
        }, sessionDirection);

    private static SessionDescription WithDirection(SessionDescription session, MediaDirection? direction) =>
        direction is { } d ? session.WithAttributes(d.ToAttribute()) : session;

    private static readonly Gen<AnswerOptions> AnswerOptionsGen =
        from codecs in Gen.SubListOf(OurCodecPool)
        from shuffled in Gen.Shuffle(codecs.ToArray())
        from protocols in Gen.Frequency(
            (3, Gen.Constant(new List<string> { "RTP/AVP", "rtp/avpf" })),
            (1, Gen.SubListOf(new[] { "RTP/AVP", "rtp/avpf", "RTP/SAVP", "UDP/TLS/RTP/SAVPF" })))
        from direction in Gen.Elements(MediaDirection.SendRecv, MediaDirection.SendOnly, MediaDirection.RecvOnly, MediaDirection.Inactive)
        from order in Gen.Elements(CodecPreference.Offerer, CodecPreference.Answerer)
        from single in Gen.Elements(true, false)
        from max in Gen.Choose(1, 3)
        from port in Gen.Choose(1024, 65535)
        select new AnswerOptions
        {
            Origin = new SdpOrigin("-", "2", "1", "IN", "IP4", "192.0.2.50"),
            Address = "192.0.2.50",
            Port = port,
            Codecs = [.. shuffled],
            Protocols = [.. protocols],
            Direction = direction,
            CodecOrder = order,
            SingleCodec = single,
            MaxAcceptedMedia = max,
        };

    public static readonly Gen<OfferCase> OfferCases =
        from offer in PlainOffers
        from options in AnswerOptionsGen
        select new OfferCase(offer, options);

    private static readonly Gen<IceCandidate> Candidate =
        from foundation in Gen.Choose(0, int.MaxValue)
        from mdns in Gen.Elements(true, false)
        from address in Gen.Elements("192.0.2.10", "2001:db8::10", "1f4712db-ea17-4bcf-a596-105139dfd8bf.local")
        from tcp in Gen.Elements(true, false)
        from port in Gen.Choose(1, 65535)
        select tcp
            ? new IceCandidate(foundation.ToString(CultureInfo.InvariantCulture), 1, "tcp", 1518280447, address, 9, "host") { Extensions = [new("tcptype", "active"), new("generation", "0")] }
            : new IceCandidate(foundation.ToString(CultureInfo.InvariantCulture), 1, "udp", 2122260223, address, port, "host") { Extensions = [new("generation", "0")] };

    private static Gen<MediaDescription> WebRtcMedia(int index) =>
        from media in Gen.Frequency((4, Gen.Constant("audio")), (1, Gen.Constant("video")), (1, Gen.Constant("application")))
        from port in Gen.Frequency((5, Gen.Constant(9)), (2, Gen.Choose(1024, 65535)), (1, Gen.Constant(0)))
        from bundleOnly in Gen.Elements(true, false)
        from codecs in Codecs
        from candidates in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Candidate, n))
        from setup in Gen.Elements(DtlsSetup.ActPass, DtlsSetup.Active, DtlsSetup.Passive)
        from direction in Direction
        from muxed in Gen.Elements(true, false)
        select BuildWebRtc(index, media, port, bundleOnly, codecs, candidates, setup, direction, muxed);

    private static MediaDescription BuildWebRtc(
        int index, string mediaType, int port, bool bundleOnly, (string[] Formats, SdpAttributeLine[] Attributes) codecs,
        IceCandidate[] candidates, DtlsSetup setup, MediaDirection? direction, bool muxed)
    {
        var data = mediaType == "application";
        var media = new MediaDescription(mediaType, port, data ? "UDP/DTLS/SCTP" : "UDP/TLS/RTP/SAVPF")
        {
            Formats = data ? ["webrtc-datachannel"] : [.. codecs.Formats],
            Connections = [SdpConnection.ForAddress("0.0.0.0")],
            Bandwidths = [new SdpBandwidth("AS", 64)],
        };
        var attributes = new List<SdpAttributeLine>
        {
            new("rtcp", "9 IN IP4 0.0.0.0"),
        };
        attributes.AddRange(candidates.Select(c => c.ToAttribute()));
        attributes.Add(new("ice-ufrag", "EsAw"));
        attributes.Add(new("ice-pwd", "bP+XJMM09aR8AiX1jdukzR6Y"));
        attributes.Add(new("ice-options", "trickle"));
        attributes.Add(new DtlsFingerprint("sha-256", [.. Enumerable.Range(0, 32).Select(i => (byte)i)]).ToAttribute());
        attributes.Add(setup.ToAttribute());
        attributes.Add(new("mid", index.ToString(CultureInfo.InvariantCulture)));
        if (port == 0 && bundleOnly)
        {
            attributes.Add(new("bundle-only"));
        }

        if (!data)
        {
            attributes.Add(new Extmap(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level").ToAttribute());
            attributes.Add(new Extmap(2, "urn:ietf:params:rtp-hdrext:sdes:mid", MediaDirection.SendRecv).ToAttribute());
            if (direction is { } d)
            {
                attributes.Add(d.ToAttribute());
            }

            attributes.Add(new MediaStreamId("-", "track" + index.ToString(CultureInfo.InvariantCulture)).ToAttribute());
            if (muxed)
            {
                attributes.Add(new("rtcp-mux"));
            }

            attributes.Add(new("rtcp-rsize"));
            attributes.AddRange(codecs.Attributes);
            attributes.AddRange(codecs.Formats.Select(f => new RtcpFeedback(f, "transport-cc").ToAttribute()));
            attributes.Add(new("x-custom", "kept " + index.ToString(CultureInfo.InvariantCulture)));
            attributes.Add(new SsrcLine(1000 + (uint)index, "cname", "abc").ToAttribute());
            attributes.Add(new("ssrc-group", "FID 1 2"));
        }
        else
        {
            attributes.Add(new("sctp-port", "5000"));
            attributes.Add(new("max-message-size", "262144"));
        }

        return media with { Attributes = [.. attributes] };
    }

    public static readonly Gen<SessionDescription> WebRtcOffers =
        from count in Gen.Choose(1, 3)
        from media in Gen.CollectToArray(Enumerable.Range(0, count).Select(WebRtcMedia))
        from bundle in Gen.Elements(true, false)
        from firefox in Gen.Elements(true, false)
        select BuildWebRtcSession(media, bundle, firefox);

    private static SessionDescription BuildWebRtcSession(MediaDescription[] media, bool bundle, bool firefox)
    {
        var attributes = new List<SdpAttributeLine>();
        if (bundle)
        {
            attributes.Add(new SdpGroup("BUNDLE", [.. media.Select(m => m.Mid!)]).ToAttribute());
        }

        attributes.Add(new("extmap-allow-mixed"));
        attributes.Add(new("msid-semantic", " WMS"));
        if (firefox)
        {
            attributes.Add(new("sendrecv"));
            attributes.Add(new("ice-options", "trickle"));
        }

        return new SessionDescription(new SdpOrigin("-", "4611731400430051336", "2", "IN", "IP4", "127.0.0.1"))
        {
            Attributes = [.. attributes],
            Media = [.. media],
        };
    }

    public static readonly Gen<WebRtcOfferCase> WebRtcOfferCases =
        from offer in WebRtcOffers
        from codecs in Gen.SubListOf(new[] { SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.G722, SdpCodec.TelephoneEvent8000 })
        from direction in Gen.Elements(MediaDirection.SendRecv, MediaDirection.SendOnly, MediaDirection.RecvOnly)
        select new WebRtcOfferCase(offer, BridgeOptions.ImsCore with { Codecs = [.. codecs], Direction = direction });

}
