using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

/// <summary>A message built through the API, with the bytes the writer makes of it.</summary>
public sealed class GeneratedMessage
{
    public GeneratedMessage(SipMessage message)
    {
        Message = message;
        Bytes = SipMessageWriter.ToArray(message);
    }

    public SipMessage Message { get; }

    public byte[] Bytes { get; }

    public override string ToString() => Encoding.UTF8.GetString(Bytes);
}

/// <summary>Several messages on one stream with keep-alives between them, cut into reads.</summary>
public sealed record GeneratedStream(IReadOnlyList<GeneratedMessage> Messages, IReadOnlyList<int> KeepAlives, IReadOnlyList<int> ReadSizes)
{
    public override string ToString() =>
        $"{Messages.Count} messages, keep-alives [{string.Join(",", KeepAlives)}], reads [{string.Join(",", ReadSizes)}]";
}

/// <summary>Bytes that are not (or not quite) a SIP message.</summary>
public sealed record Garbage(byte[] Bytes)
{
    public override string ToString() => Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 400)));
}

/// <summary>FsCheck generators of SIP syntax: URIs, quoted strings, parameters, headers and whole messages.</summary>
public static class SipGenerators
{
    private const string Alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string TokenChars = Alpha + Digits + "-.!%*_+`'~";
    private const string Unreserved = Alpha + Digits + "-_.!~*'()";
    private const string UserChars = Unreserved + "&=+$";
    private const string ParamChars = Unreserved + "[]/:&+$";

    public static Arbitrary<GeneratedMessage> Messages() => Message.ToArbitrary();

    public static Arbitrary<GeneratedStream> Streams() => Stream.ToArbitrary();

    public static Arbitrary<Garbage> GarbageBytes() => AnyGarbage.ToArbitrary();

