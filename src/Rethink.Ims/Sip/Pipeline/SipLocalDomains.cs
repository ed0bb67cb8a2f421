using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// The domains this server is responsible for (<c>Ims:Sip:Domains</c>): Kamailio's <c>myself</c> for the relay and
/// authentication policy. Host names compare case-insensitively; ports and parameters are ignored.
/// </summary>
public sealed class SipLocalDomains
{
    private readonly string[] _domains;

    /// <summary>Creates the set from <paramref name="domains"/>; blank entries are skipped.</summary>
    public SipLocalDomains(IEnumerable<string> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        _domains = [.. domains.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim())];
    }

    /// <summary>Creates the set from <see cref="SipServerOptions.Domains"/>.</summary>
    public SipLocalDomains(IOptions<SipServerOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value.Domains)
    {
    }

    /// <summary>The domains, as configured.</summary>
    public IReadOnlyList<string> Domains => _domains;

    /// <summary>The first domain (the default realm), or null when none is configured.</summary>
    public string? Default => _domains.Length > 0 ? _domains[0] : null;

    /// <summary>True when <paramref name="uri"/> is a sip/sips URI whose host is one of the domains.</summary>
    public bool IsLocal(SipUri uri) => uri.IsSip && IsLocalHost(uri.Host);

    /// <summary>True when <paramref name="host"/> is one of the domains (case-insensitive).</summary>
    public bool IsLocalHost(SipText host)
    {
        foreach (var domain in _domains)
        {
            if (host.EqualsIgnoreCase(domain))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The configured spelling of <paramref name="host"/> when it is local, else null.</summary>
    public string? Find(SipText host)
    {
        foreach (var domain in _domains)
        {
            if (host.EqualsIgnoreCase(domain))
            {
                return domain;
            }
        }

        return null;
    }

    /// <summary>
    /// Kamailio's <c>myself</c>: <paramref name="uri"/> is a sip/sips URI whose host is one of the domains or the local
    /// address <paramref name="flow"/> received the request on.
    /// </summary>
    public bool IsMyself(SipUri uri, SipFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (!uri.IsSip)
        {
            return false;
        }

        var host = uri.Host;
        if (IsLocalHost(host))
        {
            return true;
        }

        var span = host.Span;
        if (span.Length > 2 && span[0] == (byte)'[' && span[^1] == (byte)']')
        {
            span = span[1..^1];
        }

        if (span.IsEmpty || span.Length > 45)
        {
            return false;
        }

        Span<char> chars = stackalloc char[45];
        var count = Encoding.ASCII.GetChars(span, chars);
        return IPAddress.TryParse(chars[..count], out var address) && address.Equals(flow.LocalEndPoint.Address);
    }
}
