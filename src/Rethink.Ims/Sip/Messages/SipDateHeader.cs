using System.Globalization;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// The text of a Date header (RFC 3261 §20.17, RFC 1123 form) for a time, made once per second: a registrar answering
/// thousands of REGISTERs a second would otherwise format the same text for each. Thread-safe.
/// </summary>
internal sealed class SipDateHeader
{
    private Formatted _last = new(long.MinValue, string.Empty);

    /// <summary>The Date value for <paramref name="time"/>, e.g. <c>Fri, 27 Nov 2026 03:50:00 GMT</c>.</summary>
    public string Format(DateTimeOffset time)
    {
        var second = time.ToUnixTimeSeconds();
        var last = Volatile.Read(ref _last);
        if (last.Second == second)
        {
            return last.Text;
        }

        var text = time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        Volatile.Write(ref _last, new Formatted(second, text));
        return text;
    }

    private sealed record Formatted(long Second, string Text);
}
