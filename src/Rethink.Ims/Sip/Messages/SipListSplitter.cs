namespace Rethink.Ims.Sip.Messages;

/// <summary>Splits a header value at top-level commas: never inside a quoted-string or between &lt; and &gt;.</summary>
internal static class SipListSplitter
{
    /// <summary>
    /// Finds the next element from <paramref name="pos"/>; the element is trimmed of LWS. Returns false
    /// when the value is exhausted. An all-blank value has no element; "a,,b" has an empty middle one.
    /// </summary>
    internal static bool Next(ReadOnlySpan<byte> s, ref int pos, out int start, out int length)
    {
        start = 0;
        length = 0;
        if (pos > s.Length)
        {
            return false;
        }

        if (pos == 0)
        {
            if (SipSyntax.SkipLws(s, 0) == s.Length)
            {
                pos = s.Length + 1;
                return false;
            }

            // Most values hold no comma at all: one element, found with one search.
            if (s.IndexOf((byte)',') < 0)
            {
                (start, length) = SipSyntax.TrimRange(s, 0, s.Length);
                pos = s.Length + 1;
                return true;
            }
        }

        var i = pos;
        while (true)
        {
            var n = s[i..].IndexOfAny(SipSyntax.ListSpecials);
            if (n < 0)
            {
                i = s.Length;
                break;
            }

            i += n;
            var c = s[i];
            if (c == ',')
            {
                break;
            }

            if (c == '"')
            {
                var close = SipSyntax.ScanQuoted(s, i);
                if (close < 0)
                {
                    i = s.Length;
                    break;
                }

                i = close;
            }
            else if (c == '<')
            {
                var close = s[i..].IndexOf((byte)'>');
                if (close < 0)
                {
                    i = s.Length;
                    break;
                }

                i += close + 1;
            }
            else
            {
                i++;
            }
        }

        (start, length) = SipSyntax.TrimRange(s, pos, i);
        pos = i + 1;
        return true;
    }
}
