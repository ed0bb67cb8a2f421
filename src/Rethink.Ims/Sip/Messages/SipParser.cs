using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Parses SIP messages from bytes (RFC 3261 §7). One pass finds the start line and records where each
/// header field sits; typed values are parsed later, when read. Wire input never throws: every outcome
/// is a <see cref="SipParseResult"/>.
/// </summary>
/// <remarks>
/// These methods treat their input as one datagram (RFC 3261 §18.3): bytes past Content-Length are
/// ignored and, without Content-Length, the body is the rest of the datagram. Use
/// <see cref="SipStreamFramer"/> on stream transports.
/// </remarks>
public static class SipParser
{
    /// <summary>Parses one datagram. The message borrows <paramref name="datagram"/>: keep it alive and unchanged while using the message.</summary>
    public static SipParseResult Parse(ReadOnlyMemory<byte> datagram, SipParserOptions? options = null) =>
        Parse(datagram, owner: null, options);

    /// <summary>
    /// Parses one datagram held in a pooled buffer: the message (or, on failure, the request kept to
    /// answer it) takes <paramref name="owner"/> and disposes it when disposed; when nothing keeps the
    /// bytes, the owner is disposed before returning.
    /// </summary>
    public static SipParseResult Parse(ReadOnlyMemory<byte> datagram, IDisposable? owner, SipParserOptions? options = null)
    {
        var result = ParseCore(datagram, owner, options ?? SipParserOptions.Default);
        if (!result.IsSuccess && result.Failure.Request is null)
        {
            owner?.Dispose();
        }

        return result;
    }

    /// <summary>Parses a datagram given as an array.</summary>
    public static SipParseResult Parse(byte[] datagram, SipParserOptions? options = null) =>
        Parse(new ReadOnlyMemory<byte>(datagram), owner: null, options);

    private static SipParseResult Fail(SipParseError error, string detail, SipHeaderId header = SipHeaderId.Unknown) =>
        new(new SipParseFailure(error, header, detail, request: null, statusCode: 0, closeConnection: false));

    private static SipParseResult Fail(SipHeaderEntry[] entries, SipParseError error, string detail, SipHeaderId header = SipHeaderId.Unknown)
    {
        if (entries.Length != 0)
        {
            ArrayPool<SipHeaderEntry>.Shared.Return(entries);
        }

        return Fail(error, detail, header);
    }

