using System.Runtime.CompilerServices;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Structural checks a parsed (or built) message must pass before anything acts on it: the mandatory
/// headers of RFC 3261 §8.1.1 are present, single-valued ones appear once, CSeq matches the request
/// method, and the values every element reads (Via, From, To, Call-ID, CSeq, Max-Forwards, Expires,
/// Min-Expires; with <see cref="SipValidation.Full"/> also Contact, Route, Record-Route, Path,
/// Service-Route and Content-Type) follow their grammar. Headers the stack does not act on (Date,
/// Warning, unknown ones) are left alone.
/// </summary>
public static class SipMessageValidator
{
    private static readonly SipHeaderId[] Required =
        [SipHeaderId.Via, SipHeaderId.CSeq, SipHeaderId.CallId, SipHeaderId.From, SipHeaderId.To];

    private static readonly SipHeaderId[] Single =
    [
        SipHeaderId.CallId, SipHeaderId.CSeq, SipHeaderId.From, SipHeaderId.To, SipHeaderId.MaxForwards,
        SipHeaderId.ContentLength, SipHeaderId.ContentType, SipHeaderId.Expires, SipHeaderId.MinExpires,
    ];

    private static readonly IdSet SingleSet = IdSet.Of(Single);
    private static readonly IdSet RequiredSet = IdSet.Of(Required);

    /// <summary>
    /// Checks a message; returns null when it is fine, or the failure (a request is answered with 400,
    /// or 501 for an unknown method whose CSeq names another; a response is dropped).
    /// </summary>
    public static SipParseFailure? Validate(SipMessage message, SipValidation level = SipValidation.Full)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (level == SipValidation.None)
        {
            return null;
        }

        var request = message as SipRequest;

        // One pass over the index: which kinds are present, and which more than once (bit sets, no table to clear).
        var counts = default(IdSet);
        for (var i = 0; i < message.HeaderCount; i++)
        {
            counts.Add(message.GetEntry(i).Id);
        }

        if (counts.AnyTwice(SingleSet))
        {
            foreach (var id in Single)
            {
                if (counts.HasTwice(id))
                {
                    return Failure(request, SipParseError.DuplicateHeader, id, "Multiple " + SipHeaderNames.GetName(id) + " headers");
                }
            }
        }

        if (!counts.HasAll(RequiredSet))
        {
            foreach (var id in Required)
            {
                if (!counts.Has(id))
                {
                    return Failure(request, SipParseError.MissingHeader, id, "Missing " + SipHeaderNames.GetName(id) + " header");
                }
            }
        }

        var cseq = message.CSeq;
        if (cseq.IsEmpty)
        {
            return Invalid(request, SipHeaderId.CSeq);
        }

        if (request is not null && cseq.Method != request.Method)
        {
            // RFC 4475 mismatch02: 501 when the request method is one we do not know (better for future
            // methods, especially at proxies); 400 otherwise (mismatch01).
            return new SipParseFailure(
                SipParseError.CSeqMethodMismatch, SipHeaderId.CSeq, "CSeq method does not match the request method",
                request, request.Method.IsKnown ? 400 : 501, closeConnection: false);
        }

        if (!ViasValid(message))
        {
            return Invalid(request, SipHeaderId.Via);
        }

        if (message.FromRef.IsEmpty)
        {
            return Invalid(request, SipHeaderId.From);
        }

        if (message.ToRef.IsEmpty)
        {
            return Invalid(request, SipHeaderId.To);
        }

        if (!IsCallId(message.CallId.Span))
        {
            return Invalid(request, SipHeaderId.CallId);
        }

        if (counts.Has(SipHeaderId.MaxForwards) && message.MaxForwards is null)
        {
            return Invalid(request, SipHeaderId.MaxForwards);
        }

        if (counts.Has(SipHeaderId.Expires) && message.Expires is null)
        {
            return Invalid(request, SipHeaderId.Expires);
        }

        if (counts.Has(SipHeaderId.MinExpires) && message.MinExpires is null)
        {
            return Invalid(request, SipHeaderId.MinExpires);
        }

        if (level != SipValidation.Full)
        {
            return null;
        }

        if (counts.Has(SipHeaderId.Contact) && !ContactsValid(message))
        {
            return Invalid(request, SipHeaderId.Contact);
        }

        foreach (var id in (ReadOnlySpan<SipHeaderId>)[SipHeaderId.Route, SipHeaderId.RecordRoute, SipHeaderId.Path, SipHeaderId.ServiceRoute])
        {
            if (counts.Has(id) && !AllValid<SipNameAddress>(message, id))
            {
                return Invalid(request, id);
            }
        }

