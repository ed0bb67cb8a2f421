using System.Runtime.CompilerServices;
using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Comma-separated <c>name=value</c> authentication parameters (RFC 3261 §25: auth-param,
/// digest-response, digest challenge, ainfo). Values may be tokens or quoted-strings; commas inside
/// quotes do not split.
/// </summary>
public readonly struct SipAuthParameters
{
    private readonly SipText _raw;

    internal SipAuthParameters(SipText raw) => _raw = raw;

    /// <summary>The parameters as written.</summary>
    public SipText Raw => _raw;

    /// <summary>True when there is no parameter.</summary>
    public bool IsEmpty => _raw.IsEmpty;

    /// <summary>Finds a parameter (name case-insensitive) and returns its value unquoted; allocates only for quoted-pairs.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out SipText value)
    {
        var s = _raw.Span;
        var pos = 0;
        while (Next(s, ref pos, out var nameStart, out var nameEnd, out var valueStart, out var valueEnd))
        {
            if (nameEnd - nameStart == name.Length && name.Length > 0 && (s[nameStart] | 0x20) == (name[0] | 0x20)
                && Ascii.EqualsIgnoreCase(s[nameStart..nameEnd], name))
            {
                value = _raw[valueStart..valueEnd].Unquote();
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Finds a parameter by a string name.</summary>
    public bool TryGetValue(string name, out SipText value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGetValue(System.Text.Encoding.UTF8.GetBytes(name), out value);
    }

    /// <summary>The unquoted value of a parameter, or empty when absent.</summary>
    public SipText GetValue(ReadOnlySpan<byte> name) => TryGetValue(name, out var v) ? v : default;

    /// <summary>
    /// The fields of a digest response a server checks (RFC 3261 §25.1, RFC 7616), unquoted, found in one walk: the
    /// first of each name wins, as with <see cref="GetValue"/>. A walk per field read each value ten times over.
    /// </summary>
    internal SipDigestFields ReadDigestFields()
    {
        var fields = default(SipDigestFields);
        var s = _raw.Span;
        var pos = 0;
        while (Next(s, ref pos, out var nameStart, out var nameEnd, out var valueStart, out var valueEnd))
        {
            var field = SipDigestFields.FieldOf(s[nameStart..nameEnd]);
            if (fields.Wants(field))
            {
                fields.Set(field, _raw[valueStart..valueEnd].Unquote());
            }
        }

        return fields;
    }

    /// <summary>Enumerates the parameters; <see cref="SipParameter.Value"/> is as written (quotes kept).</summary>
    public Enumerator GetEnumerator() => new(_raw);

    /// <summary>The parameters as written.</summary>
    public override string ToString() => Raw.ToString();

    /// <summary>Checks the grammar: 1#( token EQUAL ( token / quoted-string ) ), LWS allowed around ',' and '='.</summary>
    internal static bool IsValid(ReadOnlySpan<byte> s)
    {
        var i = SipSyntax.SkipLws(s, 0);
        if (i >= s.Length)
        {
            return false;
        }

        while (true)
        {
            if (i >= s.Length || !SipSyntax.IsToken(s[i]))
            {
                return false;
            }

            i = SipSyntax.SkipLws(s, SipSyntax.ScanToken(s, i));
            if (i >= s.Length || s[i] != '=')
            {
                return false;
            }

            i = SipSyntax.SkipLws(s, i + 1);
            if (i >= s.Length)
            {
                return false;
            }

            if (s[i] == '"')
            {
                i = SipSyntax.ScanQuoted(s, i);
                if (i < 0)
                {
                    return false;
                }
            }
            else
            {
                // token, plus '/' ':' '@' that real clients put unquoted in uri= or domain=.
                var start = i;
                while (i < s.Length && (SipSyntax.IsToken(s[i]) || s[i] is (byte)'/' or (byte)':' or (byte)'@'))
                {
                    i++;
                }

                if (i == start)
                {
                    return false;
                }
            }

            i = SipSyntax.SkipLws(s, i);
            if (i == s.Length)
            {
                return true;
            }

            if (s[i] != ',')
            {
                return false;
            }

            i = SipSyntax.SkipLws(s, i + 1);
        }
    }

    /// <summary>Walks the parameters in order.</summary>
    /// <remarks>
    /// A ref struct so that it keeps the span of the value: taking a memory's span checks the object
    /// behind it and the bounds, and a value of nine parameters did that on every step.
    /// </remarks>
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
        /// Inlined into the loop that calls it, with the scan: the current parameter is then built where
        /// it is read, instead of being stored in the enumerator and copied out at once.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext()
        {
            if (Next(_span, ref _pos, out var nameStart, out var nameEnd, out var valueStart, out var valueEnd))
            {
                Current = new SipParameter(
                    _raw[nameStart..nameEnd], _raw[valueStart..valueEnd], valueEnd > nameEnd);
                return true;
            }

            return false;
        }
    }

    /// <summary>Reads the parameter at <paramref name="pos"/>; a bare name gets an empty value at its end.</summary>
    /// <remarks>
    /// Inlined (into <see cref="Enumerator.MoveNext"/> and so into the reader's loop): as a call, its
    /// position and four bounds went out through memory and were read back at once, for each of the
    /// 5-10 parameters of a Digest header. (<see cref="SipParameters"/>' scan stays a call: inlined into
    /// a registrar's loop over a whole message it made that loop slower, not faster.)
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Next(ReadOnlySpan<byte> s, ref int pos, out int nameStart, out int nameEnd, out int valueStart, out int valueEnd)
    {
        while (pos < s.Length)
        {
            var i = SipSyntax.SkipLws(s, pos);
            if (i < s.Length && s[i] == ',')
            {
                pos = i + 1;
                continue;
            }

            nameStart = i;
            i = SipSyntax.ScanToParamStop(s, i);

            nameEnd = i;

            // The usual layout has no LWS around '=' and before ','; testing for the byte itself first
            // keeps a table lookup out of the chain of dependent loads from one scan to the next.
            if (i >= s.Length || s[i] != '=')
            {
                i = SipSyntax.SkipLws(s, i);
            }

            if (i < s.Length && s[i] == '=')
            {
                i++;
                if (i < s.Length && s[i] != '"')
                {
                    i = SipSyntax.SkipLws(s, i);
                }

                valueStart = i;
                if (i < s.Length && s[i] == '"')
                {
                    var q = SipSyntax.ScanQuoted(s, i);
                    i = q < 0 ? s.Length : q;
                }
                else
                {
                    i = SipSyntax.ScanToValueStop(s, i);
                }

                valueEnd = i;
                pos = NextComma(s, i);
                return true;
            }

            pos = NextComma(s, i);
            if (nameEnd > nameStart)
            {
                valueStart = nameEnd;
                valueEnd = nameEnd;
                return true;
            }
        }

        nameStart = nameEnd = valueStart = valueEnd = 0;
        return false;
    }

    /// <summary>Just past the comma that ends the parameter at <paramref name="i"/>, or the end.</summary>
    /// <remarks>
    /// The usual case (the comma at once) inlines; it was a call per parameter. Note for this and
    /// <see cref="SipParameter"/>'s constructor: a registrar's loop over a message inlines about a
    /// hundred methods and sits at the JIT's inlining budget, so what else is marked to inline there
    /// can push these out (making ContainsBackslash inline turned the SipParameter constructor into a
    /// call and cost 6%).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextComma(ReadOnlySpan<byte> s, int i) =>
        (uint)i < (uint)s.Length && s[i] == ',' ? i + 1 : NextCommaAfterLws(s, i);

    /// <summary><see cref="NextComma"/> when the comma does not follow at once: after a little whitespace, or past junk.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int NextCommaAfterLws(ReadOnlySpan<byte> s, int i)
    {
        i = SipSyntax.SkipLws(s, i);
        if (i >= s.Length || s[i] == ',')
        {
            return Math.Min(i + 1, s.Length);
        }

        var n = s[i..].IndexOf((byte)',');
        return n < 0 ? s.Length : i + n + 1;
    }
}
