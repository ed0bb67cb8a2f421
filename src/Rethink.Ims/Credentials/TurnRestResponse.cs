using System.Text.Json.Serialization;

namespace Rethink.Ims.Credentials;

/// <summary>
/// The TURN REST API draft's response: <c>{"username": "...", "password": "...", "ttl": 86400, "uris": [...]}</c>.
/// The original credential service answered in the same shape with SIP URIs in <c>uris</c>.
/// </summary>
/// <param name="Username">The signed username, e.g. <c>1700086400:alice</c>.</param>
/// <param name="Password">Base64 HMAC of the username.</param>
/// <param name="Ttl">Lifetime in seconds, as issued.</param>
/// <param name="Uris">Server URIs the credential is for.</param>
public sealed record TurnRestResponse(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("ttl")] long Ttl,
    [property: JsonPropertyName("uris")] IReadOnlyList<string> Uris)
{
    /// <summary>Shows everything but the password, so a response can be logged.</summary>
    public override string ToString() =>
        $"TurnRestResponse {{ Username = {Username}, Ttl = {Ttl}, Uris = [{string.Join(", ", Uris)}] }}";
}
