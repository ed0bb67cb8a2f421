using System.Globalization;
using System.Text;

namespace Rethink.Ims.IntegrationTests.Media.Control;

/// <summary>A SIP message as text: start line, headers in order, body cut at Content-Length. Test code only.</summary>
public sealed class SipText
{
    private SipText(string startLine, List<KeyValuePair<string, string>> headers, byte[] body, string raw)
    {
        StartLine = startLine;
        Headers = headers;
        Body = body;
        Raw = raw;
    }

    public string StartLine { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string Raw { get; }

    public bool IsResponse => StartLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal);

    public int StatusCode => IsResponse ? int.Parse(StartLine.Split(' ')[1], CultureInfo.InvariantCulture) : 0;

    public string Method => IsResponse ? "" : StartLine.Split(' ')[0];

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> AllHeaders(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public static SipText? TryParse(byte[] datagram)
    {
        var separator = datagram.AsSpan().IndexOf("\r\n\r\n"u8);
        if (separator < 0)
        {
            return null;
        }

        var lines = Encoding.UTF8.GetString(datagram, 0, separator).Split("\r\n");
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

        var body = datagram[(separator + 4)..];
        var message = new SipText(lines[0], headers, body, Encoding.UTF8.GetString(datagram));
        if (message.Header("Content-Length") is { } length && int.TryParse(length, CultureInfo.InvariantCulture, out var count) && count <= body.Length)
        {
            return new SipText(lines[0], headers, body[..count], message.Raw);
        }

        return message;
    }

    public override string ToString() => Raw;
}