    private static Gen<string> Chars(string alphabet, int min, int max) =>
        from n in Gen.Choose(min, max)
        from cs in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n)
        select new string(cs);

    private static Gen<string> Optional(Gen<string> gen) => Gen.OneOf(Gen.Constant(string.Empty), gen);

    private static Gen<string> Concat(IEnumerable<Gen<string>> parts) =>
        parts.Aggregate(Gen.Constant(string.Empty), (acc, g) => from a in acc from b in g select a + b);

    private static Gen<string> Token => Chars(TokenChars, 1, 12);

    private static Gen<string> Escaped => Gen.Choose(0, 255).Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture));

    private static Gen<string> UserPart =>
        from parts in Gen.ListOf(Gen.Frequency((6, Chars(UserChars, 1, 6)), (1, Escaped)))
        from first in Chars(Alpha + Digits, 1, 4)
        select first + string.Concat(parts);

    private static Gen<string> DomainName =>
        from labels in Gen.ListOf(Chars(Alpha + Digits, 1, 8), 3)
        from tld in Chars(Alpha, 2, 6)
        select string.Join(".", labels.Append(tld));

    private static Gen<string> IPv4 =>
        from parts in Gen.ArrayOf(Gen.Choose(0, 255), 4)
        select string.Join(".", parts);

    private static Gen<string> IPv6 =>
        from groups in Gen.ArrayOf(Gen.Choose(0, 0xffff), 8)
        from compress in Gen.Choose(0, 2)
        select compress switch
        {
            0 => "[" + string.Join(":", groups.Select(g => g.ToString("x", CultureInfo.InvariantCulture))) + "]",
            1 => "[2001:db8::" + groups[0].ToString("x", CultureInfo.InvariantCulture) + "]",
            _ => "[::ffff:192.0.2." + (groups[1] % 256).ToString(CultureInfo.InvariantCulture) + "]",
        };

    private static Gen<string> Host => Gen.Frequency((4, DomainName), (2, IPv4), (1, IPv6));

    private static Gen<string> Port => Optional(Gen.Choose(1, 65535).Select(p => ":" + p.ToString(CultureInfo.InvariantCulture)));

    private static Gen<string> UriParam =>
        from name in Chars(ParamChars, 1, 8)
        from value in Optional(Chars(ParamChars, 1, 10).Select(v => "=" + v))
        select ";" + name + value;

    private static Gen<string> UriHeaders =>
        from pairs in Gen.NonEmptyListOf(from n in Chars(Unreserved, 1, 6) from v in Chars(Unreserved + "?/:+$", 0, 8) select n + "=" + v)
        select "?" + string.Join("&", pairs.Take(3));

    /// <summary>A sip: or sips: URI; <paramref name="full"/> allows parameters, headers and ';' in the user part.</summary>
    private static Gen<string> SipUriText(bool full) =>
        from scheme in Gen.Elements("sip:", "sips:", "SIP:")
        from user in Optional(from u in full ? UserPart : Chars(Alpha + Digits + "-_.", 1, 10)
                              from pw in Optional(Chars(Alpha + Digits + (full ? "&=+$," : "&=+$"), 0, 6).Select(p => ":" + p))
                              select u + pw + "@")
        from host in Host
        from port in Port
        from parameters in full ? Gen.ListOf(UriParam, 3).Select(string.Concat) : Gen.Constant(string.Empty)
        from headers in full ? Gen.Frequency((4, Gen.Constant(string.Empty)), (1, UriHeaders)) : Gen.Constant(string.Empty)
        select scheme + user + host + port + parameters + headers;

    private static Gen<string> TelUri =>
        from digits in Chars(Digits + "-.", 1, 12)
        from context in Optional(DomainName.Select(d => ";phone-context=" + d))
        select "tel:+1" + digits + context;

    private static Gen<string> QuotedString =>
        from parts in Gen.ListOf(Gen.Frequency(
            (8, Chars(Alpha + Digits + " !#$%&'()*+,-./:;<=>?@[]^_`{|}~", 1, 6)),
            (2, Gen.Elements("\\\"", "\\\\", "\\\t", "\\\u0001", "\\a")),
            (1, Gen.Elements("é", "Ж", "大家", "\t"))))
        select "\"" + string.Concat(parts.Take(6)) + "\"";

    private static Gen<string> DisplayName => Gen.Frequency(
        (3, Gen.Constant(string.Empty)),
        (2, QuotedString.Select(q => q + " ")),
        (2, Gen.ListOf(Token, 3).Where(t => t.Count > 0).Select(t => string.Join(" ", t) + " ")));

    private static Gen<string> HeaderParam(string name) =>
        from value in Gen.OneOf(Token, QuotedString, IPv4)
        select ";" + name + "=" + value;

    private static Gen<string> HeaderParams =>
        from ps in Gen.ListOf(Gen.OneOf(
            Token.Select(t => ";" + t),
            from n in Token from v in Gen.OneOf(Token, QuotedString) select ";" + n + "=" + v), 3)
        select string.Concat(ps);

    /// <summary>name-addr with a full URI, or addr-spec with a plain one (no ';', '?' or ',' in it).</summary>
    private static Gen<string> NameAddr(Gen<string> extraParams) => Gen.OneOf(
        from display in DisplayName
        from uri in Gen.Frequency((5, SipUriText(full: true)), (1, TelUri))
        from p in extraParams
        select display + "<" + uri + ">" + p,
        from uri in SipUriText(full: false)
        from p in extraParams
        select uri + p);

    private static Gen<string> Via =>
        from transport in Gen.Elements("UDP", "TCP", "TLS", "WS", "WSS", "SCTP", "X-NEW")
        from host in Host
        from port in Port
        from branch in Chars(Alpha + Digits + "-.", 1, 16)
        from received in Optional(IPv4.Select(ip => ";received=" + ip))
        from rport in Gen.Elements(string.Empty, ";rport", ";rport=5060")
        from ext in Optional(Token.Select(t => ";x-" + t))
        select $"SIP/2.0/{transport} {host}{port};branch=z9hG4bK{branch}{received}{rport}{ext}";

    private static Gen<string> CallId =>
        from w in Chars(Alpha + Digits + "-.!%*_+`'~()<>:\\\"/[]?{}", 1, 20)
        from at in Optional(Chars(Alpha + Digits + ".", 1, 10).Select(h => "@" + h))
        select w + at;

    private static Gen<string> UnknownValue => Gen.Frequency(
        (1, Gen.Constant(string.Empty)),
        (6, from first in Chars(Alpha + Digits + "!#$%&'()*+,-./:;<=>?@[]^_`{|}~\"\\", 1, 1)
            from rest in Chars(Alpha + Digits + " !#$%&'()*+,-./:;<=>?@[]^_`{|}~\"\\\t", 0, 30)
            from last in Chars(Alpha + Digits + ";,\"", 1, 1)
            select first + rest + last),
        (1, Gen.Elements("Ж大家 é", "a\u00e9b")));

    private static Gen<SipMethod> Method => Gen.Frequency(
        (6, Gen.Elements(SipMethod.Invite, SipMethod.Register, SipMethod.Options, SipMethod.Bye, SipMethod.Message, SipMethod.Ack)),
        (1, Token.Select(t => SipMethod.Parse("X" + t))));

    private static Gen<(SipHeaderId Id, string Name, string Value)> ExtraHeader => Gen.Frequency(
        (3, from n in Token from v in UnknownValue select (SipHeaderId.Unknown, "X-" + n, v)),
        (1, NameAddr(HeaderParams).Select(v => (SipHeaderId.Contact, string.Empty, v))),
        (1, NameAddr(Gen.Constant(string.Empty)).Select(v => (SipHeaderId.Route, string.Empty, v))),
        (1, Gen.Constant((SipHeaderId.Contact, string.Empty, "*"))),
        (1, Gen.ListOf(Token, 4).Where(t => t.Count > 0).Select(t => (SipHeaderId.Supported, string.Empty, string.Join(", ", t)))),
        (1, QuotedString.Select(q => (SipHeaderId.Authorization, string.Empty, "Digest username=" + q + ", realm=\"r\", nc=00000001"))),
        (1, Chars(Alpha + " ", 1, 20).Select(s => (SipHeaderId.Subject, string.Empty, s.Trim().Length == 0 ? "x" : s.Trim()))));

    private static Gen<byte[]> Body => Gen.Frequency(
        (2, Gen.Constant(Array.Empty<byte>())),
        (2, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))),
        (1, Chars(Alpha + "\r\n=: ", 0, 200).Select(Encoding.UTF8.GetBytes)));

    private static Gen<GeneratedMessage> Message =>
        from isRequest in Gen.Frequency((2, Gen.Constant(true)), (1, Gen.Constant(false)))
        from method in Method
        from requestUri in Gen.Frequency((5, SipUriText(full: true).Where(u => !u.Contains('?', StringComparison.Ordinal))), (1, TelUri))
        from status in Gen.Choose(100, 699)
        from reason in Gen.Frequency((1, Gen.Constant(string.Empty)), (4, Chars(Alpha + Digits + " -'", 1, 20)), (1, Gen.Elements("Ça marche", "Не найдено")))
        from vias in Gen.NonEmptyListOf(Via).Select(l => l.Take(3).ToList())
        from combineVias in Gen.Elements(true, false)
        from maxForwards in Gen.Choose(0, 255)
        from fromAddress in NameAddr(Gen.Constant(string.Empty))
        from fromTag in Token
        from toAddress in NameAddr(Gen.Constant(string.Empty))
        from toTag in Optional(Token.Select(t => ";tag=" + t))
        from callId in CallId
        from cseq in Gen.Choose(0, int.MaxValue)
        from extras in Gen.ListOf(ExtraHeader, 5)
        from body in Body
        select Build(isRequest, method, requestUri, status, reason, vias, combineVias, maxForwards, fromAddress + ";tag=" + fromTag, toAddress + toTag, callId, (uint)cseq * 2u, extras, body);

    private static GeneratedMessage Build(
        bool isRequest, SipMethod method, string requestUri, int status, string reason, List<string> vias, bool combineVias,
        int maxForwards, string from, string to, string callId, uint cseq, IEnumerable<(SipHeaderId Id, string Name, string Value)> extras, byte[] body)
    {
        SipMessage m = isRequest ? new SipRequest(method, SipUri.Parse(requestUri)) : new SipResponse(status, reason);
        if (combineVias)
        {
            m.Headers.Add(SipHeaderId.Via, string.Join(", ", vias));
        }
        else
        {
            foreach (var via in vias)
            {
                m.Headers.Add(SipHeaderId.Via, via);
            }
        }

        if (isRequest)
        {
            m.Headers.Add(SipHeaderId.MaxForwards, maxForwards.ToString(CultureInfo.InvariantCulture));
        }

        m.Headers.Add(SipHeaderId.From, from);
        m.Headers.Add(SipHeaderId.To, to);
        m.Headers.Add(SipHeaderId.CallId, callId);
        m.Headers.Add(SipHeaderId.CSeq, cseq.ToString(CultureInfo.InvariantCulture) + " " + (isRequest ? method.Name : "INVITE"));
        var wildcard = false;
        foreach (var (id, name, value) in extras)
        {
            if (id == SipHeaderId.Contact && (value == "*" || wildcard))
            {
                // "*" must stand alone.
                if (m.Headers.Contains(SipHeaderId.Contact))
                {
                    continue;
                }

                wildcard = value == "*";
            }

            if (id == SipHeaderId.Unknown)
            {
                m.Headers.Add(name, value);
            }
            else
            {
                m.Headers.Add(id, value);
            }
        }

        m.SetBody(body);
        return new GeneratedMessage(m);
    }

    private static Gen<GeneratedStream> Stream =>
        from messages in Gen.NonEmptyListOf(Message).Select(l => l.Take(5).ToList())
        from keepAlives in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2))), messages.Count + 1)
        from reads in Gen.NonEmptyListOf(Gen.Frequency((3, Gen.Choose(1, 8)), (2, Gen.Choose(9, 200)), (1, Gen.Choose(200, 3000))))
        select new GeneratedStream(messages, keepAlives, reads.ToList());

    private static readonly byte[][] Corpus = LoadCorpus();

    private static byte[][] LoadCorpus()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Sip", "Conformance", "rfc4475"), "*.dat")
            .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Sip", "BenchMessages"), "*.txt"));
        return files.Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
    }

    private static readonly string[] Fragments =
    [
        "INVITE ", "SIP/2.0 ", "SIP/2.0", " 200 OK", "sip:", "sips:", "tel:", "@", "\r\n", "\r\n\r\n", "\r", "\n", ": ", ":", ";", ",", "\"",
        "\\", "<", ">", "[", "]", "%", "%00", "%4", " ", "\t", "\0", "=", "Via: SIP/2.0/UDP ", "v: ", "l: ", "Content-Length: ",
        "CSeq: 1 INVITE", "Call-ID: x", "From: ", "To: ", "Contact: ", "*", "z9hG4bK", ";branch=", ";rport", "99999999999999999999",
        "-1", "0", "example.com", "[::1]", "192.0.2.1", "\u00ff", "\u00c3\u00a9",
    ];

    private static Gen<byte[]> Fragmented =>
        from parts in Gen.ListOf(Gen.Elements(Fragments))
        select Encoding.Latin1.GetBytes(string.Concat(parts));

    private static Gen<byte[]> Mutated =>
        from source in Gen.OneOf(Gen.Elements(Corpus), Message.Select(m => m.Bytes))
        from edits in Gen.NonEmptyListOf(Gen.Four(Gen.Choose(0, int.MaxValue)).Select(t => (t.Item1 % 5, t.Item2, t.Item3 % 256, (t.Item4 % 40) + 1)))
        select Mutate(source, edits.Take(6));

    private static byte[] Mutate(byte[] source, IEnumerable<(int Kind, int Position, int Value, int Length)> edits)
    {
        var bytes = new List<byte>(source);
        foreach (var (kind, position, value, length) in edits)
        {
            var at = bytes.Count == 0 ? 0 : position % bytes.Count;
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (value % 8));
                    break;
                case 1:
                    bytes.InsertRange(at, Enumerable.Repeat((byte)value, length % 4 + 1));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(length, bytes.Count - at));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    var fragment = Encoding.Latin1.GetBytes(Fragments[value % Fragments.Length]);
                    bytes.InsertRange(at, fragment);
                    break;
            }
        }

        return [.. bytes];
    }

    private static Gen<Garbage> AnyGarbage => Gen.Frequency(
        (1, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))),
        (2, Fragmented),
        (4, Mutated)).Select(b => new Garbage(b));
}
