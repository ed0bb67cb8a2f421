using System.Net;
using System.Text.Json;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>TURN servers in the credential response, with TURN REST credentials a coturn would accept.</summary>
public sealed class TurnServerTests(SignedTokenFixture tokens) : IClassFixture<SignedTokenFixture>
{
    [Fact]
    public async Task Configured_turn_servers_come_with_a_turn_rest_credential_under_the_turn_secret()
    {
        const string turnSecret = "turn-shared-secret";
        var config = tokens.TrustingConfiguration();
        config["Ims:EphemeralAuth:Turn:Uris:0"] = "turn:127.0.0.1:3478?transport=udp";
        config["Ims:EphemeralAuth:Turn:Secret"] = turnSecret;
        config["Ims:EphemeralAuth:Turn:TtlSeconds"] = "600";
        await using var host = await CredentialServerHost.StartAsync(config);

        using var response = await host.GetCredentialAsync("Bearer " + tokens.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var server = json.RootElement.GetProperty("iceServers").EnumerateArray().Single();
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp"], server.GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        var username = server.GetProperty("username").GetString()!;
        Assert.EndsWith(":alice@example.com", username, StringComparison.Ordinal);

        var turn = new TurnRestCredentials(new SecretRing([turnSecret]), new TurnRestOptions(), TimeProvider.System);
        Assert.Equal(EphemeralCheckResult.Valid, turn.Verify(username, server.GetProperty("credential").GetString()));
        var sipSecretRing = new TurnRestCredentials(new SecretRing([CredentialServerHost.Secret]), new TurnRestOptions(), TimeProvider.System);
        Assert.Equal(EphemeralCheckResult.WrongPassword, sipSecretRing.Verify(username, server.GetProperty("credential").GetString()));
    }
}
