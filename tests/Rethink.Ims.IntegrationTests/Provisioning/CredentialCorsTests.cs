using System.Net;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>CORS of the credential endpoint, as a browser's preflight and request see it.</summary>
public sealed class CredentialCorsTests(SignedTokenFixture tokens) : IClassFixture<SignedTokenFixture>
{
    private const string AppOrigin = "https://app.example.com";

    [Fact]
    public async Task Preflight_from_an_allowed_origin_is_granted_for_get_with_authorization()
    {
        var config = tokens.TrustingConfiguration();
        config["Ims:EphemeralAuth:Cors:AllowedOrigins:0"] = AppOrigin;
        await using var host = await CredentialServerHost.StartAsync(config);

        using var response = await PreflightAsync(host, AppOrigin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(AppOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task By_default_no_origin_is_allowed()
    {
        await using var host = await CredentialServerHost.StartAsync(tokens.TrustingConfiguration());

        using var preflight = await PreflightAsync(host, AppOrigin);
        using var get = await host.GetCredentialAsync("Bearer " + tokens.Token(), AppOrigin);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Origin_not_in_the_list_is_not_allowed()
    {
        var config = tokens.TrustingConfiguration();
        config["Ims:EphemeralAuth:Cors:AllowedOrigins:0"] = AppOrigin;
        await using var host = await CredentialServerHost.StartAsync(config);

        using var response = await PreflightAsync(host, "https://evil.example.net");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Compatible_any_origin_setting_echoes_the_origin_with_credentials_as_the_original_service()
    {
        var config = tokens.TrustingConfiguration();
        config["Ims:EphemeralAuth:Cors:AllowAnyOrigin"] = "true";
        await using var host = await CredentialServerHost.StartAsync(config);

        using var response = await host.GetCredentialAsync("Bearer " + tokens.Token(), "https://anything.example.org");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://anything.example.org", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    private static Task<HttpResponseMessage> PreflightAsync(CredentialServerHost host, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/credential");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return host.Client.SendAsync(request);
    }
}
