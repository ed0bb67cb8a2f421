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

    /// <summary>The longest known name (P-Preferred-Identity).</summary>
    private const int MaxNameLength = 20;

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

        if (length > MaxNameLength)
        {
            return SipHeaderId.Unknown;
        }

        // The name folded to lower case as 64-bit numbers: its first eight bytes (zero-padded) and,
        // when longer, its last eight. A switch on the length then compares with constants: no hash,
        // no table, at most a few compares (the constants are generated from the names above; a test
        // checks every name and compact form in both cases).
        ulong head;
        if (line.Length >= 8)
        {
            head = Chunk(line, 0);
            if (length < 8)
            {
                head &= (1UL << (8 * length)) - 1;
            }
        }
        else
        {
            head = Folded8(line[..length], 0);
        }

        var tail = length > 8 ? Chunk(line, length - 8) : 0;
        return length switch
        {
            2 => head == 0x6F74UL ? SipHeaderId.To : SipHeaderId.Unknown, // to
            3 => head == 0x616976UL ? SipHeaderId.Via : SipHeaderId.Unknown, // via
            4 => head == 0x71657363UL ? SipHeaderId.CSeq // cseq
                : head == 0x65746164UL ? SipHeaderId.Date // date
                : head == 0x6D6F7266UL ? SipHeaderId.From // from
                : head == 0x68746170UL ? SipHeaderId.Path // path
                : head == 0x6B636172UL ? SipHeaderId.RAck // rack
                : head == 0x71657372UL ? SipHeaderId.RSeq // rseq
                : SipHeaderId.Unknown,
            5 => head == 0x776F6C6C61UL ? SipHeaderId.Allow // allow
                : head == 0x746E657665UL ? SipHeaderId.Event // event
                : head == 0x6574756F72UL ? SipHeaderId.Route // route
                : SipHeaderId.Unknown,
            6 => head == 0x747065636361UL ? SipHeaderId.Accept // accept
                : head == 0x65732D6E696DUL ? SipHeaderId.MinSE // min-se
                : head == 0x6E6F73616572UL ? SipHeaderId.Reason // reason
                : head == 0x726576726573UL ? SipHeaderId.Server // server
                : SipHeaderId.Unknown,
            7 => head == 0x64692D6C6C6163UL ? SipHeaderId.CallId // call-id
                : head == 0x746361746E6F63UL ? SipHeaderId.Contact // contact
                : head == 0x73657269707865UL ? SipHeaderId.Expires // expires
                : head == 0x79636176697270UL ? SipHeaderId.Privacy // privacy
                : head == 0x65726975716572UL ? SipHeaderId.Require // require
                : head == 0x7463656A627573UL ? SipHeaderId.Subject // subject
                : head == 0x676E696E726177UL ? SipHeaderId.Warning // warning
                : SipHeaderId.Unknown,
            8 => head == 0x797469746E656469UL ? SipHeaderId.Identity // identity
                : head == 0x797469726F697270UL ? SipHeaderId.Priority // priority
                : head == 0x6F742D7265666572UL ? SipHeaderId.ReferTo // refer-to
                : head == 0x736563616C706572UL ? SipHeaderId.Replaces // replaces
                : head == 0x6F742D796C706572UL ? SipHeaderId.ReplyTo // reply-to
                : SipHeaderId.Unknown,
            9 => head == 0x666E692D6C6C6163UL && tail == 0x6F666E692D6C6C61UL ? SipHeaderId.CallInfo // call-info
                : head == 0x6574726F70707573UL && tail == 0x646574726F707075UL ? SipHeaderId.Supported // supported
                : head == 0x6D617473656D6974UL && tail == 0x706D617473656D69UL ? SipHeaderId.Timestamp // timestamp
                : SipHeaderId.Unknown,
            10 => head == 0x6E692D7472656C61UL && tail == 0x6F666E692D747265UL ? SipHeaderId.AlertInfo // alert-info
                : head == 0x6E692D726F727265UL && tail == 0x6F666E692D726F72UL ? SipHeaderId.ErrorInfo // error-info
                : head == 0x6D69742D776F6C66UL && tail == 0x72656D69742D776FUL ? SipHeaderId.FlowTimer // flow-timer
                : head == 0x6567612D72657375UL && tail == 0x746E6567612D7265UL ? SipHeaderId.UserAgent // user-agent
                : SipHeaderId.Unknown,
            11 => head == 0x796C7065722D6E69UL && tail == 0x6F742D796C706572UL ? SipHeaderId.InReplyTo // in-reply-to
                : head == 0x697078652D6E696DUL && tail == 0x736572697078652DUL ? SipHeaderId.MinExpires // min-expires
                : head == 0x6465727265666572UL && tail == 0x79622D6465727265UL ? SipHeaderId.ReferredBy // referred-by
                : head == 0x66612D7972746572UL && tail == 0x72657466612D7972UL ? SipHeaderId.RetryAfter // retry-after
                : head == 0x726F707075736E75UL && tail == 0x646574726F707075UL ? SipHeaderId.Unsupported // unsupported
                : SipHeaderId.Unknown,
            12 => head == 0x76652D776F6C6C61UL && tail == 0x73746E6576652D77UL ? SipHeaderId.AllowEvents // allow-events
                : head == 0x2D746E65746E6F63UL && tail == 0x657079742D746E65UL ? SipHeaderId.ContentType // content-type
                : head == 0x77726F662D78616DUL && tail == 0x7364726177726F66UL ? SipHeaderId.MaxForwards // max-forwards
                : head == 0x7265762D656D696DUL && tail == 0x6E6F69737265762DUL ? SipHeaderId.MimeVersion // mime-version
                : head == 0x617A696E6167726FUL && tail == 0x6E6F6974617A696EUL ? SipHeaderId.Organization // organization
                : head == 0x722D64726F636572UL && tail == 0x6574756F722D6472UL ? SipHeaderId.RecordRoute // record-route
                : SipHeaderId.Unknown,
            13 => head == 0x7A69726F68747561UL && tail == 0x6E6F6974617A6972UL ? SipHeaderId.Authorization // authorization
                : head == 0x65722D79786F7270UL && tail == 0x657269757165722DUL ? SipHeaderId.ProxyRequire // proxy-require
                : head == 0x2D65636976726573UL && tail == 0x6574756F722D6563UL ? SipHeaderId.ServiceRoute // service-route
                : SipHeaderId.Unknown,
            14 => head == 0x632D747065636361UL && tail == 0x746361746E6F632DUL ? SipHeaderId.AcceptContact // accept-contact
                : head == 0x2D746E65746E6F63UL && tail == 0x6874676E656C2D74UL ? SipHeaderId.ContentLength // content-length
                : head == 0x632D7463656A6572UL && tail == 0x746361746E6F632DUL ? SipHeaderId.RejectContact // reject-contact
                : SipHeaderId.Unknown,
            15 => head == 0x652D747065636361UL && tail == 0x676E69646F636E65UL ? SipHeaderId.AcceptEncoding // accept-encoding
                : head == 0x6C2D747065636361UL && tail == 0x65676175676E616CUL ? SipHeaderId.AcceptLanguage // accept-language
                : head == 0x7974697275636573UL && tail == 0x746E65696C632D79UL ? SipHeaderId.SecurityClient // security-client
                : head == 0x7974697275636573UL && tail == 0x7265767265732D79UL ? SipHeaderId.SecurityServer // security-server
                : head == 0x7974697275636573UL && tail == 0x7966697265762D79UL ? SipHeaderId.SecurityVerify // security-verify
                : head == 0x2D6E6F6973736573UL && tail == 0x736572697078652DUL ? SipHeaderId.SessionExpires // session-expires
                : SipHeaderId.Unknown,
            16 => head == 0x2D746E65746E6F63UL && tail == 0x676E69646F636E65UL ? SipHeaderId.ContentEncoding // content-encoding
                : head == 0x2D746E65746E6F63UL && tail == 0x65676175676E616CUL ? SipHeaderId.ContentLanguage // content-language
                : head == 0x69636F7373612D70UL && tail == 0x6972752D64657461UL ? SipHeaderId.PAssociatedUri // p-associated-uri
                : head == 0x687475612D777777UL && tail == 0x6574616369746E65UL ? SipHeaderId.WwwAuthenticate // www-authenticate
                : SipHeaderId.Unknown,
            18 => head == 0x75612D79786F7270UL && Chunk(line, 8) == 0x616369746E656874UL && tail == 0x6574616369746E65UL ? SipHeaderId.ProxyAuthenticate // proxy-authenticate
                : head == 0x7069726373627573UL && Chunk(line, 8) == 0x6174732D6E6F6974UL && tail == 0x65746174732D6E6FUL ? SipHeaderId.SubscriptionState // subscription-state
                : SipHeaderId.Unknown,
            19 => head == 0x69746E6568747561UL && Chunk(line, 8) == 0x692D6E6F69746163UL && tail == 0x6F666E692D6E6F69UL ? SipHeaderId.AuthenticationInfo // authentication-info
                : head == 0x2D746E65746E6F63UL && Chunk(line, 8) == 0x7469736F70736964UL && tail == 0x6E6F697469736F70UL ? SipHeaderId.ContentDisposition // content-disposition
                : head == 0x7472657373612D70UL && Chunk(line, 8) == 0x746E6564692D6465UL && tail == 0x797469746E656469UL ? SipHeaderId.PAssertedIdentity // p-asserted-identity
                : head == 0x75612D79786F7270UL && Chunk(line, 8) == 0x74617A69726F6874UL && tail == 0x6E6F6974617A6972UL ? SipHeaderId.ProxyAuthorization // proxy-authorization
                : head == 0x2D74736575716572UL && Chunk(line, 8) == 0x7469736F70736964UL && tail == 0x6E6F697469736F70UL ? SipHeaderId.RequestDisposition // request-disposition
                : SipHeaderId.Unknown,
            20 => head == 0x7265666572702D70UL && Chunk(line, 8) == 0x6E6564692D646572UL && tail == 0x797469746E656469UL ? SipHeaderId.PPreferredIdentity : SipHeaderId.Unknown, // p-preferred-identity
            _ => SipHeaderId.Unknown,
        };
    }

    /// <summary>Eight bytes of <paramref name="s"/> at <paramref name="offset"/>, folded with 0x20.</summary>
    private static ulong Chunk(ReadOnlySpan<byte> s, int offset) =>
        BinaryPrimitives.ReadUInt64LittleEndian(s[offset..]) | 0x2020202020202020UL;

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
    internal static bool IsList(SipHeaderId id) =>
        (((uint)id < 64 ? ListLow : (uint)id < 128 ? ListHigh : 0) & (1UL << ((int)id & 63))) != 0;

    // IsList as two bit sets (static readonly: constants to the optimizing JIT), so that it inlines.
    private static readonly ulong ListLow = ListBits(0);
    private static readonly ulong ListHigh = ListBits(64);

    private static ulong ListBits(int first)
    {
        var bits = 0UL;
        for (var i = 0; i < 64 && first + i <= byte.MaxValue; i++)
        {
            if (IsListHeader((SipHeaderId)(first + i)))
            {
                bits |= 1UL << i;
            }
        }

        return bits;
    }

    internal static bool IsListHeader(SipHeaderId id) => id switch
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
