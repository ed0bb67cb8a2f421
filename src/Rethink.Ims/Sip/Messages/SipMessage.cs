using System.Buffers;
using System.Globalization;
using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// What requests and responses share: header fields, in order, and a body. A parsed message keeps
/// the received bytes and an index of where each header sits; typed values (Via, From, CSeq ...)
/// are parsed from those bytes each time they are read, so reading allocates nothing until a string
/// is asked for. Headers added or replaced later live in a small arena; all others stay untouched and
/// are written back byte for byte.
/// </summary>
/// <remarks>
/// A parsed message borrows the buffer it was parsed from: keep that buffer alive and unchanged for
/// as long as the message is used, or parse with an owner (see <see cref="SipParser"/>) so that
/// <see cref="Dispose"/> returns it. A message is not thread-safe.
/// </remarks>
public abstract class SipMessage : IDisposable
{
    private SipText _buffer;
    private SipHeaderEntry[] _headers;
    private int _count;
    private byte[]? _arena;
    private int _arenaLength;
    private ReadOnlyMemory<byte> _body;
    private IDisposable? _owner;
    private bool _headersPooled;

    // Kept by its reader past the transport's disposal (KeepPastDisposal): Dispose leaves it as it is.
    private bool _kept;

    // Values read once and kept until a header changes: what every layer above reads, often
    // several times (the validator reads them first).
    private CachedValues _cached;
    private SipNameAddress _from;
    private SipNameAddress _to;
    private SipVia _topVia;
    private int _topViaIndex;
    private int _topViaNext;
    private SipCSeq _cseq;
    private uint _expires;

    /// <summary>Creates an empty message to be filled in.</summary>
    private protected SipMessage() => _headers = new SipHeaderEntry[8];

    /// <summary>Creates a parsed message over <paramref name="buffer"/>; <paramref name="headers"/> comes from the shared pool.</summary>
    private protected SipMessage(
        SipText buffer, SipHeaderEntry[] headers, int count, ReadOnlyMemory<byte> body, IDisposable? owner)
    {
        _buffer = buffer;
        _headers = headers;
        _headersPooled = headers.Length != 0;
        _count = count;
        _body = body;
        _owner = owner;
    }

    /// <summary>
    /// A copy of <paramref name="source"/> (see <see cref="SipMessageCopy"/>): nothing is written or parsed again. The
    /// source's bytes are copied once, its arena after them (so the copy has no arena until it changes), and the header
    /// index with them; a source that is itself a copy lends its bytes, which never change, and only its index and arena
    /// are copied.
    /// </summary>
    /// <param name="source">The message copied.</param>
    /// <param name="room">Header entries to leave free (what a proxy adds to a request: Via, Record-Route).</param>
    private protected SipMessage(SipMessage source, int room)
    {
        _count = source._count;
        _headers = new SipHeaderEntry[source._count + room];
        Array.Copy(source._headers, _headers, source._count);
        if (source.SharesBuffer)
        {
            _buffer = source._buffer;
            if (source._arenaLength > 0)
            {
                _arena = source._arena.AsSpan(0, source._arenaLength).ToArray();
                _arenaLength = source._arenaLength;
            }
        }
        else
        {
            var bytes = new byte[source._buffer.Length + source._arenaLength];
            source._buffer.Span.CopyTo(bytes);
            source._arena.AsSpan(0, source._arenaLength).CopyTo(bytes.AsSpan(source._buffer.Length));
            _buffer = new SipText(bytes);
            for (var i = 0; i < _count; i++)
            {
                ref var e = ref _headers[i];
                if (e.InArena)
                {
                    e.InArena = false;
                    e.ValueStart += source._buffer.Length;
                    if (e.NameLength != 0)
                    {
                        e.NameStart += source._buffer.Length;
                    }
                }
            }
        }

        _body = source.Relocate(source._body, this);
        SharesBuffer = true;
    }

    /// <summary>True for a copy (<see cref="SipMessageCopy"/>): its bytes are a plain array that nothing writes to (changes
    /// go to the arena), so further copies may share them.</summary>
    internal bool SharesBuffer { get; }

    [Flags]
    private enum CachedValues : byte
    {
        None = 0,
        From = 1,
        To = 2,
        TopVia = 4,
        CSeq = 8,
        Expires = 16,
        ExpiresValid = 32,
    }

    /// <summary>True for a request, false for a response.</summary>
    public abstract bool IsRequest { get; }

