namespace Rethink.Ims.Identity;

/// <summary>Shared checks for the identity options validators.</summary>
internal static class EndpointRules
{
    /// <summary>
    /// An endpoint must be absolute http(s), without user info or fragment; plain http only to a loopback host,
    /// since keys or identities fetched over a network without TLS could be forged.
    /// </summary>
    public static void CheckUrl(Uri? url, string name, List<string> failures)
    {
        if (url is null)
        {
            failures.Add($"{name} is required.");
            return;
        }

        if (!url.IsAbsoluteUri)
        {
            failures.Add($"{name} must be an absolute URL.");
            return;
        }

        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            failures.Add($"{name} must use https (plain http is allowed only to a loopback host).");
        }

        if (url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            failures.Add($"{name} must not contain user info or a fragment.");
        }
    }

    public static void CheckEntries(IEnumerable<string> entries, string name, List<string> failures)
    {
        if (entries.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{name} contains a blank entry.");
        }
    }
}
