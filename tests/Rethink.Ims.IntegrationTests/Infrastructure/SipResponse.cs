using System.Globalization;

namespace Rethink.Ims.IntegrationTests.Infrastructure;

/// <summary>A SIP response as received by <see cref="MiniSipClient"/>: status line and headers (no body handling).</summary>
public sealed class SipResponse
{
    private readonly List<KeyValuePair<string, string>> _headers;

    private SipResponse(int statusCode, string reasonPhrase, List<KeyValuePair<string, string>> headers, string raw)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        _headers = headers;
        Raw = raw;
    }

    /// <summary>The status code, e.g. 401.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase, e.g. <c>Unauthorized</c>.</summary>
    public string ReasonPhrase { get; }

    /// <summary>The whole message as received.</summary>
    public string Raw { get; }

    /// <summary>
    /// The value of the <c>X-Autheph-Rc</c> header that the test Kamailio configuration adds to every reply
    /// to a REGISTER: the return code of <c>autheph_check</c>. Null when absent.
    /// </summary>
    public int? AuthephRc =>
        GetHeader("X-Autheph-Rc") is { } value ? int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;

    /// <summary>The challenge in the <c>WWW-Authenticate</c> header, or null when there is none.</summary>
    public DigestChallenge? Challenge =>
        GetHeader("WWW-Authenticate") is { } value ? DigestChallenge.Parse(value) : null;

    /// <summary>The first value of the header named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? GetHeader(string name)
    {
        foreach (var header in _headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>Every value of the header named <paramref name="name"/> (case-insensitive), in order.</summary>
    public IEnumerable<string> GetHeaders(string name) =>
        _headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>Parses a response; returns null when <paramref name="text"/> is not a SIP/2.0 response.</summary>
    public static SipResponse? TryParse(string text)
    {
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headerEnd >= 0 ? text[..headerEnd] : text;
        var lines = head.Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || statusLine[0] != "SIP/2.0" ||
            !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new SipResponse(status, statusLine.Length > 2 ? statusLine[2] : "", headers, text);
    }

    /// <inheritdoc />
    public override string ToString() => Raw;
}