    internal static SipParseResult ParseCore(ReadOnlyMemory<byte> datagram, IDisposable? owner, SipParserOptions options)
    {
        // The message and its values keep the bytes as an array and offsets (see SipText): bytes that are
        // not in an array are copied into one here, once.
        var data = new SipText(datagram);
        var span = data.Span;
        if (span.Length > options.MaxMessageSize)
        {
            return Fail(SipParseError.MessageTooLarge, "Message too large");
        }

        // RFC 3261 §7.5: ignore CRLFs before the start line.
        var pos = 0;
        while (pos + 1 < span.Length && span[pos] == SipSyntax.Cr && span[pos + 1] == SipSyntax.Lf)
        {
            pos += 2;
        }

        if (pos >= span.Length)
        {
            return Fail(SipParseError.Empty, "Empty message");
        }

        // Start line. Usually its LF, CRs and spaces are all found by one compare of its first 64 bytes;
        // otherwise by searches.
        var masked = Vector256.IsHardwareAccelerated && span.Length - pos >= 64;
        ulong crs = 0, spaces = 0;
        int lf;
        if (!masked || !StartLineMasks(span, pos, out lf, out crs, out spaces))
        {
            masked = false;
            lf = span[pos..].IndexOf(SipSyntax.Lf);
            if (lf < 0)
            {
                return Fail(SipParseError.IncompleteMessage, "No end of start line");
            }
        }

        var lineEnd = pos + lf;
        if (lineEnd == pos || span[lineEnd - 1] != SipSyntax.Cr)
        {
            return Fail(SipParseError.InvalidLineEnding, "Start line does not end with CRLF");
        }

        var line = span[pos..(lineEnd - 1)];
        if (line.Length > options.MaxHeaderLineLength)
        {
            return Fail(SipParseError.HeaderTooLong, "Start line too long");
        }

        // (The CR at lf - 1 ends the line; any CR before it is bare.)
        if (masked ? (crs & ((1UL << (lf - 1)) - 1)) != 0 : line.IndexOf(SipSyntax.Cr) >= 0)
        {
            return Fail(SipParseError.InvalidLineEnding, "Bare CR in start line");
        }

        // "SIP/" in any case: OR-ing 0x20 lower-cases the three letters and leaves '/' alone.
        var isResponse = line.Length >= 4 && (BinaryPrimitives.ReadUInt32LittleEndian(line) | 0x00202020u) == 0x2F706973u;
        SipMethod method = default;
        var uriStart = 0;
        var uriLength = 0;
        var statusCode = 0;
        var reasonStart = 0;
        var reasonLength = 0;
        SipParseError startError;
        string? startDetail;
        if (isResponse)
        {
            startError = ParseStatusLine(line, masked, spaces, out statusCode, out reasonStart, out reasonLength, out startDetail);
            reasonStart += pos;
        }
        else
        {
            startError = ParseRequestLine(line, masked, spaces, out method, out uriStart, out uriLength, out startDetail);
            uriStart += pos;
        }

        if (isResponse && startError != SipParseError.None)
        {
            return Fail(startError, startDetail!);
        }

        // Header fields, in one pass, up to the empty line.
        var entries = ArrayPool<SipHeaderEntry>.Shared.Rent(Math.Min(16, options.MaxHeaderCount + 1));
        var count = 0;
        var lineError = SipParseError.None;
        var p = lineEnd + 1;
        var breaks = ByteMask.Create();
        var colons = ByteMask.Create();
        int bodyStart;
        while (true)
        {
            if (p >= span.Length)
            {
                // A datagram that ends after a complete header line without the empty line (RFC 4475 baddn):
                // the end of the datagram ends the header section and the body is empty.
                bodyStart = span.Length;
                break;
            }

            var c = span[p];
            if (c == SipSyntax.Cr)
            {
                if (p + 1 < span.Length && span[p + 1] == SipSyntax.Lf)
                {
                    bodyStart = p + 2;
                    break;
                }

                return p + 1 == span.Length
                    ? Fail(entries, SipParseError.IncompleteMessage, "No end of header section")
                    : Fail(entries, SipParseError.InvalidLineEnding, "Bare CR in header section");
            }

            // Find the end of the field, following folded continuation lines; every CR or LF met must be a CRLF.
            var firstBreak = -1;
            var e = p;
            int fieldLf;
            while (true)
            {
                var cr = breaks.Next(span, e, span.Length, colon: false);
                if (cr < 0 || cr + 1 >= span.Length)
                {
                    return Fail(entries, SipParseError.IncompleteMessage, "No end of header section");
                }

                if (span[cr] != SipSyntax.Cr || span[cr + 1] != SipSyntax.Lf)
                {
                    return Fail(entries, SipParseError.InvalidLineEnding, "Bare CR or LF in header field");
                }

                if (firstBreak < 0)
                {
                    firstBreak = cr;
                }

                fieldLf = cr + 1;
                if (fieldLf + 1 < span.Length && span[fieldLf + 1] is SipSyntax.Sp or SipSyntax.Ht)
                {
                    e = fieldLf + 1;
                    continue;
                }

                break;
            }

            var fieldCr = fieldLf - 1;
            if (fieldCr - p > options.MaxHeaderLineLength)
            {
                return Fail(entries, SipParseError.HeaderTooLong, "Header field too long");
            }

            // Name: a token, then optional SP/HT, then ':' on the first line. The colon comes from a bit
            // mask (no byte loop whose end the CPU mispredicts); a recognised name is a token by
            // construction (its bytes fold onto a known name, and only CR, which cannot be there, folds
            // onto '-'), so only unknown names are checked byte by byte.
            var q = colons.Next(span, p, firstBreak, colon: true);
            var nameEnd = q;
            while (nameEnd > p && span[nameEnd - 1] is SipSyntax.Sp or SipSyntax.Ht)
            {
                nameEnd--;
            }

            var nameLength = nameEnd - p;
            var id = q < 0 || nameLength == 0 ? SipHeaderId.Unknown : SipHeaderNames.LookupToken(span[p..firstBreak], nameLength);
            if (q < 0 || nameLength == 0 || c is SipSyntax.Sp or SipSyntax.Ht
                || (id == SipHeaderId.Unknown && span.Slice(p, nameLength).IndexOfAnyExcept(SipSyntax.TokenChars) >= 0))
            {
                // Keep going so that a request with a broken line can still be answered.
                lineError = SipParseError.InvalidHeaderLine;
                p = fieldLf + 1;
                continue;
            }

            // LWS is SP, HT, CR and LF, all at most 0x20: the usual ": value" with no trailing blank is
            // recognised by two compares with constants, keeping table lookups out of the chain of
            // dependent loads from the colon to the next field.
            var valueStart = q + 1;
            if (valueStart + 1 < fieldCr && span[valueStart] == SipSyntax.Sp && span[valueStart + 1] > SipSyntax.Sp)
            {
                valueStart++;
            }
            else
            {
                while (valueStart < fieldCr && SipSyntax.IsLws(span[valueStart]))
                {
                    valueStart++;
                }
            }

            var valueEnd = fieldCr;
            if (span[valueEnd - 1] <= SipSyntax.Sp)
            {
                while (valueEnd > valueStart && SipSyntax.IsLws(span[valueEnd - 1]))
                {
                    valueEnd--;
                }
            }

            if (count >= options.MaxHeaderCount)
            {
                return Fail(entries, SipParseError.TooManyHeaders, "Too many header fields");
            }

            if (count == entries.Length)
            {
                var grown = ArrayPool<SipHeaderEntry>.Shared.Rent(Math.Min(count * 2, options.MaxHeaderCount + 1));
                entries.AsSpan(0, count).CopyTo(grown);
                ArrayPool<SipHeaderEntry>.Shared.Return(entries);
                entries = grown;
            }

            entries[count++] = new SipHeaderEntry
            {
                NameStart = p,
                NameLength = (ushort)nameLength,
                ValueStart = valueStart,
                ValueLength = valueEnd - valueStart,
                Id = id,
            };
            p = fieldLf + 1;
        }

        // Framing: Content-Length decides the body; without it the datagram's rest is the body (§18.3).
        var bodyLength = span.Length - bodyStart;
        SipParseError framingError = SipParseError.None;
        string? framingDetail = null;
        var clIndex = -1;
        for (var i = 0; i < count; i++)
        {
            if (entries[i].Id != SipHeaderId.ContentLength)
            {
                continue;
            }

            if (clIndex >= 0)
            {
                framingError = SipParseError.DuplicateHeader;
                framingDetail = "Multiple Content-Length headers";
                break;
            }

            clIndex = i;
        }

        if (clIndex >= 0 && framingError == SipParseError.None)
        {
            ref readonly var cl = ref entries[clIndex];
            if (!SipSyntax.TryParseDigits(span.Slice(cl.ValueStart, cl.ValueLength), int.MaxValue, out var length))
            {
                framingError = SipParseError.InvalidContentLength;
                framingDetail = "Invalid Content-Length";
            }
            else if ((long)length > options.MaxBodySize)
            {
                return Fail(entries, SipParseError.BodyTooLarge, "Body too large", SipHeaderId.ContentLength);
            }
            else if ((long)length > bodyLength)
            {
                framingError = SipParseError.BodyLengthMismatch;
                framingDetail = "Content-Length larger than the body";
            }
            else
            {
                bodyLength = (int)length;
            }
        }

        if (framingError != SipParseError.None)
        {
            bodyLength = 0;
        }

        var body = data.Slice(bodyStart, bodyLength).Memory;
        SipMessage message;
        if (isResponse)
        {
            message = new SipResponse(statusCode, data.Slice(reasonStart, reasonLength), data, entries, count, body, owner);
        }
        else
        {
            var request = new SipRequest(method, data, entries, count, body, owner);
            if (startError == SipParseError.None)
            {
                // Parsed straight into the request: a URI parsed into a local was block-copied into it.
                startError = ParseRequestUri(data.Slice(uriStart, uriLength), out request.RequestUriRef, out startDetail);
            }

            message = request;
        }

        if (framingError != SipParseError.None)
        {
            return FailMessage(message, framingError, framingDetail!, SipHeaderId.ContentLength, 400);
        }

        if (startError != SipParseError.None)
        {
            return FailMessage(message, startError, startDetail!, SipHeaderId.Unknown, startError == SipParseError.UnsupportedVersion ? 505 : 400);
        }

        if (lineError != SipParseError.None)
        {
            return FailMessage(message, lineError, "Malformed header line", SipHeaderId.Unknown, 400);
        }

        if (options.Validation != SipValidation.None)
        {
            var failure = SipMessageValidator.Validate(message, options.Validation);
            if (failure is not null)
            {
                if (failure.Request is null)
                {
                    message.Dispose();
                }

                return new SipParseResult(failure);
            }
        }

        return new SipParseResult(message);
    }

