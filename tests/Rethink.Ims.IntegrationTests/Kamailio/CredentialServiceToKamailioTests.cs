using System.Net;
using System.Text.Json;
using Rethink.Ims.IntegrationTests.Provisioning;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// The whole first slice: a token from the development issuer, a credential from GET /credential, and a REGISTER
/// with it to a real Kamailio with auth_ephemeral sharing the secret.
/// </summary>
[Collection(KamailioCollection.Name)]
public sealed class CredentialServiceToKamailioTests(KamailioFixture kamailio)
{
    [Fact]
    public async Task Credential_from_the_endpoint_registers_with_kamailio()
    {
        var server = await kamailio.GetAsync(new KamailioConfig { SecretsNewestFirst = [CredentialServerHost.Secret] });
        await using var host = await CredentialServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ims:EphemeralAuth:DevelopmentIssuer:Enabled"] = "true",
        });

        var token = await DevelopmentIssuerTests.GetDevelopmentTokenAsync(host, "alice@" + KamailioConfig.Domain);
        using var response = await host.GetCredentialAsync("Bearer " + token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var digestUser = json.RootElement.GetProperty("authorizationUser").GetString()!;
        var password = json.RootElement.GetProperty("password").GetString()!;

        var outcome = await server.RegisterAsync(digestUser, password);

        KamailioAssert.Registered(server, outcome);
    }

    [Fact]
    public async Task Credential_signed_with_another_secret_is_refused_by_kamailio_as_wrong_password()
    {
        var server = await kamailio.GetAsync(new KamailioConfig());
        await using var host = await CredentialServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ims:EphemeralAuth:DevelopmentIssuer:Enabled"] = "true",
        });

        var token = await DevelopmentIssuerTests.GetDevelopmentTokenAsync(host, "alice@" + KamailioConfig.Domain);
        using var response = await host.GetCredentialAsync("Bearer " + token);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var outcome = await server.RegisterAsync(
            json.RootElement.GetProperty("authorizationUser").GetString()!, json.RootElement.GetProperty("password").GetString()!);

        KamailioAssert.Rechallenged(server, outcome, rc: -2);
    }
}
