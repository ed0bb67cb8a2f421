namespace Rethink.Ims.Credentials;

/// <summary>
/// An ephemeral username split the way Kamailio <c>auth_ephemeral</c> splits it: a view over the caller's
/// characters, nothing copied or allocated.
/// </summary>
/// <remarks>
/// <para>The separator is always the first <c>:</c>. When there is none, or it is the last character, the whole
/// username is the timestamp and there is no user part (so a bare <c>1700000000</c> is a valid credential with no
/// user). Otherwise, in <see cref="EphemeralUsernameFormat.ExpiryThenUser"/> the timestamp is the text before the
/// first <c>:</c> and the user everything after it; in <see cref="EphemeralUsernameFormat.UserThenExpiry"/> the
/// user is the text before the first <c>:</c> and the timestamp everything after it (so a user in format 0 cannot
/// hold a <c>:</c>).</para>
/// <para>The timestamp is parsed strictly (<see cref="TryParseTimestamp"/>). The split does not depend on it: a
/// username with a malformed timestamp still has a user part, as in Kamailio's <c>autheph_check_from</c>.</para>
/// </remarks>
public readonly ref struct EphemeralUsername
{
    private EphemeralUsername(
        ReadOnlySpan<char> value,
        ReadOnlySpan<char> timestampText,
        bool hasUser,
        ReadOnlySpan<char> user,
        bool hasValidTimestamp,
        uint expiry)
    {
        Value = value;
        TimestampText = timestampText;
        HasUser = hasUser;
        User = user;
        HasValidTimestamp = hasValidTimestamp;
        Expiry = expiry;

        int at = user.IndexOf('@');
        if (at >= 0 && at < user.Length - 1)
        {
            UserName = user[..at];
            Domain = user[(at + 1)..];
        }
        else
        {
            UserName = user;
            Domain = default;
        }
    }

    /// <summary>The whole username: the text that is signed.</summary>
    public ReadOnlySpan<char> Value { get; }

    /// <summary>The text parsed as the expiry timestamp.</summary>
    public ReadOnlySpan<char> TimestampText { get; }

    /// <summary>Whether <see cref="TimestampText"/> is a valid timestamp; when not, Kamailio answers -1 (malformed).</summary>
    public bool HasValidTimestamp { get; }

    /// <summary>The expiry in Unix seconds; the credential is valid up to and including this second. 0 when <see cref="HasValidTimestamp"/> is false.</summary>
    public uint Expiry { get; }

    /// <summary><see cref="Expiry"/> as a point in time.</summary>
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(Expiry);

    /// <summary>Whether the username has a user part (a <c>:</c> that is not its last character).</summary>
    public bool HasUser { get; }

    /// <summary>The user part, e.g. <c>alice</c> or <c>alice@example.com</c>; empty when <see cref="HasUser"/> is false (and may be empty when it is true, e.g. format 0 <c>:1700000000</c>).</summary>
    public ReadOnlySpan<char> User { get; }

    /// <summary>
    /// The part of <see cref="User"/> compared with a URI's user: the text before the first <c>@</c> when an
    /// <c>@</c> is followed by something, otherwise the whole <see cref="User"/> (including a trailing <c>@</c>).
    /// </summary>
    public ReadOnlySpan<char> UserName { get; }

    /// <summary>The part of <see cref="User"/> after the first <c>@</c>, compared with a URI's host; empty when there is none.</summary>
    public ReadOnlySpan<char> Domain { get; }

    /// <summary>Splits <paramref name="username"/> as Kamailio does for <paramref name="format"/>. Never fails: check <see cref="HasValidTimestamp"/> and <see cref="HasUser"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not defined.</exception>
    public static EphemeralUsername Parse(ReadOnlySpan<char> username, EphemeralUsernameFormat format)
    {
        if (format is not (EphemeralUsernameFormat.ExpiryThenUser or EphemeralUsernameFormat.UserThenExpiry))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown ephemeral username format.");
        }

        int colon = username.IndexOf(':');
        bool hasUser = colon >= 0 && colon < username.Length - 1;
        ReadOnlySpan<char> timestamp = username;
        ReadOnlySpan<char> user = default;
        if (hasUser)
        {
            bool expiryFirst = format == EphemeralUsernameFormat.ExpiryThenUser;
            ReadOnlySpan<char> before = username[..colon];
            ReadOnlySpan<char> after = username[(colon + 1)..];
            timestamp = expiryFirst ? before : after;
            user = expiryFirst ? after : before;
        }

        bool valid = TryParseTimestamp(timestamp, out uint expiry);
        return new EphemeralUsername(username, timestamp, hasUser, user, valid, expiry);
    }

    /// <summary>
    /// Parses a timestamp the way Kamailio's <c>str2int</c> does: an optional leading <c>+</c>, then ASCII digits
    /// only, at most 4294967295. Empty text (or a lone <c>+</c>) is 0.
    /// </summary>
    /// <returns><see langword="false"/> for any other character or an overflow; <paramref name="value"/> is then 0.</returns>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out uint value)
    {
        if (!text.IsEmpty && text[0] == '+')
        {
            text = text[1..];
        }

        ulong result = 0;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                value = 0;
                return false;
            }

            result = (result * 10) + (uint)(c - '0');
            if (result > uint.MaxValue)
            {
                value = 0;
                return false;
            }
        }

        value = (uint)result;
        return true;
    }

    /// <summary>
    /// Compares the user this username names with a SIP URI's user and host, as <c>autheph_check_from</c> /
    /// <c>autheph_check_to</c> do: <see cref="UserName"/> must equal <paramref name="uriUser"/>, and when there is a
    /// <see cref="Domain"/> it must equal <paramref name="uriHost"/>. Exact, case-sensitive, ordinal.
    /// </summary>
    /// <returns><see cref="EphemeralUserCheckResult.NoUser"/> when there is no user part; <see cref="EphemeralUserCheckResult.Mismatch"/> for an empty username or a difference.</returns>
    public EphemeralUserCheckResult CheckUser(ReadOnlySpan<char> uriUser, ReadOnlySpan<char> uriHost)
    {
        if (Value.IsEmpty)
        {
            return EphemeralUserCheckResult.Mismatch;
        }

        if (!HasUser)
        {
            return EphemeralUserCheckResult.NoUser;
        }

        if (!UserName.SequenceEqual(uriUser))
        {
            return EphemeralUserCheckResult.Mismatch;
        }

        return Domain.IsEmpty || Domain.SequenceEqual(uriHost)
            ? EphemeralUserCheckResult.Match
            : EphemeralUserCheckResult.Mismatch;
    }
}
