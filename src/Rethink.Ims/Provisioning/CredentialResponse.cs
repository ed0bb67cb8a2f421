using System.Text.Json.Serialization;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// The body of a successful <c>GET /credential</c>. The first four members are the original service's
/// shape (and the TURN REST draft's); the others are additions a modern client can use and an old one ignores.
/// </summary>
public sealed record CredentialResponse
{
    /// <summary><c>&lt;expiry&gt;:&lt;user&gt;@&lt;domain&gt;</c>: the signed username with the domain appended, as the original service returned it.</summary>
    [JsonPropertyName("username")]
    public required string Username { get; init; }

    /// <summary>The ephemeral password: base64 of the HMAC of <see cref="AuthorizationUser"/>.</summary>
    [JsonPropertyName("password")]
    public required string Password { get; init; }

    /// <summary>Seconds the credential stays valid.</summary>
    [JsonPropertyName("ttl")]
    public required int Ttl { get; init; }

    /// <summary>The SIP server URIs to connect to.</summary>
    [JsonPropertyName("uris")]
    public required IReadOnlyList<string> Uris { get; init; }

    /// <summary>The address of record to register, e.g. <c>sip:alice@example.com</c>.</summary>
    [JsonPropertyName("sipUri")]
    public required string SipUri { get; init; }

    /// <summary>The digest username: exactly the signed text, e.g. <c>1700086400:alice</c>.</summary>
    [JsonPropertyName("authorizationUser")]
    public required string AuthorizationUser { get; init; }

    /// <summary>The digest realm to answer challenges in.</summary>
    [JsonPropertyName("realm")]
    public required string Realm { get; init; }

    /// <summary>When the credential expires (it is valid up to and including this second).</summary>
    [JsonPropertyName("expires")]
    public required DateTimeOffset Expires { get; init; }

    /// <summary>TURN servers in <c>RTCIceServer</c> shape, when configured.</summary>
    [JsonPropertyName("iceServers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<IceServer>? IceServers { get; init; }
}
