using System.Security.Cryptography;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// The <c>o=</c> line: <c>o=username sess-id sess-version nettype addrtype address</c>. Every field is
/// kept as text so that any well-formed value (a 64-bit id, leading zeros) round-trips exactly.
/// </summary>
public sealed record SdpOrigin
{
    private readonly string username = "-";
    private readonly string sessionId = "0";
    private readonly string sessionVersion = "0";
    private readonly string networkType = "IN";
    private readonly string addressType = "IP4";
    private readonly string address = "0.0.0.0";

    /// <summary>Creates an origin; throws <see cref="ArgumentException"/> for a field with spaces or line breaks.</summary>
    public SdpOrigin(string username, string sessionId, string sessionVersion, string networkType, string addressType, string address)
    {
        Username = username;
        SessionId = sessionId;
        SessionVersion = sessionVersion;
        NetworkType = networkType;
        AddressType = addressType;
        Address = address;
    }

    /// <summary>The user's login on the originating host, or <c>-</c>.</summary>
    public string Username { get => username; init => username = SdpSyntax.RequireWord(value, nameof(Username)); }

    /// <summary>The numeric session id (RFC 8866 recommends an NTP timestamp or a random number).</summary>
    public string SessionId { get => sessionId; init => sessionId = SdpSyntax.RequireWord(value, nameof(SessionId)); }

    /// <summary>The version, increased on every change of the description (RFC 3264 §8).</summary>
    public string SessionVersion { get => sessionVersion; init => sessionVersion = SdpSyntax.RequireWord(value, nameof(SessionVersion)); }

    /// <summary>Network type, <c>IN</c>.</summary>
    public string NetworkType { get => networkType; init => networkType = SdpSyntax.RequireWord(value, nameof(NetworkType)); }

    /// <summary>Address type, <c>IP4</c> or <c>IP6</c>.</summary>
    public string AddressType { get => addressType; init => addressType = SdpSyntax.RequireWord(value, nameof(AddressType)); }

    /// <summary>The originating host's address or name.</summary>
    public string Address { get => address; init => address = SdpSyntax.RequireWord(value, nameof(Address)); }

    /// <summary>
    /// A fresh origin for a new session: username <c>-</c>, a random 62-bit session id, version 1,
    /// and the address type guessed from <paramref name="address"/> (a colon means IPv6).
    /// </summary>
    public static SdpOrigin Create(string address)
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        var id = BitConverter.ToUInt64(random) >> 2;
        return new SdpOrigin("-", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1", "IN",
            SdpConnection.AddressTypeOf(address), address);
    }

    /// <summary>
    /// The same origin with <see cref="SessionVersion"/> increased by one (RFC 3264 §8: every new offer
    /// or answer in a session carries a higher version). Works on decimal text of any length; a version
    /// that is not decimal digits restarts at 1.
    /// </summary>
    public SdpOrigin WithNextVersion()
    {
        var digits = sessionVersion.ToCharArray();
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return this with { SessionVersion = "1" };
            }
        }

        var i = digits.Length - 1;
        while (i >= 0 && digits[i] == '9')
        {
            digits[i] = '0';
            i--;
        }

        if (i >= 0)
        {
            digits[i]++;
            return this with { SessionVersion = new string(digits) };
        }

        return this with { SessionVersion = "1" + new string(digits) };
    }
}
