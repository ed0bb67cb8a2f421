namespace Rethink.Ims.Media.Control;

/// <summary>
/// ng message framing: each UDP datagram is <c>&lt;cookie&gt; &lt;bencoded dictionary&gt;</c>, and the reply
/// carries the request's cookie. The cookie also identifies retransmissions: Kamailio resends a request
/// with the same cookie when no reply came in time (<c>rtpengine_tout_ms</c>, <c>rtpengine_retr</c>).
/// </summary>
public static class NgMessage
{
    /// <summary>The longest cookie accepted, in bytes (Kamailio's are about 20).</summary>
    public const int MaxCookieLength = 255;

    /// <summary>The largest UDP payload over IPv4, and so the largest reply this server sends.</summary>
    public const int MaxUdpPayload = 65507;

    /// <summary>
    /// Splits a datagram at its first space into the cookie and the body. False when there is no space or the
    /// cookie is empty, longer than <see cref="MaxCookieLength"/>, or holds a byte outside printable ASCII.
    /// </summary>
    public static bool TrySplit(ReadOnlyMemory<byte> datagram, out ReadOnlyMemory<byte> cookie, out ReadOnlyMemory<byte> body)
    {
        var span = datagram.Span;
        var space = span[..Math.Min(span.Length, MaxCookieLength + 1)].IndexOf((byte)' ');
        if (space < 0 || !IsValidCookie(span[..space]))
        {
            cookie = default;
            body = default;
            return false;
        }

        cookie = datagram[..space];
        body = datagram[(space + 1)..];
        return true;
    }

    /// <summary>True for 1 to <see cref="MaxCookieLength"/> bytes of printable ASCII without spaces.</summary>
    public static bool IsValidCookie(ReadOnlySpan<byte> cookie)
    {
        if (cookie.IsEmpty || cookie.Length > MaxCookieLength)
        {
            return false;
        }

        foreach (var b in cookie)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A datagram holding <paramref name="cookie"/>, a space and <paramref name="dictionary"/> bencoded.</summary>
    /// <exception cref="ArgumentException"><paramref name="cookie"/> is not a valid cookie.</exception>
    public static byte[] Write(ReadOnlySpan<byte> cookie, BencodeValue dictionary)
    {
        if (!IsValidCookie(cookie))
        {
            throw new ArgumentException("An ng cookie is 1 to 255 bytes of printable ASCII without spaces.", nameof(cookie));
        }

        var message = new byte[cookie.Length + 1 + BencodeWriter.GetByteCount(dictionary)];
        cookie.CopyTo(message);
        message[cookie.Length] = (byte)' ';
        BencodeWriter.Write(dictionary, message.AsSpan(cookie.Length + 1));
        return message;
    }
}
