using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rethink.Ims.Media.Control;

/// <summary>
/// One ng request, as Kamailio's <c>rtpengine</c> module sends it: the command, the dialog it belongs to,
/// the SDP body and the options. Keys are matched case-sensitively, with a space and a hyphen counting as the
/// same character (rtpengine documents <c>transport protocol</c>, Kamailio 5.6 sends <c>transport-protocol</c>).
/// Keys this type does not model stay in <see cref="Dictionary"/> and are otherwise ignored.
/// <see cref="ToString"/> never shows the SDP, which can hold ICE passwords and SDES keys.
/// </summary>
public sealed class NgRequest
{
    /// <summary>The command as sent (<c>offer</c>, <c>start recording</c>, ...).</summary>
    public required string Command { get; init; }

    /// <summary>The command, when it is one this server handles.</summary>
    public NgCommandKind Kind { get; init; }

    /// <summary><c>call-id</c>: the SIP Call-ID.</summary>
    public string? CallId { get; init; }

    /// <summary><c>from-tag</c>: the SIP From tag.</summary>
    public string? FromTag { get; init; }

    /// <summary><c>to-tag</c>: the SIP To tag (always present in an answer).</summary>
    public string? ToTag { get; init; }

    /// <summary><c>via-branch</c>: a Via branch that refines which call branch is meant.</summary>
    public string? ViaBranch { get; init; }

    /// <summary><c>label</c>: a free-form name for this call party.</summary>
    public string? Label { get; init; }

    /// <summary><c>sdp</c>: the SDP body as sent (a slice of the received datagram).</summary>
    public ReadOnlyMemory<byte>? Sdp { get; init; }

    /// <summary><c>flags</c>: flags as sent (<c>trust-address</c>, <c>symmetric</c>, <c>fragment</c>, ...).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary><c>replace</c>: which SDP parts to rewrite (<c>origin</c>, <c>session-connection</c>, ...).</summary>
    public IReadOnlyList<string> Replace { get; init; } = [];

    /// <summary><c>direction</c>: the logical interfaces of the offerer and of the recipient.</summary>
    public IReadOnlyList<string> Direction { get; init; } = [];

    /// <summary><c>supports</c>: protocol extensions the SIP proxy understands (Kamailio sends <c>load limit</c>).</summary>
    public IReadOnlyList<string> Supports { get; init; } = [];

    /// <summary><c>SDES</c> entries, plus <c>SDES-...</c> flags without their prefix (<c>off</c>, <c>no-NULL_HMAC_SHA1_32</c>, ...).</summary>
    public IReadOnlyList<string> Sdes { get; init; } = [];

    /// <summary><c>T.38</c> entries (<c>decode</c>, <c>force</c>, <c>stop</c>, ...).</summary>
    public IReadOnlyList<string> T38 { get; init; } = [];

    /// <summary><c>codec</c>: codec manipulation, merged with <c>codec-...</c> flags.</summary>
    public NgCodecOptions Codec { get; init; } = NgCodecOptions.Empty;

    /// <summary><c>rtcp-mux</c>: the known entries; unknown ones are left in <see cref="Dictionary"/>.</summary>
    public NgRtcpMuxOptions RtcpMux { get; init; }

    /// <summary><c>ICE</c>.</summary>
    public NgIceMode Ice { get; init; }

    /// <summary><c>DTLS</c>.</summary>
    public NgDtlsMode Dtls { get; init; }

    /// <summary><c>transport-protocol</c>: the protocol for the recipient's m-lines (<c>RTP/AVP</c>, <c>UDP/TLS/RTP/SAVPF</c>, ...).</summary>
    public string? TransportProtocol { get; init; }

    /// <summary><c>address-family</c>: <c>IP4</c> or <c>IP6</c> for the recipient.</summary>
    public string? AddressFamily { get; init; }

    /// <summary><c>media-address</c>: an address to use instead of the SDP's.</summary>
    public string? MediaAddress { get; init; }

    /// <summary><c>received-from</c>: the SIP message's source.</summary>
    public NgReceivedFrom? ReceivedFrom { get; init; }

    /// <summary><c>record-call</c> (<c>yes</c>/<c>on</c> or <c>no</c>/<c>off</c>), or the <c>record-call</c> flag; null when not said.</summary>
    public bool? RecordCall { get; init; }

    /// <summary><c>delete-delay</c> in seconds (an integer, or a string of digits as Kamailio also sends it).</summary>
    public int? DeleteDelay { get; init; }

