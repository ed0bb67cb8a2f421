using System.Buffers;
using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// RFC 8866 character classes and the checks every model setter uses, so that no value can carry a
/// line break into a written description (SDP injection) whatever path built the model.
/// </summary>
internal static class SdpSyntax
{
    private static readonly SearchValues<char> NotInWord = SearchValues.Create("\0\r\n ");

    /// <summary>RFC 8866 <c>token-char</c>: visible ASCII except <c>"(),/:;&lt;=&gt;?@[\]</c>.</summary>
    public static bool IsTokenChar(char c) =>
        c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.' ||
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');

    /// <summary>A non-empty run of token characters.</summary>
    public static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 8866 <c>byte-string</c> or empty: anything but NUL, CR and LF.</summary>
    public static bool IsText(ReadOnlySpan<char> value) => value.IndexOfAny('\0', '\r', '\n') < 0;

    /// <summary>A non-empty field value with no space (a word between the single spaces of a line).</summary>
    public static bool IsWord(ReadOnlySpan<char> value) =>
        !value.IsEmpty && value.IndexOfAny(NotInWord) < 0;

    /// <summary>RFC 8866 <c>proto</c>: tokens joined by <c>/</c>.</summary>
    public static bool IsProtocol(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var range in value.Split('/'))
        {
            if (!IsToken(value[range]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Digits only (no sign, no spaces), in range.</summary>
    public static bool TryParseInt(ReadOnlySpan<char> value, out int result) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result);

    /// <summary>Digits only (no sign, no spaces), in range.</summary>
    public static bool TryParseUInt(ReadOnlySpan<char> value, out uint result) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result);

    /// <summary>Digits only (no sign, no spaces), in range.</summary>
    public static bool TryParseULong(ReadOnlySpan<char> value, out ulong result) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result);

    /// <summary>Throws when a programmer hands a model setter something that is not a token.</summary>
    public static string RequireToken(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        return IsToken(value) ? value : throw new ArgumentException("Must be a non-empty SDP token.", paramName);
    }

    /// <summary>Throws when a programmer hands a model setter a value with NUL, CR or LF.</summary>
    public static string RequireText(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        return IsText(value) ? value : throw new ArgumentException("Must not contain NUL, CR or LF.", paramName);
    }

    /// <summary>Like <see cref="RequireText"/> but allows null.</summary>
    public static string? OptionalText(string? value, string paramName) =>
        value is null ? null : RequireText(value, paramName);

    /// <summary>Throws unless the value is a non-empty field without spaces or line breaks.</summary>
    public static string RequireWord(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        return IsWord(value) ? value : throw new ArgumentException("Must be non-empty, without spaces, NUL, CR or LF.", paramName);
    }

    /// <summary>Throws unless the value is an RFC 8866 <c>proto</c>.</summary>
    public static string RequireProtocol(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        return IsProtocol(value) ? value : throw new ArgumentException("Must be SDP tokens joined by '/'.", paramName);
    }

    /// <summary>Throws unless every element passes <paramref name="check"/>.</summary>
    public static System.Collections.Immutable.ImmutableArray<T> RequireAll<T>(
        System.Collections.Immutable.ImmutableArray<T> values, Func<T, bool> check, string paramName)
    {
        if (values.IsDefault)
        {
            throw new ArgumentException("Must not be a default (uninitialised) array.", paramName);
        }

        foreach (var value in values)
        {
            if (value is null || !check(value))
            {
                throw new ArgumentException("Contains an element that cannot be written as SDP.", paramName);
            }
        }

        return values;
    }

    /// <summary>Throws for a port outside 0..65535.</summary>
    public static int RequirePort(int value, string paramName) =>
        value is >= 0 and <= 65535 ? value : throw new ArgumentOutOfRangeException(paramName, value, "A port is 0..65535.");
}