    /// <summary>All header fields in order, raw, with ways to add, replace and remove them.</summary>
    public SipHeaders Headers => new(this);

    /// <summary>The body bytes (exactly Content-Length bytes for a parsed message).</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>The Call-ID value, or empty.</summary>
    public SipText CallId => Headers.GetValue(SipHeaderId.CallId);

    /// <summary>The CSeq value; default when absent or malformed.</summary>
    public SipCSeq CSeq => GetCached(ref _cseq, CachedValues.CSeq, SipHeaderId.CSeq);

    /// <summary>The From value; default when absent or malformed.</summary>
    public SipNameAddress From => FromRef;

    /// <summary>The To value; default when absent or malformed.</summary>
    public SipNameAddress To => ToRef;

    /// <summary>The cached From, without copying it (for the validator).</summary>
    internal ref readonly SipNameAddress FromRef => ref GetCached(ref _from, CachedValues.From, SipHeaderId.From);

    /// <summary>The cached To, without copying it.</summary>
    internal ref readonly SipNameAddress ToRef => ref GetCached(ref _to, CachedValues.To, SipHeaderId.To);

    /// <summary>All Via values, topmost first, across every Via header line.</summary>
    public SipHeaderValues<SipVia> Via => new(this, SipHeaderId.Via);

    /// <summary>The topmost Via value (the first value of the first Via line); default when absent or malformed.</summary>
    public SipVia TopVia => TopViaRef;

    /// <summary>The cached top Via, without copying it.</summary>
    internal ref readonly SipVia TopViaRef
    {
        get
        {
            if ((_cached & CachedValues.TopVia) == 0)
            {
                _topVia = default;
                var index = IndexOf(SipHeaderId.Via, 0);
                var pos = 0;
                if (index >= 0)
                {
                    var value = GetValueText(index);
                    if (SipListSplitter.Next(value.Span, ref pos, out var start, out var length))
                    {
                        _ = SipVia.TryParse(value.Slice(start, length), out _topVia);
                    }
                }

                _topViaIndex = index;
                _topViaNext = pos;

                _cached |= CachedValues.TopVia;
            }

            return ref _topVia;
        }
    }

    /// <summary>All Contact values across every Contact header line.</summary>
    public SipHeaderValues<SipContact> Contact => new(this, SipHeaderId.Contact);

    /// <summary>Max-Forwards (0-255), or null when absent or malformed.</summary>
    public int? MaxForwards => TryGetNumber(SipHeaderId.MaxForwards, 255, out var v) ? (int)v : null;

    /// <summary>Expires in seconds, or null when absent or malformed.</summary>
    /// <remarks>Kept once read, like From and To: the validator reads it, and a registrar again.</remarks>
    public uint? Expires
    {
        get
        {
            if ((_cached & CachedValues.Expires) == 0)
            {
                if (TryGetNumber(SipHeaderId.Expires, uint.MaxValue, out var v))
                {
                    _expires = (uint)v;
                    _cached |= CachedValues.ExpiresValid;
                }

                _cached |= CachedValues.Expires;
            }

            return (_cached & CachedValues.ExpiresValid) != 0 ? _expires : null;
        }
    }

    /// <summary>Min-Expires in seconds, or null when absent or malformed.</summary>
    public uint? MinExpires => TryGetNumber(SipHeaderId.MinExpires, uint.MaxValue, out var v) ? (uint)v : null;

    /// <summary>Content-Length as written, or null when absent or malformed (see <see cref="Body"/> for the bytes).</summary>
    public int? ContentLength => TryGetNumber(SipHeaderId.ContentLength, int.MaxValue, out var v) ? (int)v : null;

    /// <summary>All Route values, in order.</summary>
    public SipHeaderValues<SipNameAddress> Route => new(this, SipHeaderId.Route);

    /// <summary>All Record-Route values, in order.</summary>
    public SipHeaderValues<SipNameAddress> RecordRoute => new(this, SipHeaderId.RecordRoute);

    /// <summary>All Path values (RFC 3327), in order.</summary>
    public SipHeaderValues<SipNameAddress> Path => new(this, SipHeaderId.Path);

    /// <summary>All Service-Route values (RFC 3608), in order.</summary>
    public SipHeaderValues<SipNameAddress> ServiceRoute => new(this, SipHeaderId.ServiceRoute);

    /// <summary>Every Authorization header (one credentials value each).</summary>
    public SipHeaderValues<SipAuthHeaderValue> Authorization => new(this, SipHeaderId.Authorization);