    /// <summary>
    /// Finds the CR and LF bytes (or the colons) of the header section: one vector compare per 64 bytes
    /// gives a bit mask, then each hit is a bit scan, instead of a search call or a byte loop per line.
    /// </summary>
    /// <remarks>
    /// Only the window's place and mask are fields; the bytes and what to look for are arguments. With
    /// the span and the flag as fields too, the JIT kept the whole value in memory, and the header loop
    /// read the mask and the window's place from the stack on every line.
    /// </remarks>
    private struct ByteMask
    {
        private int _base;
        private ulong _mask;

        public static ByteMask Create() => new() { _base = int.MinValue / 2, _mask = 0 };

        /// <summary>Index of the first hit in [<paramref name="from"/>, <paramref name="limit"/>), or -1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Next(ReadOnlySpan<byte> s, int from, int limit, bool colon)
        {
            while (from < limit)
            {
                var offset = from - _base;
                if ((uint)offset < 64)
                {
                    var m = _mask >> offset;
                    if (m != 0)
                    {
                        var hit = from + BitOperations.TrailingZeroCount(m);
                        return hit < limit ? hit : -1;
                    }

                    from = _base + 64;
                    continue;
                }

                _base = from;
                _mask = Load(s, from, colon);
            }

            return -1;
        }