    /// <summary><c>TOS</c>: the IP TOS byte for the call's packets.</summary>
    public int? Tos { get; init; }

    /// <summary>The whole request dictionary, including keys not modelled here.</summary>
    public required BencodeValue Dictionary { get; init; }

    /// <summary>True when the proxy accepts a <c>load limit</c> result instead of an error.</summary>
    public bool SupportsLoadLimit => Supports.Any(s => Matches(s, "load-limit"));

    /// <summary>True when <see cref="Flags"/> holds <paramref name="flag"/> (a space and a hyphen count as the same).</summary>
    public bool HasFlag(string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        return Flags.Any(f => Matches(f, flag));
    }

    /// <summary>The SDP decoded as UTF-8, or null when there is none.</summary>
    public string? GetSdpText() => Sdp is { } sdp ? Encoding.UTF8.GetString(sdp.Span) : null;

    /// <summary>Turns a request dictionary into an <see cref="NgRequest"/>, checking the keys its command needs.</summary>
    public static bool TryParse(BencodeValue dictionary, [NotNullWhen(true)] out NgRequest? request, out NgRequestError error)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        request = null;
        var parser = new Parser();
        error = parser.Parse(dictionary);
        if (error.Kind != NgRequestErrorKind.None)
        {
            return false;
        }

        var kind = CommandKind(parser.Command!);
        error = kind switch
        {
            NgCommandKind.Offer => Require(("call-id", parser.CallId), ("from-tag", parser.FromTag), ("sdp", parser.Sdp)),
            NgCommandKind.Answer => Require(("call-id", parser.CallId), ("from-tag", parser.FromTag), ("to-tag", parser.ToTag), ("sdp", parser.Sdp)),
            NgCommandKind.Delete => Require(("call-id", parser.CallId), ("from-tag", parser.FromTag)),
            NgCommandKind.Query => Require(("call-id", parser.CallId)),
            _ => NgRequestError.None,
        };
        if (error.Kind != NgRequestErrorKind.None)
        {
            return false;
        }

        request = new NgRequest
        {
            Command = parser.Command!,
            Kind = kind,
            CallId = parser.CallId,
            FromTag = parser.FromTag,
            ToTag = parser.ToTag,
            ViaBranch = parser.ViaBranch,
            Label = parser.Label,
            Sdp = parser.Sdp,
            Flags = parser.Flags,
            Replace = parser.Replace,
            Direction = parser.Direction,
            Supports = parser.Supports,
            Sdes = [.. parser.Sdes, .. parser.Flags.Where(f => f.StartsWith("SDES-", StringComparison.Ordinal)).Select(f => f[5..])],
            T38 = parser.T38,
            Codec = parser.CodecOptions(),
            RtcpMux = parser.RtcpMux,
            Ice = parser.Ice,
            Dtls = parser.Dtls,
            TransportProtocol = parser.TransportProtocol,
            AddressFamily = parser.AddressFamily,
            MediaAddress = parser.MediaAddress,
            ReceivedFrom = parser.ReceivedFrom,
            RecordCall = parser.RecordCall ?? (parser.Flags.Any(f => Matches(f, "record-call")) ? true : null),
            DeleteDelay = parser.DeleteDelay,
            Tos = parser.Tos,
            Dictionary = dictionary,
        };
        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder(Command);
        Append(text, "call-id", CallId);
        Append(text, "from-tag", FromTag);
        Append(text, "to-tag", ToTag);
        Append(text, "via-branch", ViaBranch);
        if (Sdp is { } sdp)
        {
            text.Append(" sdp=<").Append(sdp.Length).Append(" bytes>");
        }

        if (Flags.Count > 0)
        {
            text.Append(" flags=[").AppendJoin(',', Flags).Append(']');
        }