    /// <summary>Every Proxy-Authorization header.</summary>
    public SipHeaderValues<SipAuthHeaderValue> ProxyAuthorization => new(this, SipHeaderId.ProxyAuthorization);

    /// <summary>Every WWW-Authenticate header (one challenge each).</summary>
    public SipHeaderValues<SipAuthHeaderValue> WwwAuthenticate => new(this, SipHeaderId.WwwAuthenticate);

    /// <summary>Every Proxy-Authenticate header.</summary>
    public SipHeaderValues<SipAuthHeaderValue> ProxyAuthenticate => new(this, SipHeaderId.ProxyAuthenticate);

    /// <summary>The Authentication-Info parameters, or empty.</summary>
    public SipAuthParameters AuthenticationInfo => new(Headers.GetValue(SipHeaderId.AuthenticationInfo));

    /// <summary>The Content-Type; default when absent or malformed.</summary>
    public SipMediaType ContentType => TryGetSingle(SipHeaderId.ContentType, out SipMediaType v) ? v : default;

    /// <summary>Supported option tags.</summary>
    public SipHeaderValues<SipToken> Supported => new(this, SipHeaderId.Supported);

    /// <summary>Require option tags.</summary>
    public SipHeaderValues<SipToken> Require => new(this, SipHeaderId.Require);

    /// <summary>Proxy-Require option tags.</summary>
    public SipHeaderValues<SipToken> ProxyRequire => new(this, SipHeaderId.ProxyRequire);

    /// <summary>Unsupported option tags.</summary>
    public SipHeaderValues<SipToken> Unsupported => new(this, SipHeaderId.Unsupported);

    /// <summary>Allow methods.</summary>
    public SipHeaderValues<SipToken> Allow => new(this, SipHeaderId.Allow);

    /// <summary>Warning values.</summary>
    public SipHeaderValues<SipWarning> Warning => new(this, SipHeaderId.Warning);

    /// <summary>The Date value as written, or empty (see <see cref="TryGetDate"/>).</summary>
    public SipText Date => Headers.GetValue(SipHeaderId.Date);

    /// <summary>The User-Agent value, or empty.</summary>
    public SipText UserAgent => Headers.GetValue(SipHeaderId.UserAgent);

    /// <summary>The Server value, or empty.</summary>
    public SipText Server => Headers.GetValue(SipHeaderId.Server);

