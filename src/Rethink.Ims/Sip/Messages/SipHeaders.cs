using System.Globalization;
using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// The header fields of a message, in order, with raw access and in-place edits. Edits touch only the
/// fields concerned: every other field keeps pointing at the received bytes and is written back
/// unchanged. Values given as strings are encoded as UTF-8; they must not contain CR or LF.
/// </summary>
public readonly struct SipHeaders
{
    private readonly SipMessage _message;

    internal SipHeaders(SipMessage message) => _message = message;

    /// <summary>Number of header fields.</summary>
    public int Count => _message.HeaderCount;

    /// <summary>The field at <paramref name="index"/>.</summary>
    public SipHeader this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return new SipHeader(
                _message.GetEntry(index).Id, new SipText(_message.GetNameMemory(index)), _message.GetValueText(index));
        }
    }

    /// <summary>True when a header of that kind is present.</summary>
    public bool Contains(SipHeaderId id) => _message.IndexOf(id, 0) >= 0;

    /// <summary>True when a header of that name (any form, any case) is present.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Index of the first header of that kind, or -1.</summary>
    public int IndexOf(SipHeaderId id) => _message.IndexOf(id, 0);

    /// <summary>Index of the first header of that kind at or after <paramref name="start"/>, or -1.</summary>
    public int IndexOf(SipHeaderId id, int start) => _message.IndexOf(id, start);

    /// <summary>Index of the first header of that name (long or compact form, any case), or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _message.IndexOfName(Encoding.UTF8.GetBytes(name), 0);
    }

    /// <summary>Index of the first header of that name, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> name) => _message.IndexOfName(name, 0);

    /// <summary>Number of header fields of that kind.</summary>
    public int CountOf(SipHeaderId id)
    {
        var n = 0;
        for (var i = _message.IndexOf(id, 0); i >= 0; i = _message.IndexOf(id, i + 1))
        {
            n++;
        }

        return n;
    }

    /// <summary>The raw value of the first header of that kind.</summary>
    public bool TryGetValue(SipHeaderId id, out SipText value)
    {
        var i = _message.IndexOf(id, 0);
        value = i >= 0 ? _message.GetValueText(i) : default;
        return i >= 0;
    }

    /// <summary>The raw value of the first header of that name.</summary>
    public bool TryGetValue(string name, out SipText value)
    {
        var i = IndexOf(name);
        value = i >= 0 ? _message.GetValueText(i) : default;
        return i >= 0;
    }

    /// <summary>The raw value of the first header of that kind, or empty.</summary>
    public SipText GetValue(SipHeaderId id)
    {
        var i = _message.IndexOf(id, 0);
        return i >= 0 ? _message.GetValueText(i) : default;
    }

    /// <summary>Appends a header.</summary>
    public void Add(SipHeaderId id, string value) => Insert(Count, id, value);

    /// <summary>Appends a header whose value is given as bytes.</summary>
    public void Add(SipHeaderId id, ReadOnlySpan<byte> value) => Insert(Count, id, value);

    /// <summary>Appends a header by name (recognised names get their <see cref="SipHeaderId"/>; the name is kept as given).</summary>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = ToNameBytes(name);
        var valueBytes = ToValueBytes(value);
        CheckValue(valueBytes);
        _message.Insert(Count, SipHeaderNames.Lookup(nameBytes), nameBytes, valueBytes);
    }

    /// <summary>Inserts a header at <paramref name="index"/>.</summary>
    public void Insert(int index, SipHeaderId id, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Insert(index, id, value.AsSpan());
    }

    /// <summary>Inserts a header whose value is given as text at <paramref name="index"/>: encoded as UTF-8 straight into the
    /// message, without an intermediate array.</summary>
    internal void Insert(int index, SipHeaderId id, ReadOnlySpan<char> value)
    {
        if (id == SipHeaderId.Unknown)
        {
            throw new ArgumentException("Use Add(name, value) for other headers.", nameof(id));
        }

        if (value.IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A header value cannot hold CR or LF.", nameof(value));
        }

        _message.Insert(index, id, value);
    }

    /// <summary>Appends a header whose value is given as text (see <see cref="Insert(int, SipHeaderId, ReadOnlySpan{char})"/>).</summary>
    internal void Add(SipHeaderId id, ReadOnlySpan<char> value) => Insert(Count, id, value);

    /// <summary>Inserts a header whose value is given as bytes at <paramref name="index"/>.</summary>
    public void Insert(int index, SipHeaderId id, ReadOnlySpan<byte> value)
    {
        if (id == SipHeaderId.Unknown)
        {
            throw new ArgumentException("Use Add(name, value) for other headers.", nameof(id));
        }

        CheckValue(value);
        _message.Insert(index, id, default, value);
    }

    /// <summary>
    /// Inserts a header just above the first header of the same kind, or at the top when there is none:
    /// what a proxy does with its Via and Record-Route (RFC 3261 §16.6).
    /// </summary>
    public void Prepend(SipHeaderId id, string value) => Prepend(id, ToValueBytes(value));

    /// <summary>Prepends a header whose value is given as bytes.</summary>
    public void Prepend(SipHeaderId id, ReadOnlySpan<byte> value)
    {
        var first = _message.IndexOf(id, 0);
        Insert(first < 0 ? 0 : first, id, value);
    }

    /// <summary>Replaces the first header of that kind (removing any others) or appends it when absent.</summary>
    public void Set(SipHeaderId id, string value) => Set(id, ToValueBytes(value));

    /// <summary>Sets a header to a decimal number (Max-Forwards, Expires, Content-Length ...).</summary>
    public void Set(SipHeaderId id, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var n, provider: CultureInfo.InvariantCulture);
        Set(id, digits[..n]);
    }

    /// <summary>Replaces the first header of that kind (removing any others) or appends it when absent.</summary>
    public void Set(SipHeaderId id, ReadOnlySpan<byte> value)
    {
        if (id == SipHeaderId.Unknown)
        {
            throw new ArgumentException("Use the name-based methods for other headers.", nameof(id));
        }

        CheckValue(value);
        var first = _message.IndexOf(id, 0);
        if (first < 0)
        {
            _message.Insert(Count, id, default, value);
            return;
        }

        _message.ReplaceValue(first, value);
        for (var i = _message.IndexOf(id, first + 1); i >= 0; i = _message.IndexOf(id, i))
        {
            _message.RemoveAt(i);
        }
    }

    /// <summary>Removes every header of that kind; returns how many were removed.</summary>
    public int Remove(SipHeaderId id)
    {
        var n = 0;
        for (var i = _message.IndexOf(id, 0); i >= 0; i = _message.IndexOf(id, i))
        {
            _message.RemoveAt(i);
            n++;
        }

        return n;
    }

    /// <summary>Removes every header of that name (any form, any case); returns how many were removed.</summary>
    public int Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Encoding.UTF8.GetBytes(name);
        var n = 0;
        for (var i = _message.IndexOfName(bytes, 0); i >= 0; i = _message.IndexOfName(bytes, i))
        {
            _message.RemoveAt(i);
            n++;
        }

        return n;
    }

    /// <summary>Removes the field at <paramref name="index"/>.</summary>
    public void RemoveAt(int index) => _message.RemoveAt(index);

    /// <summary>
    /// Removes the first value of a list header: the whole first field when it holds one value, or that
    /// value alone from <c>Route: &lt;a&gt;, &lt;b&gt;</c> (no copy: the field is narrowed). What a proxy
    /// does with the topmost Route, or with its own Via in a response. Returns false when there is none.
    /// </summary>
    public bool RemoveFirstValue(SipHeaderId id)
    {
        var index = _message.IndexOf(id, 0);
        if (index < 0)
        {
            return false;
        }

        var s = _message.GetValueText(index).Span;
        var pos = 0;
        if (!SipListSplitter.Next(s, ref pos, out _, out _) || pos >= s.Length)
        {
            _message.RemoveAt(index);
            return true;
        }

        var rest = SipSyntax.TrimRange(s, pos, s.Length);
        if (rest.Length == 0)
        {
            _message.RemoveAt(index);
        }
        else
        {
            _message.NarrowValue(index, rest.Start, rest.Length);
        }

        return true;
    }

    /// <summary>Enumerates the fields in order.</summary>
    public Enumerator GetEnumerator() => new(this);

    private static byte[] ToNameBytes(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length == 0 || bytes.AsSpan().IndexOfAnyExcept(SipSyntax.TokenChars) >= 0)
        {
            throw new ArgumentException("A header name must be a token.", nameof(name));
        }

        return bytes;
    }

    private static byte[] ToValueBytes(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Encoding.UTF8.GetBytes(value);
    }

    private static void CheckValue(ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            throw new ArgumentException("A header value cannot hold CR or LF.", nameof(value));
        }
    }

    /// <summary>Walks the header fields.</summary>
    public struct Enumerator
    {
        private readonly SipHeaders _headers;
        private int _index;

        internal Enumerator(SipHeaders headers)
        {
            _headers = headers;
            _index = -1;
        }

        /// <summary>The current field.</summary>
        public readonly SipHeader Current => _headers[_index];

        /// <summary>Moves to the next field.</summary>
        public bool MoveNext() => ++_index < _headers.Count;
    }
}
