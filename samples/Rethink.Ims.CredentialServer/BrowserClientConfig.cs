using System.Text.Json.Serialization;
using Rethink.Ims.Provisioning;

namespace Rethink.Ims.CredentialServer;

/// <summary>What the page needs to know before it signs in: the body of <c>GET /client-config.json</c>.</summary>
internal sealed record BrowserClientConfig
{
    /// <summary>Where the page fetches its credential.</summary>
    [JsonPropertyName("credentialUrl")]
    public string CredentialUrl { get; init; } = "/credential";

    /// <summary>True when <c>/dev/token</c> issues tokens (development only).</summary>
    [JsonPropertyName("developmentIssuer")]
    public bool DevelopmentIssuer { get; init; }

    /// <summary>The Google OAuth client id for Google Identity Services, or null when Google sign-in is off.</summary>
    [JsonPropertyName("googleClientId")]
    public string? GoogleClientId { get; init; }

    /// <summary><c>IdToken</c> (Sign in with Google) or <c>AccessToken</c> (OAuth token client, as the original client).</summary>
    [JsonPropertyName("tokenType")]
    public string TokenType { get; init; } = nameof(IdentityTokenType.IdToken);

    /// <summary>The SIP WebSocket to register with; null = the first ws/wss URI of the credential.</summary>
    [JsonPropertyName("sipWebSocketUrl")]
    public string? SipWebSocketUrl { get; init; }

    /// <summary>The SIP domain, when configured (otherwise the credential's domain is used).</summary>
    [JsonPropertyName("sipDomain")]
    public string? SipDomain { get; init; }

    /// <summary>
    /// True when the page announces only 127.0.0.1 host candidates (everything on one machine, tests): media stays on
    /// loopback.
    /// </summary>
    [JsonPropertyName("loopbackMedia")]
    public bool LoopbackMedia { get; init; }

    /// <summary>
    /// Reads <c>BrowserClient:SipWebSocketUrl</c>, <c>BrowserClient:GoogleClientId</c>,
    /// <c>BrowserClient:SipDomain</c> and <c>BrowserClient:LoopbackMedia</c>, falling back to the credential service's own settings.
    /// </summary>
    public static BrowserClientConfig From(EphemeralAuthOptions auth, IConfiguration configuration)
    {
        var section = configuration.GetSection("BrowserClient");
        var tokenType = auth.TokenType;
        var audiences = tokenType == IdentityTokenType.AccessToken ? "Ims:EphemeralAuth:AccessToken:Audiences:0" : "Ims:EphemeralAuth:IdToken:Audiences:0";
        var googleClientId = section["GoogleClientId"] ?? configuration[audiences];
        var webSocket = section["SipWebSocketUrl"]
            ?? auth.Uris.FirstOrDefault(u => u.StartsWith("ws://", StringComparison.OrdinalIgnoreCase) || u.StartsWith("wss://", StringComparison.OrdinalIgnoreCase));
        return new BrowserClientConfig
        {
            DevelopmentIssuer = auth.DevelopmentIssuer.Enabled,
            GoogleClientId = string.IsNullOrWhiteSpace(googleClientId) ? null : googleClientId,
            TokenType = tokenType.ToString(),
            SipWebSocketUrl = webSocket,
            SipDomain = section["SipDomain"] ?? auth.Domain,
            LoopbackMedia = section.GetValue("LoopbackMedia", false),
        };
    }
}
