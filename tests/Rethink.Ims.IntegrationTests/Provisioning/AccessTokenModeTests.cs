using System.Net;
using System.Text.Json;
using Rethink.Ims.IntegrationTests.Identity;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>
/// The original service's mode: a Google access token checked with tokeninfo then userinfo (here a real Kestrel
/// answering as Google's endpoints do), sent the way the original browser client sent it.
/// </summary>
public sealed class AccessTokenModeTests
{
    private const string AccessToken = "ya29.a0AfH6SMBvalidtoken";

    [Fact]
    public async Task Original_client_request_with_an_access_token_gets_the_original_shape()
    {
        await using var google = await StartGoogleAsync();
        await using var host = await CredentialServerHost.StartAsync(AccessTokenConfiguration(google));

        using var response = await host.GetCredentialAsync("Bearer: " + AccessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Matches("^[0-9]+:bob@gmail.com$", json.RootElement.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Access_token_google_refuses_is_refused_with_googles_status()
    {
        await using var google = await StartGoogleAsync();
        await using var host = await CredentialServerHost.StartAsync(AccessTokenConfiguration(google));

        using var response = await host.GetCredentialAsync("Bearer ya29.somebodyelsestoken");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await CredentialEndpointTests.AssertProblemAsync(response, "provider-rejected");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, json.RootElement.GetProperty("providerStatus").GetInt32());
    }

    private static Task<GoogleImitation> StartGoogleAsync() => GoogleImitation.StartAsync(
        AccessToken,
        tokenInfo: """{"azp":"client.apps.googleusercontent.com","aud":"client.apps.googleusercontent.com","sub":"42","scope":"openid email","exp":"4102444800","expires_in":"3599","email":"bob@gmail.com","email_verified":"true"}""",
        userInfo: """{"sub":"42","email":"bob@gmail.com","email_verified":true}""");

    private static Dictionary<string, string?> AccessTokenConfiguration(GoogleImitation google) => new()
    {
        ["Ims:EphemeralAuth:TokenType"] = "AccessToken",
        ["Ims:EphemeralAuth:AccessToken:TokenInfoUrl"] = google.TokenInfoUrl.ToString(),
        ["Ims:EphemeralAuth:AccessToken:UserInfoUrl"] = google.UserInfoUrl.ToString(),
    };
}