        /// <summary>The mask of the 64 bytes at <paramref name="from"/> (fewer at the end: the bits past it are 0).</summary>
        private static ulong Load(ReadOnlySpan<byte> s, int from, bool colon)
        {
            if (s.Length >= 64 && (Vector256.IsHardwareAccelerated || Vector128.IsHardwareAccelerated))
            {
                // Near the end, the last 64 bytes are read and the bits before from shifted out.
                var at = Math.Min(from, s.Length - 64);
                ref var r = ref Unsafe.Add(ref MemoryMarshal.GetReference(s), at);
                ulong mask;
                if (Vector256.IsHardwareAccelerated)
                {
                    var lo = Vector256.LoadUnsafe(ref r);
                    var hi = Vector256.LoadUnsafe(ref r, 32);
                    if (colon)
                    {
                        var colons = Vector256.Create((byte)':');
                        mask = Vector256.Equals(lo, colons).ExtractMostSignificantBits()
                            | ((ulong)Vector256.Equals(hi, colons).ExtractMostSignificantBits() << 32);
                    }
                    else
                    {
                        var cr = Vector256.Create(SipSyntax.Cr);
                        var lf = Vector256.Create(SipSyntax.Lf);
                        mask = (Vector256.Equals(lo, cr) | Vector256.Equals(lo, lf)).ExtractMostSignificantBits()
                            | ((ulong)(Vector256.Equals(hi, cr) | Vector256.Equals(hi, lf)).ExtractMostSignificantBits() << 32);
                    }
                }
                else
                {
                    var a = Vector128.Create(colon ? (byte)':' : SipSyntax.Cr);
                    var b = Vector128.Create(colon ? (byte)':' : SipSyntax.Lf);
                    mask = 0;
                    for (var k = 0; k < 4; k++)
                    {
                        var v = Vector128.LoadUnsafe(ref r, (nuint)(16 * k));
                        mask |= (ulong)(Vector128.Equals(v, a) | Vector128.Equals(v, b)).ExtractMostSignificantBits() << (16 * k);
                    }
                }

                return mask >> (from - at);
            }

            var bits = 0UL;
            var n = Math.Min(64, s.Length - from);
            for (var k = 0; k < n; k++)
            {
                var c = s[from + k];
                if (colon ? c == ':' : c is SipSyntax.Cr or SipSyntax.Lf)
                {
                    bits |= 1UL << k;
                }
            }

            return bits;
        }
    }

