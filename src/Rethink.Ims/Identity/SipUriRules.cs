namespace Rethink.Ims.Identity;

/// <summary>Which e-mail parts can stand, unescaped, as the user and host of a SIP URI (RFC 3261 section 25.1).</summary>
internal static class SipUriRules
{
    /// <summary>Longest local part of an e-mail address (RFC 5321 4.5.3.1.1).</summary>
    public const int MaxUserLength = 64;

    /// <summary>Longest domain name (RFC 1035, without the trailing dot).</summary>
    public const int MaxDomainLength = 253;

    /// <summary>
    /// <c>user = 1*( unreserved / escaped / user-unreserved )</c> without <c>escaped</c>: ASCII letters and digits,
    /// the marks <c>- _ . ! ~ * ' ( )</c> and <c>&amp; = + $ , ; ? /</c>.
    /// </summary>
    public static bool IsUser(ReadOnlySpan<char> user)
    {
        if (user.IsEmpty || user.Length > MaxUserLength)
        {
            return false;
        }

        foreach (var c in user)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "-_.!~*'()&=+$,;?/".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A DNS host name: dot-separated labels of 1 to 63 ASCII letters, digits and hyphens, not starting or ending
    /// with a hyphen. IP literals and internationalised (non-ASCII) names are not accepted.
    /// </summary>
    public static bool IsDomain(ReadOnlySpan<char> domain)
    {
        if (domain.IsEmpty || domain.Length > MaxDomainLength)
        {
            return false;
        }

        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
