namespace Rethink.Ims.Sip.Messages;

/// <summary>Scanners for the URI parts of RFC 3261 §25 that several types need.</summary>
internal static class SipUriGrammar
{
    /// <summary>Scans user characters and %HH escapes; returns the end, or -1 on a bad escape.</summary>
    internal static int ScanUser(ReadOnlySpan<byte> s, int i) => SipSyntax.ScanEscaped(s, i, SipSyntax.User, SipSyntax.UserNibbles);

    /// <summary>Scans password characters and %HH escapes; returns the end, or -1 on a bad escape.</summary>
    internal static int ScanPassword(ReadOnlySpan<byte> s, int i) => SipSyntax.ScanEscaped(s, i, SipSyntax.Password, SipSyntax.PasswordNibbles);

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

    /// <summary>
    /// Like <see cref="ScanUriParameters(ReadOnlySpan{byte}, int)"/>, recording where the first transport
    /// parameter's value sits and whether an lr parameter is present. <paramref name="escapedName"/> is
    /// true when some name holds an escape: such a name may spell "transport" or "lr", so the slots
    /// are not to be trusted and readers search instead.
    /// </summary>
    internal static int ScanUriParameters(ReadOnlySpan<byte> s, int i, out SipParamSlot transport, out bool lr, out bool escapedName)
    {
        transport = default;
        lr = false;
        escapedName = false;
        while (i < s.Length && s[i] == ';')
        {
            var nameStart = i + 1;
            i = ScanParamChars(s, nameStart);
            if (i <= nameStart)
            {
                return -1;
            }

            var nameLength = i - nameStart;
            var valueStart = i;
            if (i < s.Length && s[i] == '=')
            {
                valueStart = i + 1;
                i = ScanParamChars(s, valueStart);
                if (i <= valueStart)
                {
                    return -1;
                }
            }

            var name = s.Slice(nameStart, nameLength);
            if (nameLength == 9 && !transport.IsPresent && SipSyntax.EqualsFolded(name, "transport"u8))
            {
                transport = new SipParamSlot(valueStart, i - valueStart);
            }
            else if (nameLength == 2 && SipSyntax.EqualsFolded(name, "lr"u8))
            {
                lr = true;
            }
            else if (nameLength > 2 && name.Contains((byte)'%'))
            {
                escapedName = true;
            }
        }

        return i;
    }

    private static int ScanParamChars(ReadOnlySpan<byte> s, int i) => SipSyntax.ScanEscaped(s, i, SipSyntax.Param, SipSyntax.ParamNibbles);

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

    private static int ScanHeaderChars(ReadOnlySpan<byte> s, int i) => SipSyntax.ScanEscaped(s, i, SipSyntax.HeaderChar, SipSyntax.HeaderCharNibbles);

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
            i = SipSyntax.ScanTokenRun(s, i);
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
                    i = SipSyntax.ScanClass(s, i, SipSyntax.GenValue, SipSyntax.GenValueNibbles);

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