    private static SipParseResult FailMessage(SipMessage message, SipParseError error, string detail, SipHeaderId header, int status)
    {
        var failure = new SipParseFailure(error, header, detail, message as SipRequest, status, closeConnection: false);
        if (failure.Request is null)
        {
            message.Dispose();
        }

        return new SipParseResult(failure);
    }

    /// <summary>
    /// The start line's LF and, before it, its CR bytes and spaces as bit masks, from one compare of the
    /// 64 bytes at <paramref name="pos"/> (which must exist); false when the LF is not among them.
    /// Replaces four searches (LF, CR, first and last space), each a call with its own set-up.
    /// </summary>
    private static bool StartLineMasks(ReadOnlySpan<byte> span, int pos, out int lf, out ulong crs, out ulong spaces)
    {
        ref var r = ref Unsafe.Add(ref MemoryMarshal.GetReference(span), pos);
        var lo = Vector256.LoadUnsafe(ref r);
        var hi = Vector256.LoadUnsafe(ref r, 32);
        var lfs = Mask(lo, hi, SipSyntax.Lf);
        if (lfs == 0)
        {
            lf = 0;
            crs = spaces = 0;
            return false;
        }

        lf = BitOperations.TrailingZeroCount(lfs);
        var before = (1UL << lf) - 1;
        crs = Mask(lo, hi, SipSyntax.Cr) & before;
        spaces = Mask(lo, hi, SipSyntax.Sp) & before;
        return true;

        static ulong Mask(Vector256<byte> lo, Vector256<byte> hi, byte value) =>
            Vector256.Equals(lo, Vector256.Create(value)).ExtractMostSignificantBits()
            | ((ulong)Vector256.Equals(hi, Vector256.Create(value)).ExtractMostSignificantBits() << 32);
    }

    /// <summary>
    /// Checks the Request-Line but for its URI, whose place it returns (see <see cref="ParseRequestUri"/>).
    /// When <paramref name="masked"/>, <paramref name="spaces"/> has a bit for each SP of the line.
    /// </summary>
    private static SipParseError ParseRequestLine(
        ReadOnlySpan<byte> line, bool masked, ulong spaces, out SipMethod method, out int uriStart, out int uriLength, out string? detail)
    {
        method = default;
        uriStart = 0;
        uriLength = 0;
        detail = null;
        var sp1 = masked ? (spaces == 0 ? -1 : BitOperations.TrailingZeroCount(spaces)) : line.IndexOf(SipSyntax.Sp);
        if (sp1 <= 0)
        {
            detail = "Malformed Request-Line";
            return SipParseError.InvalidStartLine;
        }

        if (!SipMethod.TryParse(line[..sp1], out method))
        {
            detail = "Invalid method";
            return SipParseError.InvalidMethod;
        }

        var sp2 = masked ? 63 - BitOperations.LeadingZeroCount(spaces) : line.LastIndexOf(SipSyntax.Sp);
        if (sp2 == sp1 || sp2 == line.Length - 1 || line[sp1 + 1] == SipSyntax.Sp || line[sp2 - 1] == SipSyntax.Sp)
        {
            // RFC 4475 lwsstart and trws: exactly one SP between elements and none at the end.
            detail = "Malformed Request-Line spacing";
            return SipParseError.InvalidStartLine;
        }

        var version = CheckVersion(line[(sp2 + 1)..]);
        if (version != SipParseError.None)
        {
            detail = version == SipParseError.UnsupportedVersion ? "Unsupported SIP version" : "Malformed SIP version";
            return version;
        }

        uriStart = sp1 + 1;
        uriLength = sp2 - uriStart;
        return SipParseError.None;
    }

