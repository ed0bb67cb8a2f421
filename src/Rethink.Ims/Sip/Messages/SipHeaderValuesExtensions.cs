using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>Helpers for token lists (Supported, Require, Proxy-Require, Unsupported, Allow).</summary>
public static class SipHeaderValuesExtensions
{
    /// <summary>
    /// True when the list holds <paramref name="token"/>. Exact by default: methods in Allow are
    /// case-sensitive (RFC 3261 §7.1); pass <paramref name="ignoreCase"/> for option tags if wanted.
    /// </summary>
    public static bool Contains(this SipHeaderValues<SipToken> tokens, ReadOnlySpan<byte> token, bool ignoreCase = false)
    {
        foreach (var t in tokens)
        {
            if (ignoreCase ? t.Text.EqualsIgnoreCase(token) : t.Text.Equals(token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the list holds <paramref name="token"/> (see the span overload).</summary>
    public static bool Contains(this SipHeaderValues<SipToken> tokens, string token, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(token);
        return tokens.Contains(Encoding.UTF8.GetBytes(token), ignoreCase);
    }
}
