using System.Text.Json.Serialization;

namespace Rethink.Ims.Provisioning;

/// <summary>The body of <c>GET /dev/token</c>: an ID token in the shape of an OAuth token response.</summary>
/// <param name="IdToken">The signed ID token, to send as <c>Authorization: Bearer</c>.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until the token expires.</param>
public sealed record DevelopmentTokenResponse(
    [property: JsonPropertyName("id_token")] string IdToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
