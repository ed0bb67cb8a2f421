namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// A <c>c=</c> line: <c>c=nettype addrtype connection-address</c>. The address is kept whole, including a
/// multicast <c>/ttl/count</c> suffix, so it round-trips exactly; <see cref="Host"/> gives the bare address.
/// </summary>
public sealed record SdpConnection
{
    private readonly string networkType = "IN";
    private readonly string addressType = "IP4";
    private readonly string address = "0.0.0.0";

    /// <summary>Creates a connection line; throws <see cref="ArgumentException"/> for a field with spaces or line breaks.</summary>
    public SdpConnection(string networkType, string addressType, string address)
    {
        NetworkType = networkType;
        AddressType = addressType;
        Address = address;
    }

    /// <summary>Network type, <c>IN</c>.</summary>
    public string NetworkType { get => networkType; init => networkType = SdpSyntax.RequireWord(value, nameof(NetworkType)); }

    /// <summary>Address type, <c>IP4</c> or <c>IP6</c>.</summary>
    public string AddressType { get => addressType; init => addressType = SdpSyntax.RequireWord(value, nameof(AddressType)); }

    /// <summary>The connection address as written, for example <c>203.0.113.5</c> or <c>224.2.36.42/127</c>.</summary>
    public string Address { get => address; init => address = SdpSyntax.RequireWord(value, nameof(Address)); }

    /// <summary>The address without a multicast <c>/ttl</c> or <c>/count</c> suffix.</summary>
    public string Host
    {
        get
        {
            var slash = address.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? address : address[..slash];
        }
    }

    /// <summary>An <c>IN IP4</c> or <c>IN IP6</c> connection for a unicast address (a colon means IPv6).</summary>
    public static SdpConnection ForAddress(string address) => new("IN", AddressTypeOf(address), address);

    /// <summary><c>IP6</c> when the address holds a colon, otherwise <c>IP4</c> (host names included).</summary>
    internal static string AddressTypeOf(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";
    }
}
