using System.Buffers.Binary;
using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Canonical names and compact forms of the <see cref="SipHeaderId"/> headers, and the
/// case-insensitive lookup the parser uses to recognise them.
/// </summary>
public static class SipHeaderNames
{
    private static readonly string[] Names = BuildNames();
    private static readonly byte[][] NameBytes = Array.ConvertAll(Names, Encoding.ASCII.GetBytes);
    private static readonly SipHeaderId[] CompactToId = BuildCompact();
    private static readonly byte[] IdToCompact = BuildIdToCompact();
    private static readonly byte[][] LowerNames = Array.ConvertAll(Names, n => Encoding.ASCII.GetBytes(n.ToLowerInvariant()));
    private static readonly SipHeaderId[] Table = BuildTable();

    // The first eight bytes of each lower-case name, zero-padded: most names are decided by one compare.
    private static readonly ulong[] LowerHeads = Array.ConvertAll(LowerNames, n => n.Length == 0 ? 0 : Folded8(n, 0));

    private static string[] BuildNames()
    {
        var n = new string[(int)SipHeaderId.WwwAuthenticate + 1];
        n[(int)SipHeaderId.Unknown] = string.Empty;
        n[(int)SipHeaderId.Accept] = "Accept";
        n[(int)SipHeaderId.AcceptContact] = "Accept-Contact";
        n[(int)SipHeaderId.AcceptEncoding] = "Accept-Encoding";
        n[(int)SipHeaderId.AcceptLanguage] = "Accept-Language";
        n[(int)SipHeaderId.AlertInfo] = "Alert-Info";
        n[(int)SipHeaderId.Allow] = "Allow";
        n[(int)SipHeaderId.AllowEvents] = "Allow-Events";
        n[(int)SipHeaderId.AuthenticationInfo] = "Authentication-Info";
        n[(int)SipHeaderId.Authorization] = "Authorization";
        n[(int)SipHeaderId.CallId] = "Call-ID";
        n[(int)SipHeaderId.CallInfo] = "Call-Info";
        n[(int)SipHeaderId.Contact] = "Contact";
        n[(int)SipHeaderId.ContentDisposition] = "Content-Disposition";
        n[(int)SipHeaderId.ContentEncoding] = "Content-Encoding";
        n[(int)SipHeaderId.ContentLanguage] = "Content-Language";
        n[(int)SipHeaderId.ContentLength] = "Content-Length";
        n[(int)SipHeaderId.ContentType] = "Content-Type";
        n[(int)SipHeaderId.CSeq] = "CSeq";
        n[(int)SipHeaderId.Date] = "Date";
        n[(int)SipHeaderId.ErrorInfo] = "Error-Info";
        n[(int)SipHeaderId.Event] = "Event";
        n[(int)SipHeaderId.Expires] = "Expires";
        n[(int)SipHeaderId.FlowTimer] = "Flow-Timer";
        n[(int)SipHeaderId.From] = "From";
        n[(int)SipHeaderId.Identity] = "Identity";
        n[(int)SipHeaderId.InReplyTo] = "In-Reply-To";
        n[(int)SipHeaderId.MaxForwards] = "Max-Forwards";
        n[(int)SipHeaderId.MimeVersion] = "MIME-Version";
        n[(int)SipHeaderId.MinExpires] = "Min-Expires";
        n[(int)SipHeaderId.MinSE] = "Min-SE";
        n[(int)SipHeaderId.Organization] = "Organization";
        n[(int)SipHeaderId.PAssertedIdentity] = "P-Asserted-Identity";
        n[(int)SipHeaderId.PAssociatedUri] = "P-Associated-URI";
        n[(int)SipHeaderId.PPreferredIdentity] = "P-Preferred-Identity";
        n[(int)SipHeaderId.Path] = "Path";
        n[(int)SipHeaderId.Priority] = "Priority";
        n[(int)SipHeaderId.Privacy] = "Privacy";
        n[(int)SipHeaderId.ProxyAuthenticate] = "Proxy-Authenticate";
        n[(int)SipHeaderId.ProxyAuthorization] = "Proxy-Authorization";
        n[(int)SipHeaderId.ProxyRequire] = "Proxy-Require";
        n[(int)SipHeaderId.RAck] = "RAck";
        n[(int)SipHeaderId.Reason] = "Reason";
        n[(int)SipHeaderId.RecordRoute] = "Record-Route";
        n[(int)SipHeaderId.ReferTo] = "Refer-To";
        n[(int)SipHeaderId.ReferredBy] = "Referred-By";
        n[(int)SipHeaderId.RejectContact] = "Reject-Contact";
        n[(int)SipHeaderId.Replaces] = "Replaces";
        n[(int)SipHeaderId.ReplyTo] = "Reply-To";
        n[(int)SipHeaderId.RequestDisposition] = "Request-Disposition";
        n[(int)SipHeaderId.Require] = "Require";
        n[(int)SipHeaderId.RetryAfter] = "Retry-After";
        n[(int)SipHeaderId.Route] = "Route";
        n[(int)SipHeaderId.RSeq] = "RSeq";
        n[(int)SipHeaderId.SecurityClient] = "Security-Client";
        n[(int)SipHeaderId.SecurityServer] = "Security-Server";
        n[(int)SipHeaderId.SecurityVerify] = "Security-Verify";
        n[(int)SipHeaderId.Server] = "Server";
        n[(int)SipHeaderId.ServiceRoute] = "Service-Route";
        n[(int)SipHeaderId.SessionExpires] = "Session-Expires";
        n[(int)SipHeaderId.Subject] = "Subject";
        n[(int)SipHeaderId.SubscriptionState] = "Subscription-State";
        n[(int)SipHeaderId.Supported] = "Supported";
        n[(int)SipHeaderId.Timestamp] = "Timestamp";
        n[(int)SipHeaderId.To] = "To";
        n[(int)SipHeaderId.Unsupported] = "Unsupported";
        n[(int)SipHeaderId.UserAgent] = "User-Agent";
        n[(int)SipHeaderId.Via] = "Via";
        n[(int)SipHeaderId.Warning] = "Warning";
        n[(int)SipHeaderId.WwwAuthenticate] = "WWW-Authenticate";
        return n;
    }

