using System.Runtime.CompilerServices;
using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// The <c>;name=value</c> parameters of a URI or header value, read lazily from the bytes they
/// were written with. Names match case-insensitively and after %HH unescaping.
/// </summary>
public readonly struct SipParameters
{
    private readonly SipText _raw;

    /// <summary>Wraps the raw parameter text, which starts at the first ';' (or is empty).</summary>
    internal SipParameters(SipText raw) => _raw = raw;

    /// <summary>The parameters exactly as written, from the first ';'.</summary>
    public SipText Raw => _raw;

    /// <summary>True when there is no parameter.</summary>
    public bool IsEmpty => _raw.IsEmpty;

    /// <summary>Number of parameters.</summary>
    public int Count
    {
        get
        {
            var s = _raw.Span;
            var pos = 0;
            var n = 0;
            while (Next(s, ref pos, out _))
            {
                n++;
            }

            return n;
        }
    }

    /// <summary>True when a parameter of that name is present (with or without value).</summary>
    public bool Contains(ReadOnlySpan<byte> name) => Find(_raw.Span, name, out _);

    /// <summary>True when a parameter of that name is present.</summary>
    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Contains(Encoding.UTF8.GetBytes(name));
    }

    /// <summary>Finds a parameter's raw value (empty for a bare name).</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out SipText value)
    {
        if (Find(_raw.Span, name, out var item))
        {
            value = _raw.Slice(item.ValueStart, item.ValueEnd - item.ValueStart);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Finds a parameter's raw value by a string name.</summary>
    public bool TryGetValue(string name, out SipText value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGetValue(Encoding.UTF8.GetBytes(name), out value);
    }

    /// <summary>The raw value of a parameter, or empty when absent or bare.</summary>
    public SipText GetValue(ReadOnlySpan<byte> name) => TryGetValue(name, out var value) ? value : default;

    /// <summary>Finds a parameter.</summary>
    public bool TryGet(ReadOnlySpan<byte> name, out SipParameter parameter)
    {
        if (Find(_raw.Span, name, out var item))
        {
            parameter = item.ToParameter(_raw);
            return true;
        }

        parameter = default;
        return false;
    }

    /// <summary>Enumerates the parameters in order.</summary>
    public Enumerator GetEnumerator() => new(_raw);

    /// <summary>The parameters as written.</summary>
    public override string ToString() => Raw.ToString();

    /// <summary>True when a raw parameter name equals <paramref name="name"/> ignoring case, after unescaping.</summary>
    internal static bool NameEquals(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> name)
    {
        if (raw.Length == name.Length)
        {
            return raw.Length > 0 && (raw[0] | 0x20) == (name[0] | 0x20) && Ascii.EqualsIgnoreCase(raw, name);
        }

        // Only an escaped name can be longer than what it spells (RFC 4475 esc01: %6C%72 is "lr").
        return raw.Length > name.Length && raw.Contains((byte)'%') && SipText.EqualsUnescaped(raw, name, ignoreCase: true);
    }

    private static bool Find(ReadOnlySpan<byte> s, ReadOnlySpan<byte> name, out Item item)
    {
        var pos = 0;
        while (Next(s, ref pos, out item))
        {
            if (NameEquals(s[item.NameStart..item.NameEnd], name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the parameter at <paramref name="pos"/>; LWS around ';' and '=' is skipped, quoted values may hold ';'.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Next(ReadOnlySpan<byte> s, ref int pos, out Item item)
    {
        while (pos < s.Length)
        {
            var i = pos;
            if (s[i] == ';')
            {
                i++;
            }

            i = SipSyntax.SkipLws(s, i);
            var nameStart = i;
            i = SipSyntax.ScanToParamStop(s, i);

            var nameEnd = i;
            i = SipSyntax.SkipLws(s, i);
            if (i < s.Length && s[i] == '=')
            {
                i = SipSyntax.SkipLws(s, i + 1);
                var valueStart = i;
                if (i < s.Length && s[i] == '"')
                {
                    var q = SipSyntax.ScanQuoted(s, i);
                    i = q < 0 ? s.Length : q;
                }
                else
                {
                    i = SipSyntax.ScanToValueStop(s, i);
                }

                item = new Item(nameStart, nameEnd, valueStart, i, true);
                pos = SkipToNext(s, i);
                return true;
            }

            pos = SkipToNext(s, i);
            if (nameEnd > nameStart)
            {
                item = new Item(nameStart, nameEnd, nameEnd, nameEnd, false);
                return true;
            }
        }

        item = default;
        return false;
    }

    private static int SkipToNext(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] != ';')
        {
            i++;
        }

        return i;
    }

    private readonly record struct Item(int NameStart, int NameEnd, int ValueStart, int ValueEnd, bool HasValue)
    {
        public SipParameter ToParameter(SipText raw) => new(
            raw[NameStart..NameEnd], raw[ValueStart..ValueEnd], HasValue);
    }

    /// <summary>Walks <c>;name=value</c> items.</summary>
    /// <remarks>A ref struct that keeps the span of the list, as <see cref="SipAuthParameters.Enumerator"/> does.</remarks>
    public ref struct Enumerator
    {
        private readonly SipText _raw;
        private readonly ReadOnlySpan<byte> _span;
        private int _pos;

        internal Enumerator(SipText raw)
        {
            _raw = raw;
            _span = raw.Span;
            _pos = 0;
            Current = default;
        }

        /// <summary>The current parameter.</summary>
        public SipParameter Current { get; private set; }

        /// <summary>Moves to the next parameter.</summary>
        /// <remarks>
        /// Inlined into the loop that calls it (the scan is not): the current parameter is then built
        /// where it is read, instead of being stored in the enumerator and copied out at once.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext()
        {
            if (Next(_span, ref _pos, out var item))
            {
                Current = item.ToParameter(_raw);
                return true;
            }

            return false;
        }
    }
}