        return text.ToString();
    }

    /// <summary>Compares ng names with a space and a hyphen as the same character; case-sensitive, as ng is.</summary>
    internal static bool Matches(string value, string canonical)
    {
        if (value.Length != canonical.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i] == ' ' ? '-' : value[i];
            var d = canonical[i] == ' ' ? '-' : canonical[i];
            if (c != d)
            {
                return false;
            }
        }

        return true;
    }

    private static NgCommandKind CommandKind(string command) => command switch
    {
        "ping" => NgCommandKind.Ping,
        "offer" => NgCommandKind.Offer,
        "answer" => NgCommandKind.Answer,
        "delete" => NgCommandKind.Delete,
        "query" => NgCommandKind.Query,
        _ => NgCommandKind.Other,
    };

    private static NgRequestError Require(params ReadOnlySpan<(string Key, object? Value)> keys)
    {
        foreach (var (key, value) in keys)
        {
            if (value is null)
            {
                return new NgRequestError(NgRequestErrorKind.MissingKey, key);
            }
        }

        return NgRequestError.None;
    }

    private static void Append(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(' ').Append(name).Append('=').Append(value);
        }
    }

    /// <summary>Walks the dictionary once, checking the type of every key it knows.</summary>
    private sealed class Parser
    {
        private readonly Dictionary<string, List<string>> _codec = new(StringComparer.Ordinal);

        public string? Command { get; private set; }

        public string? CallId { get; private set; }

        public string? FromTag { get; private set; }

        public string? ToTag { get; private set; }

        public string? ViaBranch { get; private set; }

        public string? Label { get; private set; }

        public ReadOnlyMemory<byte>? Sdp { get; private set; }

        public List<string> Flags { get; private set; } = [];

        public List<string> Replace { get; private set; } = [];

        public List<string> Direction { get; private set; } = [];

        public List<string> Supports { get; private set; } = [];

        public List<string> Sdes { get; private set; } = [];

        public List<string> T38 { get; private set; } = [];

        public NgRtcpMuxOptions RtcpMux { get; private set; }

        public NgIceMode Ice { get; private set; }

        public NgDtlsMode Dtls { get; private set; }

        public string? TransportProtocol { get; private set; }

        public string? AddressFamily { get; private set; }

        public string? MediaAddress { get; private set; }

        public NgReceivedFrom? ReceivedFrom { get; private set; }

        public bool? RecordCall { get; private set; }

        public int? DeleteDelay { get; private set; }

        public int? Tos { get; private set; }

        public NgRequestError Parse(BencodeValue dictionary)
        {
            if (dictionary.Kind != BencodeKind.Dictionary)
            {
                return new NgRequestError(NgRequestErrorKind.NotADictionary, null);
            }

            foreach (var (keyBytes, value) in dictionary.Entries)
            {
                var key = Encoding.UTF8.GetString(keyBytes.Span);
                if (!Accept(key, value, out var canonical))
                {
                    return new NgRequestError(NgRequestErrorKind.WrongType, canonical);
                }
            }

            return Command is null ? new NgRequestError(NgRequestErrorKind.MissingKey, "command") : NgRequestError.None;
        }

        public NgCodecOptions CodecOptions()
        {
            foreach (var flag in Flags)
            {
                // codec-OPERATION-CODEC in the flags list equals an entry of the codec dictionary.
                if (flag.StartsWith("codec-", StringComparison.Ordinal) && flag.IndexOf('-', 6) is var dash and > 6)
                {
                    Add(flag[6..dash], [flag[(dash + 1)..]]);
                }
            }

            if (_codec.Count == 0)
            {
                return NgCodecOptions.Empty;
            }

            return new NgCodecOptions
            {
                Strip = Get("strip"),
                Offer = Get("offer"),
                Transcode = Get("transcode"),
                Mask = Get("mask"),
                Set = Get("set"),
                Except = Get("except"),
                Accept = Get("accept"),
                Consume = Get("consume"),
            };

            IReadOnlyList<string> Get(string operation) => _codec.TryGetValue(operation, out var list) ? list : [];
        }

        private void Add(string operation, List<string> codecs)
        {
            if (!_codec.TryGetValue(operation, out var list))
            {
                _codec[operation] = list = [];
            }

            list.AddRange(codecs);
        }

        /// <summary>Takes one entry; false when a known key has the wrong type (<paramref name="canonical"/> names it).</summary>
        private bool Accept(string key, BencodeValue value, out string canonical)
        {
            canonical = key;
            switch (key.Replace(' ', '-'))
            {
                case "command":
                    return Text(value, v => Command = v);
                case "call-id":
                    return Text(value, v => CallId = v);
                case "from-tag":
                    return Text(value, v => FromTag = v);
                case "to-tag":
                    return Text(value, v => ToTag = v);
                case "via-branch":
                    return Text(value, v => ViaBranch = v);
                case "label":
                    return Text(value, v => Label = v);
                case "sdp":
                    canonical = "sdp";
                    if (value.Kind != BencodeKind.ByteString)
                    {
                        return false;
                    }

                    Sdp = value.Bytes;
                    return true;
                case "flags":
                    return Strings(value, v => Flags = v);
                case "replace":
                    return Strings(value, v => Replace = v);
                case "direction":
                    return Strings(value, v => Direction = v);
                case "supports":
                    return Strings(value, v => Supports = v);
                case "SDES":
                    return Strings(value, v => Sdes = v);
                case "T.38":
                    return Strings(value, v => T38 = v);
                case "rtcp-mux":
                    return Strings(value, v => RtcpMux = v.Aggregate(NgRtcpMuxOptions.None, (all, s) => all | RtcpMuxOption(s)));
                case "ICE":
                    return Text(value, v => Ice = IceMode(v));
                case "DTLS":
                    return Text(value, v => Dtls = DtlsMode(v));
                case "transport-protocol":
                    canonical = "transport-protocol";
                    return Text(value, v => TransportProtocol = v);
                case "address-family":
                    canonical = "address-family";
                    return Text(value, v => AddressFamily = v);
                case "media-address":
                    canonical = "media-address";
                    return Text(value, v => MediaAddress = v);
                case "record-call":
                    canonical = "record-call";
                    return Text(value, v => RecordCall = v switch
                    {
                        "yes" or "on" => true,
                        "no" or "off" => false,
                        _ => null,
                    });
                case "received-from":
                    canonical = "received-from";
                    if (value.Kind != BencodeKind.List || value.Count != 2
                        || value.Items[0].Kind != BencodeKind.ByteString || value.Items[1].Kind != BencodeKind.ByteString)
                    {
                        return false;
                    }

                    ReceivedFrom = new NgReceivedFrom(value.Items[0].GetString(), value.Items[1].GetString());
                    return true;
                case "codec":
                    if (value.Kind != BencodeKind.Dictionary)
                    {
                        return false;
                    }

                    foreach (var (operation, codecs) in value.Entries)
                    {
                        if (!Strings(codecs, v => Add(Encoding.UTF8.GetString(operation.Span), v)))
                        {
                            return false;
                        }
                    }

                    return true;
                case "delete-delay":
                    canonical = "delete-delay";
                    return Integer(value, v => DeleteDelay = v);
                case "TOS":
                    return Integer(value, v => Tos = v);
                default:
                    return true;
            }
        }

        private static bool Text(BencodeValue value, Action<string> set)
        {
            if (value.Kind != BencodeKind.ByteString)
            {
                return false;
            }

            set(value.GetString());
            return true;
        }

        /// <summary>A list of strings; a single string counts as a list of one.</summary>
        private static bool Strings(BencodeValue value, Action<List<string>> set)
        {
            if (value.Kind == BencodeKind.ByteString)
            {
                set([value.GetString()]);
                return true;
            }

            if (value.Kind != BencodeKind.List || value.Items.Any(i => i.Kind != BencodeKind.ByteString))
            {
                return false;
            }

            set([.. value.Items.Select(i => i.GetString())]);
            return true;
        }

        /// <summary>An integer in the int range, given as a number or as a string of decimal digits.</summary>
        private static bool Integer(BencodeValue value, Action<int> set)
        {
            switch (value.Kind)
            {
                case BencodeKind.Number when value.Number is >= int.MinValue and <= int.MaxValue:
                    set((int)value.Number);
                    return true;
                case BencodeKind.ByteString when int.TryParse(value.Bytes.Span, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed):
                    set(parsed);
                    return true;
                default:
                    return false;
            }
        }

        private static NgRtcpMuxOptions RtcpMuxOption(string value) => value switch
        {
            "offer" => NgRtcpMuxOptions.Offer,
            "require" => NgRtcpMuxOptions.Require,
            "demux" => NgRtcpMuxOptions.Demux,
            "accept" => NgRtcpMuxOptions.Accept,
            "reject" => NgRtcpMuxOptions.Reject,
            _ => NgRtcpMuxOptions.None,
        };

        private static NgIceMode IceMode(string value) => value.Replace(' ', '-').ToUpperInvariant() switch
        {
            "DEFAULT" => NgIceMode.Default,
            "REMOVE" => NgIceMode.Remove,
            "FORCE" => NgIceMode.Force,
            "FORCE-RELAY" => NgIceMode.ForceRelay,
            "OPTIONAL" => NgIceMode.Optional,
            _ => NgIceMode.Other,
        };

        private static NgDtlsMode DtlsMode(string value) => value.ToUpperInvariant() switch
        {
            "OFF" or "NO" or "DISABLE" => NgDtlsMode.Off,
            "PASSIVE" => NgDtlsMode.Passive,
            "ACTIVE" => NgDtlsMode.Active,
            _ => NgDtlsMode.Other,
        };
    }
}
