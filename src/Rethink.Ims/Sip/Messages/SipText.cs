using System.Runtime.CompilerServices;
using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// A piece of a SIP message as the bytes it was written with (UTF-8), usually a slice of the
/// received buffer. Reading it costs nothing; <see cref="ToString"/> allocates a string only when
/// asked. Equality is ordinal on the bytes.
/// </summary>
public readonly struct SipText : IEquatable<SipText>
{
    // An array and a range of it rather than a ReadOnlyMemory<byte>: taking a memory's span checks what
    // kind of object is behind it on every call, and values are read span by span (a REGISTER's Digest
    // parameters alone took about thirty). Bytes that do not live in an array are copied into one.
    private readonly byte[]? _array;
    private readonly int _start;
    private readonly int _length;

    /// <summary>Wraps bytes without copying them (bytes that are not backed by an array are copied once).</summary>
    public SipText(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            this = default;
        }
        else if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment))
        {
            (_array, _start, _length) = (segment.Array, segment.Offset, segment.Count);
        }
        else
        {
            (_array, _start, _length) = (bytes.ToArray(), 0, bytes.Length);
        }
    }

    /// <summary>Wraps <paramref name="length"/> bytes of <paramref name="array"/> from <paramref name="start"/>.</summary>
    internal SipText(byte[] array, int start, int length)
    {
        if ((ulong)(uint)start + (uint)length > (uint)array.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        (_array, _start, _length) = (array, start, length);
    }

    private SipText(byte[]? array, int start, int length, bool checkedByCaller) => (_array, _start, _length) = (array, start, length);

    /// <summary>The empty text.</summary>
    public static SipText Empty => default;

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Memory => _array is null ? default : new ReadOnlyMemory<byte>(_array, _start, _length);

    /// <summary>The bytes as a span.</summary>
    public ReadOnlySpan<byte> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _array is null
            ? default
            : System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(
                ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_array), (nint)(uint)_start), _length);
    }

    /// <summary>Length in bytes.</summary>
    public int Length => _length;

    /// <summary>True when there are no bytes.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The <paramref name="length"/> bytes from <paramref name="start"/>, without copying.</summary>
    public SipText Slice(int start, int length)
    {
        if ((ulong)(uint)start + (uint)length > (uint)_length)
        {
            ThrowOutOfRange();
        }

        return new SipText(_array, _start + start, length, checkedByCaller: true);
    }

    /// <summary>The bytes from <paramref name="start"/> on, without copying.</summary>
    public SipText Slice(int start)
    {
        if ((uint)start > (uint)_length)
        {
            ThrowOutOfRange();
        }

        return new SipText(_array, _start + start, _length - start, checkedByCaller: true);
    }

    private static void ThrowOutOfRange() => throw new ArgumentOutOfRangeException("start");

    /// <summary>Encodes a string as UTF-8 (allocates).</summary>
    public static SipText FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new SipText(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Compares the bytes with <paramref name="other"/>, ordinal.</summary>
    public bool Equals(ReadOnlySpan<byte> other) => Span.SequenceEqual(other);

    /// <summary>Compares with an ASCII/UTF-8 string, ordinal.</summary>
    public bool Equals(string? other) => other is not null && Utf8Equals(Span, other, ignoreCase: false);

    /// <summary>Compares ignoring ASCII case (what SIP wants for tokens, host names and parameter names).</summary>
    public bool EqualsIgnoreCase(ReadOnlySpan<byte> other) => Ascii.EqualsIgnoreCase(Span, other);

    /// <summary>Compares ignoring ASCII case with a string.</summary>
    public bool EqualsIgnoreCase(string? other) => other is not null && Utf8Equals(Span, other, ignoreCase: true);

    /// <inheritdoc/>
    public bool Equals(SipText other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SipText other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>The bytes decoded as UTF-8 (invalid sequences become U+FFFD). Allocates.</summary>
    public override string ToString() => IsEmpty ? string.Empty : Encoding.UTF8.GetString(Span);

    /// <summary>
    /// The content of a quoted-string with its quotes removed and quoted-pairs resolved; text that
    /// is not quoted comes back unchanged. Allocates only when a backslash escape is present.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SipText Unquote()
    {
        // Small enough to inline: the value then stays in registers instead of being copied to the
        // stack and read back right away (a stall on every parameter of an Authorization header).
        var s = Span;
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"')
        {
            return this;
        }

        return SipSyntax.ContainsBackslash(s[1..^1]) ? UnquotePairs(s[1..^1]) : Slice(1, s.Length - 2);
    }

    /// <summary>The content of a quoted-string with its quoted-pairs resolved, in a new array.</summary>
    private static SipText UnquotePairs(ReadOnlySpan<byte> src)
    {
        var dst = new byte[src.Length];
        var n = 0;
        for (var i = 0; i < src.Length; i++)
        {
            if (src[i] == '\\' && i + 1 < src.Length)
            {
                i++;
            }

            dst[n++] = src[i];
        }

        return new SipText(dst.AsMemory(0, n));
    }

    /// <summary>
    /// Resolves %HH escapes once (never recursively: "%2541" gives "%41"). A '%' not followed by two
    /// hex digits stays as it is. Allocates only when an escape is present.
    /// </summary>
    public SipText Unescape()
    {
        var s = Span;
        var first = s.IndexOf((byte)'%');
        if (first < 0)
        {
            return this;
        }

        var dst = new byte[s.Length];
        var n = UnescapeInto(s, dst);
        return new SipText(dst.AsMemory(0, n));
    }

    /// <summary>Unescapes <paramref name="source"/> into <paramref name="destination"/> (at least as long); returns the length.</summary>
    internal static int UnescapeInto(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var n = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '%' && i + 2 < source.Length && SipSyntax.IsHex(source[i + 1]) && SipSyntax.IsHex(source[i + 2]))
            {
                c = (byte)((HexValue(source[i + 1]) << 4) | HexValue(source[i + 2]));
                i += 2;
            }

            destination[n++] = c;
        }

        return n;
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are equal after unescaping, optionally ignoring ASCII case.</summary>
    internal static bool EqualsUnescaped(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, bool ignoreCase)
    {
        if (a.IndexOf((byte)'%') < 0 && b.IndexOf((byte)'%') < 0)
        {
            return ignoreCase ? Ascii.EqualsIgnoreCase(a, b) : a.SequenceEqual(b);
        }

        var i = 0;
        var j = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Next(a, ref i);
            var y = Next(b, ref j);
            if (x != y && !(ignoreCase && (x | 0x20) == (y | 0x20) && SipSyntax.IsAlpha(x) && SipSyntax.IsAlpha(y)))
            {
                return false;
            }
        }

        return i == a.Length && j == b.Length;

        static byte Next(ReadOnlySpan<byte> s, ref int i)
        {
            var c = s[i];
            if (c == '%' && i + 2 < s.Length && SipSyntax.IsHex(s[i + 1]) && SipSyntax.IsHex(s[i + 2]))
            {
                c = (byte)((HexValue(s[i + 1]) << 4) | HexValue(s[i + 2]));
                i += 3;
                return c;
            }

            i++;
            return c;
        }
    }

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static bool Utf8Equals(ReadOnlySpan<byte> bytes, string other, bool ignoreCase)
    {
        if (Ascii.IsValid(other))
        {
            if (bytes.Length != other.Length)
            {
                return false;
            }

            return ignoreCase ? Ascii.EqualsIgnoreCase(bytes, other) : Ascii.Equals(bytes, other);
        }

        var encoded = Encoding.UTF8.GetBytes(other);
        return ignoreCase ? Ascii.EqualsIgnoreCase(bytes, encoded) : bytes.SequenceEqual(encoded);
    }

    /// <summary>Views the bytes as a span.</summary>
    public static implicit operator ReadOnlySpan<byte>(SipText text) => text.Span;

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(SipText left, SipText right) => left.Equals(right);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(SipText left, SipText right) => !left.Equals(right);
}
