using System.Text;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Character classes and small scanners of the RFC 3261 §25 grammar, shared by every
/// typed parser. One lookup table of flag bits keeps each class test to one load.
/// </summary>
internal static class SipSyntax
{
    internal const byte Cr = (byte)'\r';
    internal const byte Lf = (byte)'\n';
    internal const byte Sp = (byte)' ';
    internal const byte Ht = (byte)'\t';

    internal const ushort Token = 1;          // token
    internal const ushort Word = 1 << 1;      // word (Call-ID)
    internal const ushort User = 1 << 2;      // user: unreserved / user-unreserved (escapes apart)
    internal const ushort Password = 1 << 3;  // password: unreserved / & = + $ ,
    internal const ushort Param = 1 << 4;     // paramchar: param-unreserved / unreserved
    internal const ushort HeaderChar = 1 << 5; // hname/hvalue: hnv-unreserved / unreserved
    internal const ushort Host = 1 << 6;      // hostname characters (alphanum - . and, leniently, _)
    internal const ushort Lws = 1 << 7;       // SP HT CR LF
    internal const ushort Digit = 1 << 8;
    internal const ushort Hex = 1 << 9;
    internal const ushort Scheme = 1 << 10;   // scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    internal const ushort UriChar = 1 << 11;  // any character an absoluteURI may hold (uric)
    internal const ushort ParamStop = 1 << 12; // ends a parameter name: = ; , SP HT CR LF
    internal const ushort ValueStop = 1 << 13; // ends an unquoted parameter value: ; , SP HT CR LF
    internal const ushort GenValue = 1 << 14;  // unquoted gen-value of a header parameter: token / host (':' '[' ']')

    /// <summary>
    /// The flag table as constant data: the JIT reads it straight from the image (no static field load
    /// per byte, no bounds check for a byte index). <see cref="BuildTable"/> states how it is made; a
    /// test checks the two agree.
    /// </summary>
    private static ReadOnlySpan<ushort> Table =>
    [
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x3080, 0x3080, 0x0000, 0x0000, 0x3080, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x3080, 0x483F, 0x0002, 0x0000, 0x083C, 0x4803, 0x081C, 0x483F, 0x083E, 0x083E, 0x483F, 0x4C3F, 0x380C, 0x4C7F, 0x4C7F, 0x0836,
        0x4F7F, 0x4F7F, 0x4F7F, 0x4F7F, 0x4F7F, 0x4F7F, 0x4F7F, 0x4F7F, 0x4F7F, 0x4F7F, 0x4832, 0x3804, 0x0002, 0x180C, 0x0002, 0x0826,
        0x0800, 0x4E7F, 0x4E7F, 0x4E7F, 0x4E7F, 0x4E7F, 0x4E7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F,
        0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4832, 0x0002, 0x4832, 0x0000, 0x487F,
        0x4003, 0x4E7F, 0x4E7F, 0x4E7F, 0x4E7F, 0x4E7F, 0x4E7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F,
        0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x4C7F, 0x0002, 0x0000, 0x0002, 0x483F, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    ];

    /// <summary>Token characters, for vectorised scans.</summary>
    internal static readonly SearchValues<byte> TokenChars = SearchValues.Create(CharsOf(Token));

    /// <summary>SP, HT, CR and LF.</summary>
    internal static readonly SearchValues<byte> LwsChars = SearchValues.Create(" \t\r\n"u8);

    /// <summary>Characters that end an unbracketed URI inside a header value.</summary>
    internal static readonly SearchValues<byte> AddrSpecStops = SearchValues.Create(" \t\r\n;,"u8);

    /// <summary>Quote, backslash, comma and angle brackets: where a list splitter must look.</summary>
    internal static readonly SearchValues<byte> ListSpecials = SearchValues.Create("\",<>"u8);