    /// <summary>Reads Date as an RFC 1123 date; only "GMT" is valid in SIP (RFC 3261 §20.17).</summary>
    public bool TryGetDate(out DateTimeOffset date)
    {
        date = default;
        var raw = Date.Span;
        if (raw.IsEmpty || raw.Length > 64)
        {
            return false;
        }

        Span<char> chars = stackalloc char[64];
        var n = Encoding.ASCII.GetChars(raw, chars);
        return DateTimeOffset.TryParseExact(
            chars[..n], "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);
    }

    /// <summary>
    /// Replaces the body and sets Content-Length to its length (the body memory is kept, not copied).
    /// </summary>
    public void SetBody(ReadOnlyMemory<byte> body)
    {
        _body = body;
        Headers.Set(SipHeaderId.ContentLength, body.Length);
    }

    /// <summary>Replaces the body and sets Content-Type and Content-Length.</summary>
    public void SetBody(ReadOnlyMemory<byte> body, string contentType)
    {
        SetBody(body);
        Headers.Set(SipHeaderId.ContentType, contentType);
    }

    /// <summary>
    /// Returns the pooled memory the message uses: its header index and, if it owns one, the buffer it
    /// was parsed into. The message is empty afterwards. Not disposing is safe (the GC reclaims both).
    /// </summary>
    public void Dispose()
    {
        if (_kept)
        {
            return;
        }

        var owner = _owner;
        _owner = null;
        if (_headersPooled)
        {
            _headersPooled = false;
            ArrayPool<SipHeaderEntry>.Shared.Return(_headers);
        }

        _headers = [];
        _count = 0;
        _buffer = default;
        _body = default;
        Invalidate();
        owner?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The start line, for debugging.</summary>
    public override string ToString() => Encoding.UTF8.GetString(SipMessageWriter.ToArray(this)).Split("\r\n")[0];

    internal int HeaderCount => _count;

    /// <summary>A copy of this message (see <see cref="SipMessageCopy"/>).</summary>
    internal abstract SipMessage Copy();

    /// <summary>
    /// This message for a reader that keeps it after its receiver disposes it (<see cref="SipMessageCopy.KeepPastDisposal"/>):
    /// a message over bytes of its own (<see cref="OwnedBytes"/>) is kept as it is (its pooled header index traded for an
    /// exact copy) and its <see cref="Dispose"/> made a no-op; any other is copied.
    /// </summary>
    internal SipMessage KeepPastDisposal()
    {
        if (!ReferenceEquals(_owner, OwnedBytes.Instance))
        {
            return Copy();
        }

        if (_headersPooled)
        {
            // The pool's array goes back (kept, it would make the pool allocate another); the message keeps an exact copy.
            var exact = _headers.AsSpan(0, _count).ToArray();
            ArrayPool<SipHeaderEntry>.Shared.Return(_headers);
            _headers = exact;
            _headersPooled = false;
        }

        _kept = true;
        return this;
    }

    /// <summary>
    /// <paramref name="memory"/> of this message (a body, a URI, a reason phrase) as its <paramref name="copy"/> sees it:
    /// inside this message's bytes, the same place in the copy's; elsewhere (set later), as it is when the copy shares
    /// this message's bytes, else copied too, so that a copy of a received message holds nothing of the receive buffer.
    /// </summary>
    private protected ReadOnlyMemory<byte> Relocate(ReadOnlyMemory<byte> memory, SipMessage copy)
    {
        if (memory.IsEmpty)
        {
            return default;
        }

        if (_buffer.Span.Overlaps(memory.Span, out var offset))
        {
            return copy._buffer.Slice(offset, memory.Length).Memory;
        }

        return SharesBuffer ? memory : memory.ToArray();
    }

    /// <summary>
    /// Where the values after the top Via start: the index of the first Via line (-1 when none) and
    /// the splitter position past its first value, so that validation goes on without splitting again.
    /// </summary>
    internal (int Index, int Next) TopViaRest
    {
        get
        {
            _ = TopViaRef.IsEmpty;
            return (_topViaIndex, _topViaNext);
        }
    }

    internal ref readonly SipHeaderEntry GetEntry(int index) => ref _headers[index];

    internal int IndexOf(SipHeaderId id, int start)
    {
        var headers = _headers;
        for (var i = start; i < _count; i++)
        {
            if (headers[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    internal int IndexOfName(ReadOnlySpan<byte> name, int start)
    {
        var id = SipHeaderNames.Lookup(name);
        if (id != SipHeaderId.Unknown)
        {
            return IndexOf(id, start);
        }

        for (var i = start; i < _count; i++)
        {
            if (_headers[i].Id == SipHeaderId.Unknown && Ascii.EqualsIgnoreCase(GetNameMemory(i).Span, name))
            {
                return i;
            }
        }

        return -1;
    }

    internal SipText GetValueText(int index)
    {
        ref readonly var e = ref _headers[index];
        return e.InArena ? new SipText(_arena!, e.ValueStart, e.ValueLength) : _buffer.Slice(e.ValueStart, e.ValueLength);
    }

    internal ReadOnlyMemory<byte> GetNameMemory(int index)
    {
        ref readonly var e = ref _headers[index];
        if (e.NameLength == 0)
        {
            return SipHeaderNames.GetNameMemory(e.Id);
        }

        return e.InArena ? _arena.AsMemory(e.NameStart, e.NameLength) : _buffer.Slice(e.NameStart, e.NameLength).Memory;
    }

    internal void Insert(int index, SipHeaderId id, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        CheckInsert(index, id, name);
        var entry = new SipHeaderEntry { Id = id, InArena = true };
        if (!name.IsEmpty && !(id != SipHeaderId.Unknown && name.SequenceEqual(SipHeaderNames.GetNameBytes(id))))
        {
            entry.NameStart = Append(name);
            entry.NameLength = (ushort)name.Length;
        }

        entry.ValueStart = Append(value);
        entry.ValueLength = value.Length;
        Place(index, entry);
    }

    /// <summary>Inserts a known header whose value is text, encoded as UTF-8 straight into the arena (no intermediate array).</summary>
    internal void Insert(int index, SipHeaderId id, ReadOnlySpan<char> value)
    {
        CheckInsert(index, id, default);
        var length = Encoding.UTF8.GetByteCount(value);
        var start = Reserve(length);
        Encoding.UTF8.GetBytes(value, _arena.AsSpan(start, length));
        Place(index, new SipHeaderEntry { Id = id, InArena = true, ValueStart = start, ValueLength = length });
    }

    /// <summary>Makes room for <paramref name="bytes"/> more bytes of header text at once, so that a message built header by
    /// header (a response) allocates its arena once instead of doubling it as it goes.</summary>
    internal void ReserveArena(int bytes) => EnsureArena(bytes);

    private void CheckInsert(int index, SipHeaderId id, ReadOnlySpan<byte> name)
    {
        if ((uint)index > (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        if (id == SipHeaderId.Unknown && name.IsEmpty)
        {
            throw new ArgumentException("An unknown header needs a name.", nameof(name));
        }

        if (name.Length > ushort.MaxValue)
        {
            throw new ArgumentException("The header name is too long.", nameof(name));
        }
    }

    private void Place(int index, SipHeaderEntry entry)
    {
        if (_count == _headers.Length)
        {
            var grown = new SipHeaderEntry[Math.Max(8, _count * 2)];
            Array.Copy(_headers, grown, _count);
            if (_headersPooled)
            {
                _headersPooled = false;
                ArrayPool<SipHeaderEntry>.Shared.Return(_headers);
            }

            _headers = grown;
        }

        Invalidate();

        Array.Copy(_headers, index, _headers, index + 1, _count - index);
        _headers[index] = entry;
        _count++;
    }

    internal void RemoveAt(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        Array.Copy(_headers, index + 1, _headers, index, _count - index - 1);
        _count--;
        Invalidate();
    }

    internal void ReplaceValue(int index, ReadOnlySpan<byte> value)
    {
        ref var e = ref _headers[index];
        if (!e.InArena && e.NameLength != 0)
        {
            // Move the name too: an entry's name and value live in the same place.
            e.NameStart = Append(_buffer.Span.Slice(e.NameStart, e.NameLength));
        }

        e.InArena = true;
        e.ValueStart = Append(value);
        e.ValueLength = value.Length;
        Invalidate();
    }

    /// <summary>Narrows a header's value to a part of itself (no copy), e.g. after removing its first list element.</summary>
    internal void NarrowValue(int index, int start, int length)
    {
        ref var e = ref _headers[index];
        e.ValueStart += start;
        e.ValueLength = length;
        Invalidate();
    }

    private void Invalidate()
    {
        _cached = CachedValues.None;
        _from = default;
        _to = default;
        _topVia = default;
        _cseq = default;
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        var start = Reserve(bytes.Length);
        bytes.CopyTo(_arena.AsSpan(start));
        return start;
    }

    /// <summary>Takes <paramref name="length"/> bytes at the end of the arena and returns where they start.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_arena))]
    private int Reserve(int length)
    {
        EnsureArena(length);
        var start = _arenaLength;
        _arenaLength += length;
        return start;
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_arena))]
    private void EnsureArena(int more)
    {
        if (_arena is null || _arena.Length - _arenaLength < more)
        {
            var size = Math.Max(256, Math.Max(more + _arenaLength, (_arena?.Length ?? 0) * 2));
            var grown = new byte[size];
            if (_arena is not null)
            {
                _arena.AsSpan(0, _arenaLength).CopyTo(grown);
            }

            _arena = grown;
        }
    }

    /// <summary>A single-valued header parsed on first read and kept (every layer reads From, To and CSeq).</summary>
    private ref T GetCached<T>(ref T field, CachedValues flag, SipHeaderId id)
        where T : struct, ISipHeaderValue<T>
    {
        if ((_cached & flag) == 0)
        {
            // Parsed straight into the cache field: the value is not copied through a local first.
            var index = IndexOf(id, 0);
            if (index < 0 || !T.TryParse(GetValueText(index), out field))
            {
                field = default;
            }

            _cached |= flag;
        }

        return ref field;
    }

    private bool TryGetSingle<T>(SipHeaderId id, out T value)
        where T : struct, ISipHeaderValue<T>
    {
        var index = IndexOf(id, 0);
        if (index < 0)
        {
            value = default;
            return false;
        }

        return T.TryParse(GetValueText(index), out value);
    }

    private bool TryGetNumber(SipHeaderId id, ulong max, out ulong value)
    {
        var index = IndexOf(id, 0);
        if (index < 0)
        {
            value = 0;
            return false;
        }

        return SipSyntax.TryParseDigits(SipSyntax.TrimLws(GetValueText(index).Span), max, out value);
    }
}