    private static SipHeaderId[] BuildCompact()
    {
        var c = new SipHeaderId[26];
        c['a' - 'a'] = SipHeaderId.AcceptContact;
        c['b' - 'a'] = SipHeaderId.ReferredBy;
        c['c' - 'a'] = SipHeaderId.ContentType;
        c['d' - 'a'] = SipHeaderId.RequestDisposition;
        c['e' - 'a'] = SipHeaderId.ContentEncoding;
        c['f' - 'a'] = SipHeaderId.From;
        c['i' - 'a'] = SipHeaderId.CallId;
        c['j' - 'a'] = SipHeaderId.RejectContact;
        c['k' - 'a'] = SipHeaderId.Supported;
        c['l' - 'a'] = SipHeaderId.ContentLength;
        c['m' - 'a'] = SipHeaderId.Contact;
        c['o' - 'a'] = SipHeaderId.Event;
        c['r' - 'a'] = SipHeaderId.ReferTo;
        c['s' - 'a'] = SipHeaderId.Subject;
        c['t' - 'a'] = SipHeaderId.To;
        c['u' - 'a'] = SipHeaderId.AllowEvents;
        c['v' - 'a'] = SipHeaderId.Via;
        c['x' - 'a'] = SipHeaderId.SessionExpires;
        c['y' - 'a'] = SipHeaderId.Identity;
        return c;
    }

    private static byte[] BuildIdToCompact()
    {
        var r = new byte[Names.Length];
        for (var i = 0; i < 26; i++)
        {
            if (CompactToId[i] != SipHeaderId.Unknown)
            {
                r[(int)CompactToId[i]] = (byte)('a' + i);
            }
        }

        return r;
    }

    /// <summary>Open-addressing table keyed by length and first and last letter (case-folded).</summary>
    private static SipHeaderId[] BuildTable()
    {
        var table = new SipHeaderId[TableSize];
        for (var id = 1; id < Names.Length; id++)
        {
            var lower = Encoding.ASCII.GetBytes(Names[id].ToLowerInvariant());
            var slot = Hash(lower);
            while (table[slot] != SipHeaderId.Unknown)
            {
                slot = (slot + 1) & (TableSize - 1);
            }

            table[slot] = (SipHeaderId)id;
        }

        return table;
    }

    private const int TableSize = 512;

    private static int Hash(ReadOnlySpan<byte> name) =>
        (int)((((uint)name.Length * 0x9E3779B1u) ^ ((uint)(name[0] | 0x20) * 0x85EBCA77u) ^ ((uint)(name[^1] | 0x20) * 0xC2B2AE3Du)) >> 23);

    /// <summary>Bytes of a token at <paramref name="offset"/> (up to 8), case-folded, as one number.</summary>
    private static ulong Folded8(ReadOnlySpan<byte> s, int offset)
    {
        if (s.Length - offset >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(s[offset..]) | 0x2020202020202020UL;
        }

        ulong v = 0;
        for (var i = offset; i < s.Length; i++)
        {
            v |= (ulong)(s[i] | 0x20) << (8 * (i - offset));
        }

        return v;
    }

    /// <summary>Case-insensitive equality of a token with a lower-case name of the same length, eight bytes at a time.</summary>
    private static bool FoldedEquals(ReadOnlySpan<byte> token, ReadOnlySpan<byte> lower)
    {
        if (token.Length <= 8)
        {
            return Folded8(token, 0) == Folded8(lower, 0);
        }

        for (var offset = 0; offset < token.Length - 8; offset += 8)
        {
            if (Folded8(token, offset) != Folded8(lower, offset))
            {
                return false;
            }
        }

        return Folded8(token, token.Length - 8) == Folded8(lower, lower.Length - 8);
    }

