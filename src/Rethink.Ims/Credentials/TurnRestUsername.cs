namespace Rethink.Ims.Credentials;

/// <summary>
/// A TURN REST username split the way coturn splits it: a view over the caller's characters, nothing copied.
/// </summary>
/// <remarks>
/// coturn finds the first separator and detects the order itself: when every character before it is an ASCII
/// digit the timestamp comes first (<c>1700000000:alice</c>), otherwise last (<c>alice:1700000000</c>). A
/// separator at the very start means the rest is both timestamp and user; with no separator the whole username
/// is both. The timestamp is read leniently (<see cref="ParseTimestamp"/>).
/// </remarks>
public readonly ref struct TurnRestUsername
{
    private TurnRestUsername(ReadOnlySpan<char> value, ReadOnlySpan<char> timestampText, ReadOnlySpan<char> user, bool timestampFirst)
    {
        Value = value;
        TimestampText = timestampText;
        User = user;
        TimestampFirst = timestampFirst;
        Expiry = ParseTimestamp(timestampText);
    }

    /// <summary>The whole username: the text that is signed.</summary>
    public ReadOnlySpan<char> Value { get; }

    /// <summary>The text the timestamp is read from.</summary>
    public ReadOnlySpan<char> TimestampText { get; }

    /// <summary>The expiry in Unix seconds, as coturn reads it (0 when there are no digits; negative values possible).</summary>
    public long Expiry { get; }

    /// <summary>The user, as coturn's real-user name: after the separator when the timestamp comes first, before it otherwise.</summary>
    public ReadOnlySpan<char> User { get; }

    /// <summary>Whether the timestamp precedes the separator.</summary>
    public bool TimestampFirst { get; }

    /// <summary>Splits <paramref name="username"/> at the first <paramref name="separator"/>, detecting the order. Never fails.</summary>
    public static TurnRestUsername Parse(ReadOnlySpan<char> username, char separator)
    {
        int at = username.IndexOf(separator);
        if (at < 0)
        {
            return new TurnRestUsername(username, username, username, timestampFirst: true);
        }

        if (at == 0)
        {
            ReadOnlySpan<char> rest = username[1..];
            return new TurnRestUsername(username, rest, rest, timestampFirst: true);
        }

        ReadOnlySpan<char> before = username[..at];
        ReadOnlySpan<char> after = username[(at + 1)..];
        return AllDigits(before)
            ? new TurnRestUsername(username, before, after, timestampFirst: true)
            : new TurnRestUsername(username, after, before, timestampFirst: false);
    }

    /// <summary>
    /// Reads a timestamp as C's <c>atol</c> does, which coturn uses: leading white space skipped, an optional sign,
    /// then the longest run of ASCII digits; anything after is ignored; no digits gives 0; overflow saturates.
    /// </summary>
    public static long ParseTimestamp(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            int digit = text[i] - '0';
            if (value > (long.MaxValue - digit) / 10)
            {
                return negative ? long.MinValue : long.MaxValue;
            }

            value = (value * 10) + digit;
        }

        return negative ? -value : value;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
