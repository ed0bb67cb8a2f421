using System.Text.Json.Serialization;

namespace Rethink.Ims.Provisioning;

/// <summary>A TURN server with its credential, in the shape of WebRTC's <c>RTCIceServer</c>.</summary>
/// <param name="Urls">The TURN URIs.</param>
/// <param name="Username">The TURN REST username (<c>&lt;expiry&gt;:&lt;user&gt;</c>).</param>
/// <param name="Credential">The TURN REST password.</param>
public sealed record IceServer(
    [property: JsonPropertyName("urls")] IReadOnlyList<string> Urls,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("credential")] string Credential);
