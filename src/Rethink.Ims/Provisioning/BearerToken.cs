namespace Rethink.Ims.Provisioning;

/// <summary>
/// Reads the bearer token from an <c>Authorization</c> header value. Accepts <c>Bearer TOKEN</c> and the
/// original browser client's <c>Bearer: TOKEN</c>; the scheme is case-insensitive.
/// </summary>
internal static class BearerToken
{
    public static bool TryRead(string? header, out string token)
    {
        token = string.Empty;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var value = header.AsSpan().Trim();
        var space = value.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return false;
        }

        var scheme = value[..space];
        if (scheme.EndsWith(':'))
        {
            scheme = scheme[..^1];
        }

        var rest = value[(space + 1)..].Trim();
        if (!scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || rest.IsEmpty || rest.IndexOfAny(' ', '\t') >= 0)
        {
            return false;
        }

        token = rest.ToString();
        return true;
    }
}
