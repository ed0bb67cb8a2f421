namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// The <c>;name=value</c> parameters of a URI or header value, read lazily from the bytes they
/// were written with. Names match case-insensitively and after %HH unescaping.
/// </summary>
public readonly struct SipParameters
{
    private readonly ReadOnlyMemory<byte> _raw;

    /// <summary>Wraps the raw parameter text, which starts at the first ';' (or is empty).</summary>
    internal SipParameters(ReadOnlyMemory<byte> raw) => _raw = raw;

    /// <summary>The parameters exactly as written, from the first ';'.</summary>
    public SipText Raw => new(_raw);

    /// <summary>True when there is no parameter.</summary>
    public bool IsEmpty => _raw.IsEmpty;

    /// <summary>Number of parameters.</summary>
    public int Count
    {
        get
        {
            var n = 0;
            foreach (var unused in this)
            {
                n++;
            }

            return n;
        }
    }

    /// <summary>True when a parameter of that name is present (with or without value).</summary>
    public bool Contains(ReadOnlySpan<byte> name) => TryGet(name, out _);

    /// <summary>True when a parameter of that name is present.</summary>
    public bool Contains(string name) => TryGet(System.Text.Encoding.UTF8.GetBytes(name), out _);

    /// <summary>Finds a parameter's raw value (empty for a bare name).</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out SipText value)
    {
        var found = TryGet(name, out var p);
        value = p.Value;
        return found;
    }

    /// <summary>Finds a parameter's raw value by a string name.</summary>
    public bool TryGetValue(string name, out SipText value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGetValue(System.Text.Encoding.UTF8.GetBytes(name), out value);
    }

    /// <summary>The raw value of a parameter, or empty when absent or bare.</summary>
    public SipText GetValue(ReadOnlySpan<byte> name) => TryGet(name, out var p) ? p.Value : default;

    /// <summary>Finds a parameter.</summary>
    public bool TryGet(ReadOnlySpan<byte> name, out SipParameter parameter)
    {
        foreach (var p in this)
        {
            if (SipText.EqualsUnescaped(p.Name.Span, name, ignoreCase: true))
            {
                parameter = p;
                return true;
            }
        }

        parameter = default;
        return false;
    }

    /// <summary>Enumerates the parameters in order.</summary>
    public Enumerator GetEnumerator() => new(_raw);

    /// <summary>The parameters as written.</summary>
    public override string ToString() => Raw.ToString();

    /// <summary>Walks <c>;name=value</c> items; quoted values may contain ';'.</summary>
    public struct Enumerator
    {
        private readonly ReadOnlyMemory<byte> _raw;
        private int _pos;

        internal Enumerator(ReadOnlyMemory<byte> raw)
        {
            _raw = raw;
            _pos = 0;
            Current = default;
        }

        /// <summary>The current parameter.</summary>
        public SipParameter Current { get; private set; }

        /// <summary>Moves to the next parameter.</summary>
        public bool MoveNext()
        {
            var s = _raw.Span;
            while (_pos < s.Length)
            {
                var i = SipSyntax.SkipLws(s, _pos);
                if (i < s.Length && s[i] == ';')
                {
                    i = SipSyntax.SkipLws(s, i + 1);
                }

                var nameStart = i;
                while (i < s.Length && s[i] != '=' && s[i] != ';' && !SipSyntax.IsLws(s[i]))
                {
                    i++;
                }

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
                        while (i < s.Length && s[i] != ';' && !SipSyntax.IsLws(s[i]))
                        {
                            i++;
                        }
                    }

                    var valueEnd = i;
                    _pos = SkipToNext(s, i);
                    Current = new SipParameter(
                        new SipText(_raw[nameStart..nameEnd]), new SipText(_raw[valueStart..valueEnd]), hasValue: true);
                    return true;
                }

                _pos = SkipToNext(s, i);
                if (nameEnd > nameStart)
                {
                    Current = new SipParameter(new SipText(_raw[nameStart..nameEnd]), default, hasValue: false);
                    return true;
                }
            }

            return false;
        }

        private static int SkipToNext(ReadOnlySpan<byte> s, int i)
        {
            var n = s[i..].IndexOf((byte)';');
            return n < 0 ? s.Length : i + n;
        }
    }
}
