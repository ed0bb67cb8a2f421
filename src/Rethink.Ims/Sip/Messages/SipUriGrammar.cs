namespace Rethink.Ims.Sip.Messages;

/// <summary>Scanners for the URI parts of RFC 3261 §25 that several types need.</summary>
internal static class SipUriGrammar
{
    /// <summary>Scans user characters and %HH escapes; returns the end, or -1 on a bad escape.</summary>
    internal static int ScanUser(ReadOnlySpan<byte> s, int i) => SipSyntax.ScanEscaped(s, i, SipSyntax.User);

    /// <summary>Scans password characters and %HH escapes; returns the end, or -1 on a bad escape.</summary>
    internal static int ScanPassword(ReadOnlySpan<byte> s, int i) => SipSyntax.ScanEscaped(s, i, SipSyntax.Password);

    /// <summary>
    /// Scans <c>*( ";" pname [ "=" pvalue ] )</c> from <paramref name="i"/>; returns the index of the
    /// first byte after the parameters (a '?' or the end), or -1 when a parameter is malformed.
    /// </summary>
    internal static int ScanUriParameters(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] == ';')
        {
            var nameStart = i + 1;
            i = ScanParamChars(s, nameStart);
            if (i <= nameStart)
            {
                return -1;
            }

            if (i < s.Length && s[i] == '=')
            {
                var valueStart = i + 1;
                i = ScanParamChars(s, valueStart);
                if (i <= valueStart)
                {
                    return -1;
                }
            }
        }

        return i;
    }

    private static int ScanParamChars(ReadOnlySpan<byte> s, int i) => SipSyntax.ScanEscaped(s, i, SipSyntax.Param);

    /// <summary>Scans <c>hname "=" hvalue *( "&amp;" hname "=" hvalue )</c>; returns the end or -1.</summary>
    internal static int ScanUriHeaders(ReadOnlySpan<byte> s, int i)
    {
        while (true)
        {
            var nameStart = i;
            i = ScanHeaderChars(s, i);
            if (i <= nameStart || i >= s.Length || s[i] != '=')
            {
                return -1;
            }

            i = ScanHeaderChars(s, i + 1);
            if (i < 0)
            {
                return -1;
            }

            if (i < s.Length && s[i] == '&')
            {
                i++;
                continue;
            }

            return i;
        }
    }

    private static int ScanHeaderChars(ReadOnlySpan<byte> s, int i) => SipSyntax.ScanEscaped(s, i, SipSyntax.HeaderChar);

    /// <summary>
    /// Scans header parameters <c>*( SEMI generic-param )</c> that must run to the end of
    /// <paramref name="s"/>; gen-value = token / host / quoted-string. LWS is allowed around ';' and '='.
    /// </summary>
    internal static bool IsValidHeaderParameters(ReadOnlySpan<byte> s, int i)
    {
        var unused = default(SipKnownParams);
        return IsValidHeaderParameters(s, i, ref unused);
    }

    /// <summary>Like <see cref="IsValidHeaderParameters(ReadOnlySpan{byte}, int)"/>, recording the well-known parameters.</summary>
    internal static bool IsValidHeaderParameters(ReadOnlySpan<byte> s, int i, ref SipKnownParams known)
    {
        while (true)
        {
            i = SipSyntax.SkipLws(s, i);
            if (i >= s.Length)
            {
                return true;
            }

            if (s[i] != ';')
            {
                return false;
            }

            i = SipSyntax.SkipLws(s, i + 1);
            var nameStart = i;
            i = SipSyntax.ScanToken(s, i);
            if (i == nameStart)
            {
                return false;
            }

            var nameEnd = i;
            var afterName = SipSyntax.SkipLws(s, i);
            if (afterName < s.Length && s[afterName] == '=')
            {
                i = SipSyntax.SkipLws(s, afterName + 1);
                if (i >= s.Length)
                {
                    return false;
                }

                var valueStart = i;
                if (s[i] == '"')
                {
                    i = SipSyntax.ScanQuoted(s, i);
                    if (i < 0)
                    {
                        return false;
                    }
                }
                else
                {
                    while (i < s.Length && SipSyntax.IsGenValue(s[i]))
                    {
                        i++;
                    }

                    if (i == valueStart)
                    {
                        return false;
                    }
                }

                known.Record(s[nameStart..nameEnd], valueStart, i - valueStart);
            }
            else
            {
                known.Record(s[nameStart..nameEnd], nameEnd, 0);
                i = afterName;
            }
        }
    }
}
