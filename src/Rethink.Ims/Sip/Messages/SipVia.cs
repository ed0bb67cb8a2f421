using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// One Via value (via-parm): sent-protocol, sent-by and parameters (RFC 3261 §20.42, RFC 3581 rport).
/// Slices of the message; nothing is copied.
/// </summary>
public readonly struct SipVia : ISipHeaderValue<SipVia>
{
    private readonly SipText _raw;
    private readonly ushort _nameStart, _nameLength, _versionStart, _versionLength, _transportStart, _transportLength;
    private readonly ushort _hostStart, _hostLength, _sentByLength, _paramsStart, _paramsLength;
    private readonly int _port;
    private readonly SipTransportKind _transport;
    private readonly SipHostKind _hostKind;
    private readonly SipParamSlot _branch, _received, _rport, _maddr;

    /// <summary>"sip/2.0/" as a little-endian word.</summary>
    private const ulong SipSlash20Slash = 0x2F302E322F706973UL;

    /// <summary>
    /// Fills <paramref name="via"/> field by field, as <see cref="SipUri"/> does: the top Via is parsed
    /// into a field of the message, and a value built by a constructor was block-copied there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fill(
        out SipVia via, SipText raw, (int S, int L) name, (int S, int L) version, (int S, int L) transport,
        SipTransportKind transportKind, (int S, int L) host, SipHostKind hostKind, int port, int sentByLength,
        (int S, int L) parameters, in SipKnownParams known)
    {
        Unsafe.SkipInit(out via);
        Unsafe.AsRef(in via._raw) = raw;
        Unsafe.AsRef(in via._branch) = known.Branch;
        Unsafe.AsRef(in via._received) = known.Received;
        Unsafe.AsRef(in via._rport) = known.Rport;
        Unsafe.AsRef(in via._maddr) = known.Maddr;
        (Unsafe.AsRef(in via._nameStart), Unsafe.AsRef(in via._nameLength)) = ((ushort)name.S, (ushort)name.L);
        (Unsafe.AsRef(in via._versionStart), Unsafe.AsRef(in via._versionLength)) = ((ushort)version.S, (ushort)version.L);
        (Unsafe.AsRef(in via._transportStart), Unsafe.AsRef(in via._transportLength)) = ((ushort)transport.S, (ushort)transport.L);
        Unsafe.AsRef(in via._transport) = transportKind;
        (Unsafe.AsRef(in via._hostStart), Unsafe.AsRef(in via._hostLength)) = ((ushort)host.S, (ushort)host.L);
        Unsafe.AsRef(in via._hostKind) = hostKind;
        Unsafe.AsRef(in via._port) = port;
        Unsafe.AsRef(in via._sentByLength) = (ushort)sentByLength;
        (Unsafe.AsRef(in via._paramsStart), Unsafe.AsRef(in via._paramsLength)) = ((ushort)parameters.S, (ushort)parameters.L);
    }

    /// <summary>The whole value as written.</summary>
    public SipText Raw => _raw;

    /// <summary>True for a default value (no Via).</summary>
    internal bool IsEmpty => _raw.IsEmpty;

    /// <summary>The protocol name, normally "SIP".</summary>
    public SipText ProtocolName => _raw.Slice(_nameStart, _nameLength);

    /// <summary>The protocol version, normally "2.0".</summary>
    public SipText ProtocolVersion => _raw.Slice(_versionStart, _versionLength);

    /// <summary>The transport token as written (UDP, TCP, TLS, SCTP, WS, WSS or another token).</summary>
    public SipText Transport => _raw.Slice(_transportStart, _transportLength);

    /// <summary>The transport, recognised case-insensitively.</summary>
    public SipTransportKind TransportKind => _transport;

    /// <summary>The sent-by host; an IPv6 reference keeps its brackets.</summary>
    public SipText Host => _raw.Slice(_hostStart, _hostLength);

    /// <summary>Whether the host is a name or an address.</summary>
    public SipHostKind HostKind => _hostKind;

    /// <summary>The sent-by port, or null when absent.</summary>
    public int? Port => _port < 0 ? null : _port;

    /// <summary>The sent-by (host and optional port) as written.</summary>
    public SipText SentBy => _raw.Slice(_hostStart, _sentByLength);

    /// <summary>All parameters (branch, received, rport, maddr, ttl and extensions).</summary>
    public SipParameters Parameters => new(_raw.Slice(_paramsStart, _paramsLength));

    /// <summary>The branch parameter, or empty.</summary>
    public SipText Branch => _branch.Value(_raw);

    /// <summary>True when the branch starts with the RFC 3261 magic cookie "z9hG4bK".</summary>
    public bool HasRfc3261Branch => Branch.Span.StartsWith("z9hG4bK"u8);

    /// <summary>The received parameter, or empty.</summary>
    public SipText Received => _received.Value(_raw);

    /// <summary>The maddr parameter, or empty.</summary>
    public SipText Maddr => _maddr.Value(_raw);

    /// <summary>True when the rport parameter is present, with or without a value (RFC 3581).</summary>
    public bool HasRport => _rport.IsPresent;

    /// <summary>The rport value, or null when rport is absent or has no value.</summary>
    public int? Rport => SipSyntax.TryParseDigits(_rport.Value(_raw).Span, 65535, out var port) ? (int)port : null;

    /// <summary>The ttl parameter, or null.</summary>
    public int? Ttl =>
        Parameters.TryGetValue("ttl"u8, out var v) && SipSyntax.TryParseDigits(v.Span, 255, out var ttl) ? (int)ttl : null;

    /// <summary>The value as written.</summary>
    public override string ToString() => Raw.ToString();

    /// <summary>Parses one value given as bytes; the result keeps slices of them.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipVia result) => TryParse(new SipText(value), out result);

    /// <summary>Parses one value of a message (or any <see cref="SipText"/>); the result keeps slices of it.</summary>
    public static bool TryParse(SipText value, out SipVia result)
    {
        result = default;
        var s = value.Span;
        if (s.Length > ushort.MaxValue)
        {
            return false;
        }

        var i = SipSyntax.SkipLws(s, 0);
        (int S, int L) name, version;
        if (s.Length - i >= 8 && (BinaryPrimitives.ReadUInt64LittleEndian(s[i..]) | 0x202020UL) == SipSlash20Slash)
        {
            // The usual "SIP/2.0/" in one compare (OR 0x20 folds the three letters only): what the
            // token and slash scans below would find, without their byte loops (SLASH = SWS "/" SWS,
            // so LWS may still follow).
            (name, version) = ((i, 3), (i + 4, 3));
            i = SipSyntax.SkipLws(s, i + 8);
        }
        else if (!ScanToken(s, ref i, out name) || !Slash(s, ref i) || !ScanToken(s, ref i, out version) || !Slash(s, ref i))
        {
            return false;
        }

        if (!ScanToken(s, ref i, out var transport))
        {
            return false;
        }

        // sent-protocol and sent-by are separated by LWS.
        var afterProtocol = i;
        i = SipSyntax.SkipLws(s, i);
        if (i == afterProtocol)
        {
            return false;
        }

        var hostStart = i;
        if (!SipUri.TryScanHostPortLws(s, ref i, out var host, out var hostKind, out var port, out var sentByEnd))
        {
            return false;
        }

        var paramsStart = SipSyntax.SkipLws(s, i);
        var known = default(SipKnownParams);
        if (!SipUriGrammar.IsValidHeaderParameters(s, paramsStart, ref known))
        {
            return false;
        }

        // rport is a flag or a port; anything else is malformed.
        var rport = known.Rport.Value(value);
        if (!rport.IsEmpty && !SipSyntax.TryParseDigits(rport.Span, 65535, out _))
        {
            return false;
        }

        var end = s.Length;
        while (end > paramsStart && SipSyntax.IsLws(s[end - 1]))
        {
            end--;
        }

        Fill(out result, value, name, version, transport, KindOf(s.Slice(transport.S, transport.L)), host,
            hostKind, port, sentByEnd - hostStart, (paramsStart, end - paramsStart), known);
        return true;
    }

    private static bool ScanToken(ReadOnlySpan<byte> s, ref int i, out (int S, int L) token)
    {
        token = default;
        if (i >= s.Length || !SipSyntax.IsToken(s[i]))
        {
            return false;
        }

        var end = SipSyntax.ScanToken(s, i);
        token = (i, end - i);
        i = end;
        return true;
    }

    private static bool Slash(ReadOnlySpan<byte> s, ref int i)
    {
        i = SipSyntax.SkipLws(s, i);
        if (i >= s.Length || s[i] != '/')
        {
            return false;
        }

        i = SipSyntax.SkipLws(s, i + 1);
        return true;
    }

    private static SipTransportKind KindOf(ReadOnlySpan<byte> t) => t.Length switch
    {
        3 when SipSyntax.EqualsFolded(t, "udp"u8) => SipTransportKind.Udp,
        3 when SipSyntax.EqualsFolded(t, "tcp"u8) => SipTransportKind.Tcp,
        3 when SipSyntax.EqualsFolded(t, "tls"u8) => SipTransportKind.Tls,
        3 when SipSyntax.EqualsFolded(t, "wss"u8) => SipTransportKind.Wss,
        2 when SipSyntax.EqualsFolded(t, "ws"u8) => SipTransportKind.Ws,
        4 when SipSyntax.EqualsFolded(t, "sctp"u8) => SipTransportKind.Sctp,
        8 when SipSyntax.EqualsFolded(t, "tls-sctp"u8) => SipTransportKind.TlsSctp,
        _ => SipTransportKind.Other,
    };
}
