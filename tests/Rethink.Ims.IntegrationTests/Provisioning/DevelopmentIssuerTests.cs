using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>The development issuer: its tokens take the ordinary ID-token path, through its JWKS served by the host.</summary>
public sealed class DevelopmentIssuerTests(SignedTokenFixture tokens) : IClassFixture<SignedTokenFixture>
{
    private static readonly Dictionary<string, string?> DevelopmentOnly = new()
    {
        ["Ims:EphemeralAuth:DevelopmentIssuer:Enabled"] = "true",
    };

    [Fact]
    public async Task Development_token_gets_a_credential_with_no_google_configuration()
    {
        await using var host = await CredentialServerHost.StartAsync(DevelopmentOnly);

        var token = await GetDevelopmentTokenAsync(host, "carol@example.org");
        using var response = await host.GetCredentialAsync("Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("sip:carol@example.org", json.RootElement.GetProperty("sipUri").GetString());
    }

    [Fact]
    public async Task Jwks_endpoint_publishes_the_development_key()
    {
        await using var host = await CredentialServerHost.StartAsync(DevelopmentOnly);

        using var json = JsonDocument.Parse(await host.Client.GetStringAsync(new Uri("/dev/jwks", UriKind.Relative)));

        var key = json.RootElement.GetProperty("keys").EnumerateArray().Single();
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.False(key.TryGetProperty("d", out _), "the private exponent must never be published");
    }

    [Fact]
    public async Task Development_and_configured_issuers_are_both_accepted_when_both_are_on()
    {
        var config = tokens.TrustingConfiguration();
        config["Ims:EphemeralAuth:DevelopmentIssuer:Enabled"] = "true";
        await using var host = await CredentialServerHost.StartAsync(config);

        using var development = await host.GetCredentialAsync("Bearer " + await GetDevelopmentTokenAsync(host, "dave@example.com"));
        using var configured = await host.GetCredentialAsync("Bearer " + tokens.Token());

        Assert.Equal(HttpStatusCode.OK, development.StatusCode);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
    }

    [Fact]
    public async Task Development_token_is_refused_by_a_host_whose_development_issuer_is_off()
    {
        string token;
        await using (var devHost = await CredentialServerHost.StartAsync(DevelopmentOnly))
        {
            token = await GetDevelopmentTokenAsync(devHost, "mallory@example.com");
        }

        await using var host = await CredentialServerHost.StartAsync(tokens.TrustingConfiguration());
        using var response = await host.GetCredentialAsync("Bearer " + token);

        // The signature is checked before any claim, and this host does not know the development key.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await CredentialEndpointTests.AssertProblemAsync(response, "bad-signature");
    }

    [Fact]
    public async Task Token_request_without_a_valid_email_gets_400()
    {
        await using var host = await CredentialServerHost.StartAsync(DevelopmentOnly);

        using var response = await host.Client.GetAsync(new Uri("/dev/token?email=not-an-address", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    internal static async Task<string> GetDevelopmentTokenAsync(CredentialServerHost host, string email)
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>(new Uri($"/dev/token?email={Uri.EscapeDataString(email)}", UriKind.Relative));
        return body.GetProperty("id_token").GetString()!;
    }
}