    /// <summary>The canonical (long) name, e.g. "Call-ID"; empty for <see cref="SipHeaderId.Unknown"/>.</summary>
    public static string GetName(SipHeaderId id) => (uint)id < (uint)Names.Length ? Names[(int)id] : string.Empty;

    /// <summary>The compact form letter (e.g. 'v' for Via), or null when the header has none.</summary>
    public static char? GetCompactForm(SipHeaderId id) =>
        (uint)id < (uint)IdToCompact.Length && IdToCompact[(int)id] != 0 ? (char)IdToCompact[(int)id] : null;

    /// <summary>Recognises a header name (long or compact form, any case).</summary>
    public static SipHeaderId Lookup(ReadOnlySpan<byte> name)
    {
        // Folding with 0x20 is exact for token characters only, so anything else is not a header name.
        if (name.IsEmpty || name.IndexOfAnyExcept(SipSyntax.TokenChars) >= 0)
        {
            return SipHeaderId.Unknown;
        }

        return LookupToken(name);
    }

    /// <summary>Recognises a name already known to be a non-empty token (the parser's case).</summary>
    internal static SipHeaderId LookupToken(ReadOnlySpan<byte> name) => LookupToken(name, name.Length);

    /// <summary>
    /// Recognises the token <c>line[..length]</c>; bytes of <paramref name="line"/> past the name (the
    /// rest of the header line) let the first eight bytes be read at once and masked.
    /// </summary>
    internal static SipHeaderId LookupToken(ReadOnlySpan<byte> line, int length)
    {
        if (length == 1)
        {
            var c = (uint)((line[0] | 0x20) - 'a');
            return c < 26 ? CompactToId[c] : SipHeaderId.Unknown;
        }

        var name = line[..length];
        ulong head;
        if (line.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(line) | 0x2020202020202020UL;
            if (length < 8)
            {
                head &= (1UL << (8 * length)) - 1;
            }
        }
        else
        {
            head = Folded8(name, 0);
        }

        for (var slot = Hash(name); ; slot = (slot + 1) & (TableSize - 1))
        {
            var id = Table[slot];
            if (id == SipHeaderId.Unknown)
            {
                return id;
            }

            if (LowerHeads[(int)id] == head)
            {
                var lower = LowerNames[(int)id];
                if (lower.Length == length && (length <= 8 || FoldedEquals(name, lower)))
                {
                    return id;
                }
            }
        }
    }

    /// <summary>Recognises a header name given as a string.</summary>
    public static SipHeaderId Lookup(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> buffer = stackalloc byte[64];
        if (name.Length > buffer.Length || !Ascii.IsValid(name))
        {
            return SipHeaderId.Unknown;
        }

        var n = Encoding.ASCII.GetBytes(name, buffer);
        return Lookup(buffer[..n]);
    }

    /// <summary>The canonical name as ASCII bytes.</summary>
    internal static ReadOnlySpan<byte> GetNameBytes(SipHeaderId id) => NameBytes[(int)id];

    /// <summary>The canonical name as ASCII bytes, as memory.</summary>
    internal static ReadOnlyMemory<byte> GetNameMemory(SipHeaderId id) => NameBytes[(int)id];

    /// <summary>Headers whose value is a comma-separated list that may also be split over several lines.</summary>
    internal static bool IsList(SipHeaderId id) => id switch
    {
        SipHeaderId.Accept or SipHeaderId.AcceptContact or SipHeaderId.AcceptEncoding or SipHeaderId.AcceptLanguage
            or SipHeaderId.AlertInfo or SipHeaderId.Allow or SipHeaderId.AllowEvents or SipHeaderId.CallInfo
            or SipHeaderId.Contact or SipHeaderId.ContentEncoding or SipHeaderId.ContentLanguage or SipHeaderId.ErrorInfo
            or SipHeaderId.InReplyTo or SipHeaderId.PAssertedIdentity or SipHeaderId.PAssociatedUri
            or SipHeaderId.PPreferredIdentity or SipHeaderId.Path or SipHeaderId.Privacy or SipHeaderId.ProxyRequire
            or SipHeaderId.Reason or SipHeaderId.RecordRoute or SipHeaderId.RejectContact or SipHeaderId.Require
            or SipHeaderId.Route or SipHeaderId.SecurityClient or SipHeaderId.SecurityServer
            or SipHeaderId.SecurityVerify or SipHeaderId.ServiceRoute or SipHeaderId.Supported
            or SipHeaderId.Unsupported or SipHeaderId.Via or SipHeaderId.Warning => true,
        _ => false,
    };
}