    /// <summary>The character classes, built from their definitions (the source of <see cref="Table"/>).</summary>
    internal static ushort[] BuildTable()
    {
        var t = new ushort[256];
        static void Set(ushort[] t, ReadOnlySpan<byte> chars, ushort flag)
        {
            foreach (var c in chars)
            {
                t[c] |= flag;
            }
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            t[c] |= Token | Word | User | Password | Param | HeaderChar | Host | Scheme | UriChar;
            t[char.ToUpperInvariant(c)] |= Token | Word | User | Password | Param | HeaderChar | Host | Scheme | UriChar;
        }

        for (var c = '0'; c <= '9'; c++)
        {
            t[c] |= Token | Word | User | Password | Param | HeaderChar | Host | Digit | Hex | Scheme | UriChar;
        }

        Set(t, "abcdefABCDEF"u8, Hex);
        Set(t, "-.!%*_+`'~"u8, Token);
        Set(t, "-.!%*_+`'~()<>:\\\"/[]?{}"u8, Word);
        var unreservedMarks = "-_.!~*'()"u8;
        Set(t, unreservedMarks, User | Password | Param | HeaderChar);
        Set(t, "&=+$,;?/"u8, User);
        Set(t, "&=+$,"u8, Password);
        Set(t, "[]/:&+$"u8, Param);
        Set(t, "[]/?:+$"u8, HeaderChar);
        Set(t, "-._"u8, Host);
        Set(t, "+-."u8, Scheme);
        Set(t, " \t\r\n"u8, Lws);
        Set(t, "=;, \t\r\n"u8, ParamStop);
        Set(t, ";, \t\r\n"u8, ValueStop);
        for (var c = 0; c < 256; c++)
        {
            if ((t[c] & Token) != 0 || c is ':' or '[' or ']')
            {
                t[c] |= GenValue;
            }
        }

        // uric = reserved / unreserved / escaped; reserved = ; / ? : @ & = + $ ,
        Set(t, "-_.!~*'();/?:@&=+$,%[]"u8, UriChar);
        return t;
    }

    private static byte[] CharsOf(ushort flag)
    {
        var list = new List<byte>();
        for (var i = 0; i < 256; i++)
        {
            if ((Table[i] & flag) != 0)
            {
                list.Add((byte)i);
            }
        }

        return [.. list];
    }

    /// <summary>All class flags of a byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ushort Flags(byte c) => Table[c];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsGenValue(byte c) => (Table[c] & GenValue) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsToken(byte c) => (Table[c] & Token) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsHostChar(byte c) => (Table[c] & Host) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsParamChar(byte c) => (Table[c] & Param) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsLws(byte c) => (Table[c] & Lws) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsParamStop(byte c) => (Table[c] & ParamStop) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsValueStop(byte c) => (Table[c] & ValueStop) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsDigit(byte c) => (uint)(c - (byte)'0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsHex(byte c) => (Table[c] & Hex) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSchemeChar(byte c) => (Table[c] & Scheme) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsUriChar(byte c) => (Table[c] & UriChar) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsAlpha(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>
    /// End of the run of bytes of class <paramref name="flag"/> and %HH escapes starting at
    /// <paramref name="i"/>, or -1 when a '%' is not followed by two hex digits.
    /// </summary>
    internal static int ScanEscaped(ReadOnlySpan<byte> s, int i, ushort flag) => ScanEscaped(s, i, flag, NibblesOf(flag));

    /// <summary><see cref="ScanEscaped(ReadOnlySpan{byte}, int, ushort)"/> with the class's nibble tables at hand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ScanEscaped(ReadOnlySpan<byte> s, int i, ushort flag, Vector128<byte> nibbles)
    {
        while (true)
        {
            i = ScanClass(s, i, flag, nibbles);
            if ((uint)i >= (uint)s.Length || s[i] != '%')
            {
                return i;
            }

            if (i + 2 >= s.Length || (Table[s[i + 1]] & Hex) == 0 || (Table[s[i + 2]] & Hex) == 0)
            {
                return -1;
            }

            i += 3;
        }
    }

    /// <summary>
    /// End of the run of bytes of class <paramref name="flag"/> starting at <paramref name="i"/>. With
    /// SSSE3, 16 bytes are classified at once by two nibble lookups (a byte is in the class when the
    /// bit of its high nibble is set in the entry of its low nibble): runs are short and of varying
    /// length, and a byte loop pays a mispredicted branch at the end of each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ScanClass(ReadOnlySpan<byte> s, int i, ushort flag, Vector128<byte> nibbles)
    {
        if (Ssse3.IsSupported && s.Length >= 16)
        {
            ref var r = ref MemoryMarshal.GetReference(s);
            while (i < s.Length)
            {
                // The last block is read from the span's end, its bits before i shifted out.
                var at = Math.Min(i, s.Length - 16);
                var m = OutOfClass(Vector128.LoadUnsafe(ref r, (nuint)at), nibbles) >> (i - at);
                if (m != 0)
                {
                    return i + BitOperations.TrailingZeroCount(m);
                }

                i = at + 16;
            }

            return i;
        }

        while ((uint)i < (uint)s.Length && (Table[s[i]] & flag) != 0)
        {
            i++;
        }

        return i;
    }