        if (counts.Has(SipHeaderId.ContentType) && message.ContentType.IsEmpty)
        {
            return Invalid(request, SipHeaderId.ContentType);
        }

        return null;
    }

    /// <summary>Every Via value parses; the topmost one is read through the message's cache so it is parsed once.</summary>
    private static bool ViasValid(SipMessage message)
    {
        if (message.TopViaRef.IsEmpty)
        {
            return false;
        }

        // Values after the first: the rest of the first line, then the other lines.
        var (first, pos) = message.TopViaRest;
        var rest = message.GetValueText(first);
        while (SipListSplitter.Next(rest.Span, ref pos, out var start, out var len))
        {
            if (!SipVia.TryParse(rest.Slice(start, len), out _))
            {
                return false;
            }
        }

        for (var h = message.IndexOf(SipHeaderId.Via, first + 1); h >= 0; h = message.IndexOf(SipHeaderId.Via, h + 1))
        {
            var line = message.GetValueText(h);
            var p = 0;
            var any = false;
            while (SipListSplitter.Next(line.Span, ref p, out var start, out var len))
            {
                any = true;
                if (!SipVia.TryParse(line.Slice(start, len), out _))
                {
                    return false;
                }
            }

            if (!any)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllValid<T>(SipMessage message, SipHeaderId id)
        where T : struct, ISipHeaderValue<T>
    {
        var total = new SipHeaderValues<T>(message, id).CountValues(out var invalid);
        return invalid == 0 && total > 0;
    }

    private static bool ContactsValid(SipMessage message)
    {
        var total = new SipHeaderValues<SipContact>(message, SipHeaderId.Contact).CountValues(out var invalid);
        if (invalid != 0)
        {
            return false;
        }

        // "*" stands alone (RFC 3261 §10.2.2).
        if (total > 1)
        {
            foreach (var contact in message.Contact)
            {
                if (contact.IsWildcard)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>callid = word [ "@" word ].</summary>
    private static bool IsCallId(ReadOnlySpan<byte> s)
    {
        var at = SipSyntax.ScanClass(s, 0, SipSyntax.Word, SipSyntax.WordNibbles);
        if (at == s.Length)
        {
            return !s.IsEmpty;
        }

        return s[at] == '@' && at > 0 && at < s.Length - 1 && SipSyntax.ScanClass(s, at + 1, SipSyntax.Word, SipSyntax.WordNibbles) == s.Length;
    }

    private static SipParseFailure Invalid(SipRequest? request, SipHeaderId id) =>
        Failure(request, SipParseError.InvalidHeaderValue, id, "Invalid " + SipHeaderNames.GetName(id) + " header");

    private static SipParseFailure Failure(SipRequest? request, SipParseError error, SipHeaderId id, string detail) =>
        new(error, id, detail, request, request is null ? 0 : 400, closeConnection: false);

    /// <summary>Header kinds seen once and seen twice or more, as two 128-bit sets.</summary>
    /// <remarks>
    /// Every member inlines: one call on the set (Has, for Max-Forwards) took its address, and the JIT
    /// then kept the four words in memory, so the counting loop loaded and stored them for each header.
    /// </remarks>
    private struct IdSet
    {
        private ulong _onceLow, _onceHigh, _twiceLow, _twiceHigh;

        public static IdSet Of(SipHeaderId[] ids)
        {
            var set = default(IdSet);
            foreach (var id in ids)
            {
                set.Add(id);
            }

            return set;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(SipHeaderId id)
        {
            var n = (uint)id;
            var bit = 1UL << (int)(n & 63);
            if (n < 64)
            {
                _twiceLow |= _onceLow & bit;
                _onceLow |= bit;
            }
            else
            {
                _twiceHigh |= _onceHigh & bit;
                _onceHigh |= bit;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool Has(SipHeaderId id) =>
            (((uint)id < 64 ? _onceLow : _onceHigh) & (1UL << (int)((uint)id & 63))) != 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool HasTwice(SipHeaderId id) =>
            (((uint)id < 64 ? _twiceLow : _twiceHigh) & (1UL << (int)((uint)id & 63))) != 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool AnyTwice(in IdSet kinds) =>
            ((_twiceLow & kinds._onceLow) | (_twiceHigh & kinds._onceHigh)) != 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool HasAll(in IdSet kinds) =>
            (_onceLow & kinds._onceLow) == kinds._onceLow && (_onceHigh & kinds._onceHigh) == kinds._onceHigh;
    }
}
