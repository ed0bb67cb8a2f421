using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Rethink.Ims.Media.Control;

/// <summary>
/// The <c>received-from</c> key: where the SIP message came from, as the SIP proxy saw it. Kamailio 5.6
/// always sends it for offer, answer, delete and query.
/// </summary>
/// <param name="Family">The address family as sent: <c>IP4</c> or <c>IP6</c>.</param>
/// <param name="Address">The source address as sent.</param>
public sealed record NgReceivedFrom(string Family, string Address)
{
    /// <summary>The address, when it parses as an IP address.</summary>
    public bool TryGetAddress([NotNullWhen(true)] out IPAddress? address) => IPAddress.TryParse(Address, out address);
}