    /// <summary>Bit mask of the bytes of <paramref name="v"/> outside the class of <paramref name="nibbles"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint OutOfClass(Vector128<byte> v, Vector128<byte> nibbles)
    {
        var low = Ssse3.Shuffle(nibbles, v & Vector128.Create((byte)0x0F));
        var high = Ssse3.Shuffle(HighNibbleBits, Vector128.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & Vector128.Create((byte)0x0F));
        return Vector128.Equals(low & high, Vector128<byte>.Zero).ExtractMostSignificantBits();
    }

    /// <summary>Bit h for high nibble h (0-7); bytes from 0x80 are in no class.</summary>
    private static readonly Vector128<byte> HighNibbleBits = Vector128.Create((byte)1, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Nibble tables of the classes the scanners use.</summary>
    internal static readonly Vector128<byte> TokenNibbles = BuildNibbles(Token);
    internal static readonly Vector128<byte> GenValueNibbles = BuildNibbles(GenValue);
    internal static readonly Vector128<byte> WordNibbles = BuildNibbles(Word);
    internal static readonly Vector128<byte> UserNibbles = BuildNibbles(User);
    internal static readonly Vector128<byte> PasswordNibbles = BuildNibbles(Password);
    internal static readonly Vector128<byte> ParamNibbles = BuildNibbles(Param);
    internal static readonly Vector128<byte> HeaderCharNibbles = BuildNibbles(HeaderChar);
    internal static readonly Vector128<byte> ParamStopNibbles = BuildNibbles(ParamStop);
    internal static readonly Vector128<byte> ValueStopNibbles = BuildNibbles(ValueStop);

    private static Vector128<byte> NibblesOf(ushort flag) => flag switch
    {
        Token => TokenNibbles,
        GenValue => GenValueNibbles,
        Word => WordNibbles,
        User => UserNibbles,
        Password => PasswordNibbles,
        Param => ParamNibbles,
        HeaderChar => HeaderCharNibbles,
        _ => BuildNibbles(flag),
    };

    /// <summary>Entry l has bit h set when byte (h &lt;&lt; 4 | l) is in the class (bytes from 0x80 never are).</summary>
    internal static Vector128<byte> BuildNibbles(ushort flag)
    {
        Span<byte> low = stackalloc byte[16];
        low.Clear();
        for (var c = 0; c < 128; c++)
        {
            if ((Table[c] & flag) != 0)
            {
                low[c & 15] |= (byte)(1 << (c >> 4));
            }
        }

        return Vector128.Create((ReadOnlySpan<byte>)low);
    }

    /// <summary>Index of the first non-LWS byte at or after <paramref name="i"/> (folded line ends count as LWS).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int SkipLws(ReadOnlySpan<byte> s, int i)
    {
        while ((uint)i < (uint)s.Length && IsLws(s[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Span without leading and trailing LWS.</summary>
    internal static ReadOnlySpan<byte> TrimLws(ReadOnlySpan<byte> s)
    {
        var start = 0;
        while (start < s.Length && IsLws(s[start]))
        {
            start++;
        }

        var end = s.Length;
        while (end > start && IsLws(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    /// <summary>Start and length of <paramref name="s"/> without its surrounding LWS.</summary>
    internal static (int Start, int Length) TrimRange(ReadOnlySpan<byte> s, int start, int end)
    {
        while (start < end && IsLws(s[start]))
        {
            start++;
        }

        while (end > start && IsLws(s[end - 1]))
        {
            end--;
        }

        return (start, end - start);
    }

    /// <summary>End (exclusive) of the token starting at <paramref name="i"/> (a byte loop: for the 2-6 byte tokens of Via's protocol, CSeq's method, a scheme).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ScanToken(ReadOnlySpan<byte> s, int i)
    {
        while ((uint)i < (uint)s.Length && (Table[s[i]] & Token) != 0)
        {
            i++;
        }

        return i;
    }

    /// <summary>End (exclusive) of the token starting at <paramref name="i"/>, 16 bytes at a time (parameter names: 2-13 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ScanTokenRun(ReadOnlySpan<byte> s, int i) => ScanClass(s, i, Token, TokenNibbles);

    /// <summary>
    /// End (exclusive) of the quoted-string whose opening quote is at <paramref name="i"/>,
    /// or -1 when it never closes. quoted-pair may escape any byte but CR and LF.
    /// </summary>
    internal static int ScanQuoted(ReadOnlySpan<byte> s, int i)
    {
        i++;
        while (true)
        {
            i = IndexOfQuoteOrBackslash(s, i);
            if (i < 0)
            {
                return -1;
            }

            if (s[i] == '"')
            {
                return i + 1;
            }

            // quoted-pair: the escaped byte may be anything but CR or LF.
            if (i + 1 >= s.Length || s[i + 1] == Cr || s[i + 1] == Lf)
            {
                return -1;
            }

            i += 2;
        }
    }

    /// <summary>Index of the first '"' or '\\' at or after <paramref name="i"/>, or -1.</summary>
    internal static int IndexOfQuoteOrBackslash(ReadOnlySpan<byte> s, int i) => IndexOfEither(s, i, (byte)'"', (byte)'\\');

    /// <summary>Index of the first <paramref name="value"/> at or after <paramref name="i"/>, or -1 (the '>' closing a bracketed URI).</summary>
    internal static int IndexOfByte(ReadOnlySpan<byte> s, int i, byte value) => IndexOfEither(s, i, value, value);

    /// <summary>
    /// Index of the first <paramref name="a"/> or <paramref name="b"/> at or after <paramref name="i"/>, or -1.
    /// Inline vector compares: quoted values and bracketed URIs are 5-50 bytes, where a search call's
    /// own set-up cost more than the compare.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfEither(ReadOnlySpan<byte> s, int i, byte a, byte b)
    {
        ref var r = ref MemoryMarshal.GetReference(s);
        if (Vector128.IsHardwareAccelerated && s.Length >= 16)
        {
            var va = Vector128.Create(a);
            var vb = Vector128.Create(b);
            while (i < s.Length)
            {
                // The last block is read from the span's end, its bits before i shifted out.
                var at = Math.Min(i, s.Length - 16);
                var v = Vector128.LoadUnsafe(ref r, (nuint)at);
                var m = (Vector128.Equals(v, va) | Vector128.Equals(v, vb)).ExtractMostSignificantBits() >> (i - at);
                if (m != 0)
                {
                    return i + BitOperations.TrailingZeroCount(m);
                }

                i = at + 16;
            }

            return -1;
        }

        for (; (uint)i < (uint)s.Length; i++)
        {
            if (s[i] == a || s[i] == b)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>First index at or after <paramref name="i"/> of a byte that ends a parameter name (<c>=;,</c> or LWS), or the end.</summary>
    internal static int ScanToParamStop(ReadOnlySpan<byte> s, int i) => ScanToStop(s, i, withEquals: true);

    /// <summary>First index at or after <paramref name="i"/> of a byte that ends an unquoted parameter value (<c>;,</c> or LWS), or the end.</summary>
    internal static int ScanToValueStop(ReadOnlySpan<byte> s, int i) => ScanToStop(s, i, withEquals: false);

    /// <summary>
    /// The two scans above, 16 bytes at a time (the stop bytes found by the nibble lookups of
    /// <see cref="ScanClass"/>): parameter names and values are short runs of varying length, and a
    /// byte loop pays a mispredicted branch at the end of each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScanToStop(ReadOnlySpan<byte> s, int i, bool withEquals)
    {
        if (Ssse3.IsSupported && s.Length >= 16)
        {
            ref var r = ref MemoryMarshal.GetReference(s);
            while (i < s.Length)
            {
                // The last block is read from the span's end, its bits before i shifted out.
                var at = Math.Min(i, s.Length - 16);
                var m = (~OutOfClass(Vector128.LoadUnsafe(ref r, (nuint)at), withEquals ? ParamStopNibbles : ValueStopNibbles) & 0xFFFFu) >> (i - at);
                if (m != 0)
                {
                    return i + BitOperations.TrailingZeroCount(m);
                }

                i = at + 16;
            }

            return Math.Max(i, s.Length);
        }

        var flag = withEquals ? ParamStop : ValueStop;
        while ((uint)i < (uint)s.Length && (Table[s[i]] & flag) == 0)
        {
            i++;
        }

        return i;
    }

    /// <summary>True when <paramref name="s"/> holds a backslash (a quoted-pair to resolve).</summary>
    internal static bool ContainsBackslash(ReadOnlySpan<byte> s)
    {
        if (Vector128.IsHardwareAccelerated && s.Length >= 16)
        {
            ref var r = ref MemoryMarshal.GetReference(s);
            var backslash = Vector128.Create((byte)'\\');
            var last = s.Length - 16;
            for (var i = 0; i < last; i += 16)
            {
                if (Vector128.EqualsAny(Vector128.LoadUnsafe(ref r, (nuint)i), backslash))
                {
                    return true;
                }
            }

            return Vector128.EqualsAny(Vector128.LoadUnsafe(ref r, (nuint)last), backslash);
        }

        // 4-15 bytes (a username, realm, cnonce): two overlapping words tested for a backslash byte
        // without a loop, whose exit branch the CPU would mispredict on every value.
        ref var b = ref MemoryMarshal.GetReference(s);
        if (s.Length >= 8)
        {
            return HasBackslash(Unsafe.ReadUnaligned<ulong>(ref b))
                || HasBackslash(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, s.Length - 8)));
        }

        if (s.Length >= 4)
        {
            return HasBackslash(Unsafe.ReadUnaligned<uint>(ref b))
                || HasBackslash(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, s.Length - 4)));
        }

        foreach (var c in s)
        {
            if (c == '\\')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a byte of <paramref name="word"/> is a backslash (the exact zero-byte test on word XOR backslashes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasBackslash(ulong word)
    {
        var x = word ^ 0x5C5C5C5C5C5C5C5Cul;
        return ((x - 0x0101010101010101ul) & ~x & 0x8080808080808080ul) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasBackslash(uint word)
    {
        var x = word ^ 0x5C5C5C5Cu;
        return ((x - 0x01010101u) & ~x & 0x80808080u) != 0;
    }

    /// <summary>
    /// Case-insensitive equality with a constant made of lower-case letters, digits and "-.+/": OR-ing
    /// 0x20 folds letters and leaves those characters alone; only control bytes could fold onto them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool EqualsFolded(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lower)
    {
        if (s.Length != lower.Length)
        {
            return false;
        }

        for (var i = 0; i < lower.Length; i++)
        {
            var c = s[i];
            if ((c | 0x20) != lower[i] || c <= 0x20)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Case-insensitive ASCII equality; <paramref name="lower"/> must be lower case.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool EqualsLower(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lower) =>
        s.Length == lower.Length && Ascii.EqualsIgnoreCase(s, lower);

    /// <summary>Parses 1*DIGIT into a value not above <paramref name="max"/>; false on overflow or any other byte.</summary>
    internal static bool TryParseDigits(ReadOnlySpan<byte> s, ulong max, out ulong value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            var d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }

            // Leading zeros are legal (wsinv has 0068 and 0009), so overflow is checked per digit.
            if (value > (max - d) / 10)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    /// <summary>IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each part at most 255.</summary>
    internal static bool IsIPv4(ReadOnlySpan<byte> s)
    {
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < s.Length && IsDigit(s[i]) && i - start < 3)
            {
                value = (value * 10) + (s[i] - '0');
                i++;
            }

            if (i == start || value > 255)
            {
                return false;
            }

            parts++;
            if (parts == 4)
            {
                return i == s.Length;
            }

            if (i >= s.Length || s[i] != '.')
            {
                return false;
            }

            i++;
        }
    }

    /// <summary>IPv6address per RFC 3261 §25 (RFC 5118): hex groups, at most one "::", optional IPv4 tail.</summary>
    internal static bool IsIPv6(ReadOnlySpan<byte> s)
    {
        if (s.Length < 2)
        {
            return false;
        }

        var groups = 0;
        var doubleColon = false;
        var i = 0;
        if (s[0] == ':')
        {
            if (s[1] != ':')
            {
                return false;
            }

            doubleColon = true;
            i = 2;
            if (i == s.Length)
            {
                return true;
            }
        }

        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && IsHex(s[i]) && i - start < 5)
            {
                i++;
            }

            var len = i - start;
            if (i < s.Length && s[i] == '.')
            {
                // IPv4 tail takes the place of two groups.
                if (!IsIPv4(s[start..]))
                {
                    return false;
                }

                groups += 2;
                i = s.Length;
                break;
            }

            if (len == 0 || len > 4)
            {
                return false;
            }

            groups++;
            if (i == s.Length)
            {
                break;
            }

            if (s[i] != ':')
            {
                return false;
            }

            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (doubleColon)
                {
                    return false;
                }

                doubleColon = true;
                i++;
                if (i == s.Length)
                {
                    break;
                }
            }
            else if (i == s.Length)
            {
                return false;
            }
        }

        return doubleColon ? groups < 8 : groups == 8;
    }
}