    /// <summary>The last check of a Request-Line: its URI.</summary>
    private static SipParseError ParseRequestUri(SipText uriText, out SipUri uri, out string? detail)
    {
        detail = null;
        if (!SipUri.TryParse(uriText, out uri))
        {
            detail = uriText.Span.IndexOfAny(SipSyntax.LwsChars) >= 0 ? "Whitespace in Request-URI" : "Invalid Request-URI";
            return SipParseError.InvalidRequestUri;
        }

        if (uri.HasHeaders)
        {
            // RFC 3261 §19.1.1: headers are not allowed in a Request-URI (RFC 4475 escruri).
            uri = default;
            detail = "Header part in Request-URI";
            return SipParseError.InvalidRequestUri;
        }

        return SipParseError.None;
    }

    private static SipParseError ParseStatusLine(
        ReadOnlySpan<byte> line, bool masked, ulong spaces, out int code, out int reasonStart, out int reasonLength, out string? detail)
    {
        code = 0;
        reasonStart = 0;
        reasonLength = 0;
        detail = null;
        var sp = masked ? (spaces == 0 ? -1 : BitOperations.TrailingZeroCount(spaces)) : line.IndexOf(SipSyntax.Sp);
        if (sp < 0)
        {
            detail = "Malformed Status-Line";
            return SipParseError.InvalidStartLine;
        }

        var version = CheckVersion(line[..sp]);
        if (version != SipParseError.None)
        {
            detail = "Unsupported or malformed SIP version";
            return version;
        }

        var c = sp + 1;
        var end = c;
        while (end < line.Length && SipSyntax.IsDigit(line[end]))
        {
            end++;
        }

        if (end - c != 3 || (end < line.Length && line[end] != SipSyntax.Sp))
        {
            detail = "Invalid status code";
            return SipParseError.InvalidStatusCode;
        }

        code = ((line[c] - '0') * 100) + ((line[c + 1] - '0') * 10) + (line[c + 2] - '0');
        if (code is < 100 or > 699)
        {
            detail = "Status code out of range";
            return SipParseError.InvalidStatusCode;
        }

        // The SP before an empty reason phrase is required by the grammar; its absence is tolerated.
        reasonStart = Math.Min(end + 1, line.Length);
        reasonLength = line.Length - reasonStart;
        return SipParseError.None;
    }

    private static SipParseError CheckVersion(ReadOnlySpan<byte> v)
    {
        if (v.SequenceEqual("SIP/2.0"u8) || (v.Length == 7 && Ascii.EqualsIgnoreCase(v, "SIP/2.0"u8)))
        {
            return SipParseError.None;
        }

        if (v.Length < 7 || !Ascii.EqualsIgnoreCase(v[..4], "SIP/"u8))
        {
            return SipParseError.InvalidStartLine;
        }

        var dot = v.IndexOf((byte)'.');
        return dot > 4 && dot < v.Length - 1
            && AllDigits(v[4..dot])
            && AllDigits(v[(dot + 1)..])
                ? SipParseError.UnsupportedVersion
                : SipParseError.InvalidStartLine;
    }

    private static bool AllDigits(ReadOnlySpan<byte> s)
    {
        foreach (var c in s)
        {
            if (!SipSyntax.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
